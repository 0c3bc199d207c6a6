export * from './s3-raw-mail.js';
export * from './sqs-mail-queue.js';
