/**
 * Core's shared schemas (zod, the API's own rules), loaded when a form is sent or a distance is
 * needed rather than with the page: the first render of a page stays light (a chunk of its own,
 * fetched once and cached).
 *
 * zod is told not to compile its parsers (`jitless`): to find out whether it may, it would try
 * `new Function` once, which the site's Content-Security-Policy (`script-src 'self'`, no
 * 'unsafe-eval') refuses and reports as a violation on every page that checks a form.
 */
let loaded: Promise<typeof import('@entraide/core/schemas')> | undefined;

export const schemas = (): Promise<typeof import('@entraide/core/schemas')> =>
  (loaded ??= import('zod').then((zod) => {
    // Before core's schemas load: set after them, the probe had already run (and was reported).
    zod.config({ jitless: true });
    return import('@entraide/core/schemas');
  }));
