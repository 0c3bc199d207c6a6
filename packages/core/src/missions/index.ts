/** The missions context's public face: other contexts and packages import from here only. */
export * from './mission-list.js';
export * from './mission-mails.js';
export * from './mission-management.js';
export * from './mission-record.js';
export * from './mission-schemas.js';
export * from './mission-reminders-job.js';
export * from './mission-service.js';
export * from './ports.js';
export * from './signup-service.js';
