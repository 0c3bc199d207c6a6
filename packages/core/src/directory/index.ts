/** The directory context's public face: other contexts and packages import from here only. */
export * from './communes.js';
export * from './listing-mails.js';
export * from './listing-moderation.js';
export * from './listing-record.js';
export * from './listing-schemas.js';
export * from './listing-service.js';
export * from './listing-zone.js';
export * from './open-data.js';
export * from './ports.js';
export { whoDeliversPage, type WhoDeliversQuery } from './who-delivers.js';
