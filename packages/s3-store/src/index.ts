export * from './s3-gallery-objects.js';
