/**
 * Function groups without routes: fed by a schedule, a queue or mail rather than by the HTTP API.
 * Each is bundled once per synth like the HTTP groups (`functions/<group>/handler.ts`) and built
 * per tenant by the tenant stack, which wires its trigger.
 */
// The mail relay (issue 4): the queue's sender, the inbound relay, bounces and complaints (mail-relay.ts).
export const backgroundFunctionGroups = ['scheduled-jobs', 'mail-sender', 'inbound-mail', 'mail-events'] as const;
export type BackgroundFunctionGroup = (typeof backgroundFunctionGroups)[number];

/**
 * Groups of one function for the whole deployment, bundled the same way: the site's provider of
 * tenant routes (site-stack.ts) and the platform's mail dispatcher (mail-relay.ts).
 */
export const sharedFunctionGroups = ['tenant-routes', 'mail-dispatch'] as const;
export type SharedFunctionGroup = (typeof sharedFunctionGroups)[number];
