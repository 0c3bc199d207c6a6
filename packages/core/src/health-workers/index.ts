/** The health-workers context's public face: recognition of health workers, housing near the hospitals, who may contact their offers. */
export * from './contact-policy.js';
export * from './equipment-totals.js';
export * from './health-worker-schemas.js';
export * from './housing-search.js';
export * from './ports.js';
export * from './recognition-life.js';
export * from './recognition-mails.js';
export * from './recognition-record.js';
export * from './recognition-service.js';
