import { systemClock, threadRecorder } from '@entraide/core';
import { DynamoHttpClient, DynamoMailLedger, DynamoRelayStore } from '@entraide/dynamodb-store';
import { SesHttpClient, SesMailer } from '@entraide/ses-mailer';
import { createLogger } from '../shared/logger.js';
import { mailVariables, readTenantEnv } from '../shared/tenant-env.js';
import { mailSenderHandler } from './app.js';

// Built once per container.
const { tenant, ...env } = readTenantEnv(mailVariables);

const dynamo = new DynamoHttpClient();

/** Invoked asynchronously with one mail by the tenant's functions (retries and on-failure destination: infra/lib/mail-relay.ts). */
export const handler = mailSenderHandler({
  tenantId: tenant.id,
  ledger: new DynamoMailLedger(dynamo, env.TABLE_NAME, tenant.id),
  sent: threadRecorder(new DynamoRelayStore(dynamo, env.TABLE_NAME), tenant.id),
  transport: new SesMailer(new SesHttpClient(), {
    from: env.MAIL_FROM,
    tenantId: tenant.id,
    ...(env.SES_CONFIGURATION_SET ? { configurationSetName: env.SES_CONFIGURATION_SET } : {}),
  }),
  clock: systemClock,
  logger: createLogger('mail-sender'),
});
