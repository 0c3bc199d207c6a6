// Not `create-table.ts`: only tools create tables (`@entraide/dynamodb-store/create-table`). Through
// this index, its static import of the SDK's DynamoDB client put the SDK's credential chunks in
// every function's bundle, loaded by none of them.
export * from './alert-store.js';
export * from './campaign-store.js';
export * from './conditions.js';
export * from './density-summary.js';
export * from './doc-client.js';
export * from './dynamo-http-client.js';
export * from './keys.js';
export * from './mail-ledger.js';
export * from './nearby-index.js';
export * from './post-store.js';
export * from './rate-limiter.js';
export * from './relay-store.js';
export * from './staff-access-store.js';
export * from './staff-post-queries.js';
export * from './stats-store.js';
export * from './table-definition.js';
export * from './mission-store.js';
export * from './listing-store.js';
export * from './wish-store.js';
export * from './drawing-store.js';
export * from './recognition-store.js';
