/** The mail context's public face: other contexts and packages import from here only. */
export * from './mail-delivery.js';
export * from './ports.js';
export * from './layout.js';
