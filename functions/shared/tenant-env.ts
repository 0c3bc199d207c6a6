import { parseTenantConfig } from '@entraide/core';
import * as z from 'zod';
import { readEnv } from './env.js';

/** What every tenant function is given by its stack (infra/lib/tenant-stack.ts, mail-relay.ts): its tenant and its table. */
const tenantVariables = { TENANT_CONFIG: z.string().min(2), TABLE_NAME: z.string().min(1) };

/** Mail: who it comes from, and SES's configuration set where SES is called (the mail sender). */
export const mailVariables = { MAIL_FROM: z.string().min(3), SES_CONFIGURATION_SET: z.string().optional() };

/**
 * The one reader of a tenant function's environment, at init: its tenant's config (parsed and
 * checked), its table, and the variables `more` names. A missing or bad variable stops the
 * container, not a request.
 */
export function readTenantEnv<Shape extends z.ZodRawShape>(more: Shape, env: NodeJS.ProcessEnv = process.env) {
  const variables = readEnv({ ...tenantVariables, ...more }, env);
  // Checked just above; only TypeScript cannot see through the spread of a generic shape.
  const config = (variables as { TENANT_CONFIG: string }).TENANT_CONFIG;
  return { ...variables, tenant: parseTenantConfig(JSON.parse(config), 'TENANT_CONFIG') };
}
