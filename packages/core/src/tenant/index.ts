/** The tenant context's public face: other contexts and packages import from here only. */
export * from './categories.js';
export * from './sections.js';
export * from './tenant-config.js';
export * from './tenant-values.js';
export * from './request-schemas.js';
export * from './tenant-files.js';
export * from './checked-tenant-config.js';
