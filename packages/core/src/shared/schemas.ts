/** What the site may import of the shared context too: schemas and plain data, no Node built-in (see src/schemas.ts). */
export * from './errors.js';
export * from './text.js';
export * from './validation.js';
export * from './ports.js';
export * from './links.js';
export * from './typed-text.js';
export * from './retention.js';
export * from './paging.js';
