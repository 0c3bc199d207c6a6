import * as z from 'zod/mini';
import { buildAdapters } from './adapters.js';
import { createLogger } from './logger.js';
import { mailVariables, readTenantEnv } from './tenant-env.js';

/** The variables `tenantDeps` is built from, besides the tenant and its table. */
export const tenantDepsVariables = {
  SITE_URL: z.url(),
  ...mailVariables,
  // Set with the grant by the mail relay (infra/lib/mail-relay.ts): every mail through the tenant's sender.
  MAIL_SENDER_FUNCTION: z.optional(z.string().check(z.minLength(1))),
  // Set where the tenant has a gallery section (its prefix of the platform's gallery bucket, its processing function).
  GALLERY_BUCKET: z.optional(z.string().check(z.minLength(3))),
  GALLERY_PROCESSOR_FUNCTION: z.optional(z.string().check(z.minLength(1))),
};

type TenantDepsEnv = ReturnType<typeof readTenantEnv<typeof tenantDepsVariables>>;

/**
 * What the tenant functions that serve residents and staff (the HTTP groups, the scheduled jobs,
 * the inbound relay) are built from in Lambda: their tenant, site and logger, and the adapters
 * behind core's ports, from the environment their tenant stack sets.
 */
export function tenantDeps(serviceName: string, env: TenantDepsEnv) {
  const { tenant } = env;
  return {
    tenant,
    siteUrl: env.SITE_URL,
    logger: createLogger(serviceName),
    ...buildAdapters({
      tenantId: tenant.id,
      tableName: env.TABLE_NAME,
      mailFrom: env.MAIL_FROM,
      ...(env.SES_CONFIGURATION_SET ? { sesConfigurationSet: env.SES_CONFIGURATION_SET } : {}),
      ...(env.MAIL_SENDER_FUNCTION ? { mailSenderFunction: env.MAIL_SENDER_FUNCTION } : {}),
      ...(env.GALLERY_BUCKET ? { galleryBucket: env.GALLERY_BUCKET } : {}),
      ...(env.GALLERY_PROCESSOR_FUNCTION ? { galleryProcessorFunction: env.GALLERY_PROCESSOR_FUNCTION } : {}),
    }),
  };
}

/** `tenantDeps` from the environment, read once at init. */
export const tenantDepsFromEnv = (serviceName: string) => tenantDeps(serviceName, readTenantEnv(tenantDepsVariables));
