/** The staff context's public face: other contexts and packages import from here only. */
export * from './conversation-review-service.js';
export * from './staff-digest-job.js';
export * from './moderation-schemas.js';
export * from './mission-moderation-service.js';
export * from './moderation-rules.js';
export * from './moderation-service.js';
export * from './operator-report.js';
export * from './ports.js';
export * from './post-csv.js';
export * from './post-outcome-service.js';
export * from './staff-access-service.js';
export * from './staff-post-search.js';
export * from './staff-post-view.js';
export * from './staff-report-service.js';
export * from './team-service.js';
export * from './section-dates-schemas.js';
export * from './section-dates-service.js';
