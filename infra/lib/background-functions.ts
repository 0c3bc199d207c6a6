/**
 * Function groups without routes: fed by a schedule, a queue or mail rather than by the HTTP API.
 * Each is bundled once per synth like the HTTP groups (`functions/<group>/handler.ts`) and built
 * per tenant by the tenant stack, which wires its trigger.
 */
export const backgroundFunctionGroups = ['scheduled-jobs'] as const;
export type BackgroundFunctionGroup = (typeof backgroundFunctionGroups)[number];
