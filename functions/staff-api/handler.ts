import { parseTenantConfig } from '@entraide/core';
import * as z from 'zod';
import { buildAdapters } from '../shared/adapters.js';
import { readEnv } from '../shared/env.js';
import { createLogger } from '../shared/logger.js';
import { staffApiHandler } from './app.js';

// Built once per container.
const env = readEnv({
  TENANT_CONFIG: z.string().min(2),
  TABLE_NAME: z.string().min(1),
  SITE_URL: z.url(),
  MAIL_FROM: z.string().min(3),
  SES_CONFIGURATION_SET: z.string().optional(),
  // Set with the grant by the mail relay (infra/lib/mail-relay.ts): every mail through the tenant's queue.
  MAIL_QUEUE_URL: z.url().optional(),
});
const tenant = parseTenantConfig(JSON.parse(env.TENANT_CONFIG), 'TENANT_CONFIG');

export const handler = staffApiHandler({
  tenant,
  siteUrl: env.SITE_URL,
  logger: createLogger('staff-api'),
  ...buildAdapters({
    tenantId: tenant.id,
    tableName: env.TABLE_NAME,
    mailFrom: env.MAIL_FROM,
    ...(env.SES_CONFIGURATION_SET ? { sesConfigurationSet: env.SES_CONFIGURATION_SET } : {}),
    ...(env.MAIL_QUEUE_URL ? { mailQueueUrl: env.MAIL_QUEUE_URL } : {}),
  }),
});
