/** What the site may import of the health-workers context: schemas and plain data, no Node built-in (see src/schemas.ts). */
export * from './health-worker-schemas.js';
