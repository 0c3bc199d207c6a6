import { join, resolve } from 'node:path';
import { TenantConfigError } from '@entraide/core';
import { startPlatform } from './platform.js';
import { buildSiteIfStale, siteOutDir } from '../../site/build/build-site.js';

const repositoryRoot = join(import.meta.dirname, '..', '..', '..');
// Lambda runs Node 22; locally Node 20 is fine, and the SDK's warning about it is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const port = (name: string, fallback: number): number => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    console.error(`${name} must be a port number, not "${value}"`);
    process.exit(2);
  }
  return parsed;
};

try {
  const dataDir = resolve(repositoryRoot, process.env.DATA_DIR || '.data');
  // The site is served as built, what CloudFront serves in AWS: rebuilt when a source changed.
  const siteRoot = join(repositoryRoot, 'packages', 'site');
  buildSiteIfStale(siteRoot);
  const platform = await startPlatform({
    port: port('PORT', 3000),
    sesPort: port('SES_PORT', 8005),
    dynamoPort: port('DYNAMODB_PORT', 8000),
    dataDir,
    tenantsDir: join(repositoryRoot, 'infra', 'tenants'),
    siteDir: siteOutDir(siteRoot),
    seed: true,
  });
  const lines = [
    '',
    'Entraide runs locally (Ctrl-C to stop).',
    '',
    `  Site:          ${platform.url}/`,
    `  Tenants:       ${platform.url}/tenants.json`,
    ...platform.tenants.map((tenant) => `    ${tenant.id.padEnd(18)} ${platform.url}/t/${tenant.id}/   API: ${platform.url}/t/${tenant.id}/api/config`),
    `  Outbox (SES):  ${platform.sesEndpoint}/store   (web view: ${platform.sesEndpoint}/)`,
    `  DynamoDB:      ${platform.dynamoEndpoint}   (tables entraide-<tenant>)`,
    `  Data:          ${dataDir}`,
    '',
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    platform.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  if (error instanceof TenantConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`A port is already in use (${(error as Error).message}). Set PORT, SES_PORT or DYNAMODB_PORT to free ones.`);
    process.exit(1);
  }
  throw error;
}
