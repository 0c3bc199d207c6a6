/** The shared context's public face: other contexts and packages import from here only. */
export * from './count-listed.js';
export * from './cursor.js';
export * from './errors.js';
export * from './links.js';
export * from './paging.js';
export * from './ports.js';
export * from './random.js';
export * from './rate-limits.js';
export * from './record-id.js';
export * from './retention.js';
export * from './staff-view.js';
export * from './text.js';
export * from './validation.js';
export * from './typed-text.js';
export * from './versioned-change.js';
export * from './versioned-mutation.js';
