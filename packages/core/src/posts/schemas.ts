/** What the site may import of the posts context too: schemas and plain data, no Node built-in (see src/schemas.ts). */
export * from './post-schemas.js';
export * from './post-record.js';
