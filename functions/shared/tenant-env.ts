import { checkedTenantConfig } from '@entraide/core';
import * as z from 'zod/mini';
import { readEnv } from './env.js';

/** What every tenant function is given by its stack (infra/lib/tenant-stack.ts, mail-relay.ts): its tenant and its table. */
const tenantVariables = { TENANT_CONFIG: z.string().check(z.minLength(2)), TABLE_NAME: z.string().check(z.minLength(1)) };

/** Mail: who it comes from, and SES's configuration set where SES is called (the mail sender). */
export const mailVariables = { MAIL_FROM: z.string().check(z.minLength(3)), SES_CONFIGURATION_SET: z.optional(z.string()) };

/**
 * The one reader of a tenant function's environment, at init: its tenant's config, its table, and
 * the variables `more` names. A missing or bad variable stops the container, not a request. The
 * config is the CDK app's output of `parseTenantConfig` (checked at synth): read as JSON with a
 * check of its shape, not parsed again by zod (docs/performance.md).
 */
export function readTenantEnv<Shape extends z.core.$ZodLooseShape>(more: Shape, env: NodeJS.ProcessEnv = process.env) {
  const variables = readEnv({ ...tenantVariables, ...more }, env);
  // Checked just above; only TypeScript cannot see through the spread of a generic shape.
  const config = (variables as { TENANT_CONFIG: string }).TENANT_CONFIG;
  return { ...variables, tenant: checkedTenantConfig(config, 'TENANT_CONFIG') };
}
