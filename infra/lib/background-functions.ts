import type { FunctionGroup } from '@entraide/functions';

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
type SharedFunctionGroup = (typeof sharedFunctionGroups)[number];

/**
 * Groups a tenant has only where one of its sections needs them: the gallery's processing step
 * (sharp, shipped for Lambda's linux-arm64 in its asset: native-modules.ts) where a section is of
 * type `gallery`. Bundled once per synth like the others, whether any tenant uses it or not.
 */
export const sectionFunctionGroups = ['gallery-processing'] as const;
export type SectionFunctionGroup = (typeof sectionFunctionGroups)[number];

/** Every group's bundle of one synth. */
export type AnyFunctionGroup = FunctionGroup | BackgroundFunctionGroup | SharedFunctionGroup | SectionFunctionGroup;
