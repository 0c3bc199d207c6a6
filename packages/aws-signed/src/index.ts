export * from './signed-request.js';
export * from './lambda-invoke.js';
