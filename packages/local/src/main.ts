import { join, resolve } from 'node:path';
import type { RunningPlatform } from './platform.js';
import { dynamoDataPath, startEmbeddedDynamo, type RunningServer } from './server-threads.js';
import { startPhases } from './start-phases.js';

// Run from a bundle (`npm start`: packages/local/start.mjs), this is this file's folder still (a define).
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

async function failed(error: unknown): Promise<never> {
  const { TenantConfigError } = await import('@entraide/core');
  if (error instanceof TenantConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`A port is already in use (${(error as Error).message}). Set PORT, SES_PORT, DYNAMODB_PORT or S3_PORT to free ones.`);
    process.exit(1);
  }
  throw error;
}

/** What has started so far: Ctrl-C stops that, whenever it comes. */
let dynamo: Promise<RunningServer> | undefined;
let starting: Promise<RunningPlatform> | undefined;
let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  // The platform owns DynamoDB once it has it; before that, DynamoDB's thread alone.
  const stopped = starting ? starting.then((platform) => platform.stop()) : (dynamo?.then((server) => server.stop()) ?? Promise.resolve());
  stopped.then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
/** Once stopping, the start goes no further: the stop under way ends the process. */
const unlessStopping = (): Promise<void> => (stopping ? new Promise<never>(() => undefined) : Promise.resolve());

try {
  const dataDir = resolve(repositoryRoot, process.env.DATA_DIR || '.data');
  // DynamoDB's thread loads dynalite and opens the data while this one loads the rest of the runtime.
  dynamo = startEmbeddedDynamo({ port: port('DYNAMODB_PORT', 8000), path: dynamoDataPath(dataDir), ownThread: true });
  dynamo.then(
    () => performance.mark('entraide:dynamodb-thread-up'),
    () => undefined,
  );
  const [{ startPlatform }, { buildSiteIfStale, siteOutDir }] = await Promise.all([
    import('./platform.js'),
    import('../../site/build/build-site.js'),
  ]);
  performance.mark('entraide:modules-loaded');
  await unlessStopping();
  // The site is served as built, what CloudFront serves in AWS: rebuilt when a source changed.
  const siteRoot = join(repositoryRoot, 'packages', 'site');
  buildSiteIfStale(siteRoot);
  performance.mark('entraide:site-ready');
  starting = startPlatform({
    port: port('PORT', 3000),
    sesPort: port('SES_PORT', 8005),
    dynamoPort: port('DYNAMODB_PORT', 8000),
    s3Port: port('S3_PORT', 8006),
    dynamo,
    dataDir,
    tenantsDir: join(repositoryRoot, 'infra', 'tenants'),
    siteDir: siteOutDir(siteRoot),
    seed: true,
  });

  const platform = await starting;
  await unlessStopping();
  const phases = startPhases();
  const lines = [
    '',
    'Entraide runs locally (Ctrl-C to stop).',
    '',
    `  Site:          ${platform.url}/`,
    `  Tenants:       ${platform.url}/tenants.json`,
    ...platform.tenants.map(
      (tenant) => `    ${tenant.id.padEnd(18)} ${platform.url}/t/${tenant.id}/   API: ${platform.url}/t/${tenant.id}/api/config`,
    ),
    `  Outbox (SES):  ${platform.sesEndpoint}/store   (web view: ${platform.sesEndpoint}/)`,
    `  DynamoDB:      ${platform.dynamoEndpoint}   (tables entraide-<tenant>)`,
    `  S3:            ${platform.s3Endpoint}   (bucket ${platform.galleryBucket}: the gallery's uploads and images)`,
    `  Data:          ${dataDir}`,
    `  Started:       ${phases.summary}`,
    '',
  ];
  console.log(lines.join('\n'));
  // For `npm run bench:start`, which prints where the time goes.
  if (process.env.ENTRAIDE_START_PHASES === '1') console.log(`start-phases ${JSON.stringify(phases.marks)}`);
} catch (error) {
  await failed(error);
}
