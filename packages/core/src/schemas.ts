/**
 * `@entraide/core/schemas`: the schemas and plain data the site validates with, the same as the
 * API's. Nothing reachable from here imports a Node built-in (a dependency rule checks it), so the
 * site's bundle needs no stub for them.
 */
export * from './shared/schemas.js';
export * from './tenant/schemas.js';
export * from './geo/schemas.js';
export * from './posts/schemas.js';
export * from './alerts/schemas.js';
export * from './relay/schemas.js';
export * from './staff/schemas.js';
export * from './campaigns/schemas.js';
export * from './gallery/schemas.js';
export * from './missions/schemas.js';
export * from './orientation/schemas.js';
export * from './directory/schemas.js';
export * from './stats/schemas.js';
export * from './health-workers/schemas.js';
