/** The stats context's public face: other contexts and packages import from here only. */
export * from './counters.js';
export * from './ports.js';
export * from './stats-view.js';
