/** The geo context's public face: other contexts and packages import from here only. */
export * from './cells.js';
export * from './distance.js';
