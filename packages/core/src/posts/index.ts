/** The posts context's public face: other contexts and packages import from here only. */
export * from './entry-deps.js';
export * from './expiry-reminders.js';
export * from './health-offers.js';
export * from './ports.js';
export * from './post-mails.js';
export * from './post-mutation.js';
export * from './post-record.js';
export * from './post-schemas.js';
export * from './post-service.js';
