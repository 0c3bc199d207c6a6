/** The gallery context's public face (issue 16): children's drawings, uploaded straight to the object store. */
export * from './drawing-moderation.js';
export * from './drawing-ports.js';
export * from './drawing-processing.js';
export * from './drawing-record.js';
export * from './drawing-service.js';
export * from './gallery-schemas.js';
export * from './gallery-uploads.js';
export * from './image-format.js';
export * from './object-keys.js';
export * from './ports.js';
