/** What the site may import of the stats context too: plain data, no Node built-in (see src/schemas.ts). */
export * from './stats-view.js';
