export * from './s3-raw-mail.js';
export * from './invoked-mailer.js';
