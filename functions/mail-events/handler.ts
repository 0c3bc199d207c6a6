import { systemClock } from '@entraide/core';
import { DynamoHttpClient, DynamoMailLedger, DynamoStatsStore } from '@entraide/dynamodb-store';
import { createLogger } from '../shared/logger.js';
import { readTenantEnv } from '../shared/tenant-env.js';
import { mailEventsHandler } from './app.js';

// Built once per container.
const { tenant, TABLE_NAME: tableName } = readTenantEnv({});
const documentClient = new DynamoHttpClient();

/** Subscribed to the platform's SES events topic, filtered on this tenant's tag. */
export const handler = mailEventsHandler({
  tenant,
  ledger: new DynamoMailLedger(documentClient, tableName, tenant.id),
  stats: new DynamoStatsStore(documentClient, tableName),
  clock: systemClock,
  logger: createLogger('mail-events'),
});
