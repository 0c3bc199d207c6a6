/** The relay context's public face: other contexts and packages import from here only. */
export * from './aliases.js';
export * from './auto-replies.js';
export * from './follow-ups.js';
export * from './ports.js';
export * from './relay-counters.js';
export * from './relay-mails.js';
export * from './relay-privacy.js';
export * from './relay-records.js';
export * from './relay-retention.js';
export * from './relay-schemas.js';
export * from './relay-service.js';
export * from './relay-threads.js';
