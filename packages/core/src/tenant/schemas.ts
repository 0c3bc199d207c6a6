/** What the site may import of the tenant context too: schemas and plain data, no Node built-in (see src/schemas.ts). */
export * from './categories.js';
export * from './sections.js';
export * from './tenant-config.js';
export * from './tenant-values.js';
export * from './request-schemas.js';
