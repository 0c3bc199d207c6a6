/** What the site may import of the relay context too: schemas and plain data, no Node built-in (see src/schemas.ts). */
export * from './relay-schemas.js';
export * from './relay-privacy.js';
