export * from './create-table.js';
export * from './keys.js';
export * from './post-store.js';
export * from './rate-limiter.js';
export * from './table-definition.js';
