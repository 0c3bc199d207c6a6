import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTenantConfig } from '@entraide/core';
import * as z from 'zod';
import { readTenantEnv } from './tenant-env.js';
import { tenantDepsVariables } from './tenant-deps.js';

const tenantFile = readFileSync(join(__dirname, '..', '..', 'infra', 'tenants', 'courbevoie.json'), 'utf8');
// What the CDK app writes into TENANT_CONFIG: the file checked and completed at synth.
const tenantConfig = JSON.stringify(parseTenantConfig(JSON.parse(tenantFile), 'courbevoie.json'));

describe('a tenant function’s environment', () => {
  it('gives the tenant’s config parsed, its table, and the variables the function asks for', () => {
    const env = readTenantEnv(
      { INBOUND_PREFIX: z.string() },
      { TENANT_CONFIG: tenantConfig, TABLE_NAME: 'entraide-courbevoie', INBOUND_PREFIX: 'inbound/', OTHER: 'ignored' },
    );
    expect(env.tenant).toMatchObject({ id: 'courbevoie', digest: { timeZone: 'Europe/Paris' } });
    expect(env).toMatchObject({ TABLE_NAME: 'entraide-courbevoie', INBOUND_PREFIX: 'inbound/' });
    expect(env).not.toHaveProperty('OTHER');
  });

  it('stops the container naming every missing or bad variable at once, the tenant’s and the function’s', () => {
    expect(() => readTenantEnv(tenantDepsVariables, { TENANT_CONFIG: tenantConfig, SITE_URL: 'not a url' })).toThrow(
      /^Bad environment: .*TABLE_NAME: .*SITE_URL: .*MAIL_FROM: /,
    );
  });

  it('refuses a tenant config that is not one, naming the variable', () => {
    expect(() => readTenantEnv({}, { TENANT_CONFIG: JSON.stringify({ id: 'courbevoie' }), TABLE_NAME: 't' })).toThrow(/TENANT_CONFIG/);
    expect(() => readTenantEnv({}, { TENANT_CONFIG: '{"id":', TABLE_NAME: 't' })).toThrow(/TENANT_CONFIG: not valid JSON/);
  });

  it('refuses the tenant’s file as written, before the synth checked and completed it, naming the defaults it lacks', () => {
    expect(() => readTenantEnv({}, { TENANT_CONFIG: tenantFile, TABLE_NAME: 't' })).toThrow(
      /TENANT_CONFIG: .*digest: object expected, missing/,
    );
  });
});
