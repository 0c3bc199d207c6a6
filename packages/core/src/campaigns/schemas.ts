/** What the site may import of the campaigns context too: schemas and plain data, no Node built-in (see src/schemas.ts). */
export * from './campaign-schemas.js';
export * from './campaign-figures.js';
