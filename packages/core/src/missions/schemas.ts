/** What the site may import of the missions context: schemas and plain data, no Node built-in (see src/schemas.ts). */
export * from './mission-schemas.js';
