/** What the site may import of the alerts context too: schemas and plain data, no Node built-in (see src/schemas.ts). */
export * from './alert-schemas.js';
