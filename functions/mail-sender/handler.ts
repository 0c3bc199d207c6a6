import { SESv2Client } from '@aws-sdk/client-sesv2';
import { parseTenantConfig, systemClock } from '@entraide/core';
import { DynamoHttpClient, DynamoMailLedger } from '@entraide/dynamodb-store';
import { SesMailer } from '@entraide/ses-mailer';
import * as z from 'zod';
import { readEnv } from '../shared/env.js';
import { createLogger } from '../shared/logger.js';
import { mailSenderHandler } from './app.js';

// Built once per container.
const env = readEnv({
  TENANT_CONFIG: z.string().min(2),
  TABLE_NAME: z.string().min(1),
  MAIL_FROM: z.string().min(3),
  SES_CONFIGURATION_SET: z.string().optional(),
});
const tenant = parseTenantConfig(JSON.parse(env.TENANT_CONFIG), 'TENANT_CONFIG');
const documentClient = new DynamoHttpClient();

/** SQS event source (ReportBatchItemFailures) on the tenant's outgoing-mail queue. */
export const handler = mailSenderHandler({
  tenantId: tenant.id,
  ledger: new DynamoMailLedger(documentClient, env.TABLE_NAME, tenant.id),
  transport: new SesMailer(new SESv2Client({}), {
    from: env.MAIL_FROM,
    tenantId: tenant.id,
    ...(env.SES_CONFIGURATION_SET ? { configurationSetName: env.SES_CONFIGURATION_SET } : {}),
  }),
  clock: systemClock,
  logger: createLogger('mail-sender'),
});
