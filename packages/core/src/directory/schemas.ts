/** What the site may import of the directory context too: schemas and plain data, no Node built-in (see src/schemas.ts). */
export * from './listing-schemas.js';
