import { parseTenantConfig, systemClock } from '@entraide/core';
import { DynamoHttpClient, DynamoMailLedger, DynamoStatsStore } from '@entraide/dynamodb-store';
import * as z from 'zod';
import { readEnv } from '../shared/env.js';
import { createLogger } from '../shared/logger.js';
import { mailEventsHandler } from './app.js';

// Built once per container.
const env = readEnv({ TENANT_CONFIG: z.string().min(2), TABLE_NAME: z.string().min(1) });
const tenant = parseTenantConfig(JSON.parse(env.TENANT_CONFIG), 'TENANT_CONFIG');
const documentClient = new DynamoHttpClient();

/** Subscribed to the platform's SES events topic, filtered on this tenant's tag. */
export const handler = mailEventsHandler({
  tenant,
  ledger: new DynamoMailLedger(documentClient, env.TABLE_NAME, tenant.id),
  stats: new DynamoStatsStore(documentClient, env.TABLE_NAME),
  clock: systemClock,
  logger: createLogger('mail-events'),
});
