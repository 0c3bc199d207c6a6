/** The orientation context's public face: residents' wishes to help, and staff's suggestions. Other contexts and packages import from here only. */
export * from './orientation-mails.js';
export * from './orientation-schemas.js';
export * from './orientation-service.js';
export * from './ports.js';
export * from './wish-record.js';
export * from './wish-service.js';
