/** What the site may import of the geo context too: schemas and plain data, no Node built-in (see src/schemas.ts). */
export * from './distance.js';
