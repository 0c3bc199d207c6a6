/** What the site may import of the gallery context: schemas and plain data, no Node built-in (see src/schemas.ts). */
export * from './gallery-schemas.js';
export type { PublicDrawing } from './drawing-record.js';
