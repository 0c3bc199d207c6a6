/** What the site may import of the staff context too: schemas and plain data, no Node built-in (see src/schemas.ts). */
export * from './moderation-schemas.js';
export * from './section-dates-schemas.js';
