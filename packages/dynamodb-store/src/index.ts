export * from './create-table.js';
export * from './keys.js';
export * from './post-store.js';
export * from './rate-limiter.js';
export * from './staff-access-store.js';
export * from './staff-post-queries.js';
export * from './stats-store.js';
export * from './table-definition.js';
