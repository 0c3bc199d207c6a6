import { parseTenantConfig } from '@entraide/core';
import * as z from 'zod';
import { buildAdapters } from './adapters.js';
import { readEnv } from './env.js';
import { createLogger } from './logger.js';

/**
 * What the tenant functions that serve residents and staff (the HTTP groups, the scheduled jobs)
 * are built from in Lambda: the environment their tenant stack sets, read once at init (a missing
 * variable stops the container, not a request), and the adapters behind core's ports.
 */
export function tenantDepsFromEnv(serviceName: string) {
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
  return {
    tenant,
    siteUrl: env.SITE_URL,
    logger: createLogger(serviceName),
    ...buildAdapters({
      tenantId: tenant.id,
      tableName: env.TABLE_NAME,
      mailFrom: env.MAIL_FROM,
      ...(env.SES_CONFIGURATION_SET ? { sesConfigurationSet: env.SES_CONFIGURATION_SET } : {}),
      ...(env.MAIL_QUEUE_URL ? { mailQueueUrl: env.MAIL_QUEUE_URL } : {}),
    }),
  };
}
