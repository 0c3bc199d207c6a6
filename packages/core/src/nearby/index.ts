/** The nearby context's public face: other contexts and packages import from here only. */
export * from './density.js';
export * from './density-recount.js';
export * from './nearby-cursor.js';
export * from './nearby-entry.js';
export * from './nearby-search.js';
export * from './nearby-service.js';
export * from './ports.js';
export * from './post-list-query.js';
