/** What the site may import of the orientation context: schemas and plain data, no Node built-in (see src/schemas.ts). */
export * from './orientation-schemas.js';
export type { StaffWishView } from './wish-record.js';
