/** The alerts context's public face: other contexts and packages import from here only. */
export * from './alert-expiry.js';
export * from './alert-mails.js';
export * from './alert-record.js';
export * from './alert-schemas.js';
export * from './alert-service.js';
export * from './ports.js';
