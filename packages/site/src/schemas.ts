/**
 * Core's shared schemas (zod, the API's own rules), loaded when a form is sent or a distance is
 * needed rather than with the page: the first render of a page stays light (a chunk of its own,
 * fetched once and cached).
 */
export const schemas = (): Promise<typeof import('@entraide/core/schemas')> => import('@entraide/core/schemas');
