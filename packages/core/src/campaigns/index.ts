/** The campaigns context's public face: other contexts and packages import from here only. */
export * from './campaign-figures.js';
export * from './campaign-headline.js';
export * from './campaign-record.js';
export * from './campaign-schemas.js';
export * from './campaign-service.js';
export * from './ports.js';
export * from './volunteer-mails.js';
export * from './volunteer-service.js';
