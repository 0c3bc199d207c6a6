import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { loadTenantDirectory } from '@entraide/core';
import { ensureTable } from '@entraide/dynamodb-store/create-table';
import { CfnResource, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import type { Metafile } from 'esbuild';
import { originProofHeader } from '../functions/routes.js';
import { buildApp, exampleSettings, findRepoRoot, type BuildAppOptions } from '../infra/lib/app.js';
import { bundleFunctionGroup, type FunctionBundle } from '../infra/lib/bundling.js';
import { nativeModulesOf } from '../infra/lib/native-modules.js';
import { localDynamoClient, startEmbeddedDynamo, type RunningServer } from '../packages/local/src/embedded-servers.js';
import type { BenchFigure } from './support/figures.js';
import { median, percentile, round } from './support/stats.js';
import { formatTable } from './support/table.js';

/**
 * `npm run bench:cold` (docs/decisions/0006-performance-budgets.md): every function group bundled by the CDK app's own
 * code, and a minimal reference handler bundled with the same options; then, alternating, each
 * bundle imported in a fresh Node process with the environment Lambda would give it.
 */

/** The demo tenant whose configuration the functions are given, as its stack gives it. */
export const benchTenantId = 'courbevoie';
/** The reference: middy + http-json-body-parser + zod + lib-dynamodb PutCommand, nothing else. */
export const referenceName = 'reference';
/** Import time ÷ the reference's; every function ≤ 1.0×, the residents' API ≤ 0.7× (issue 17). */
export const importTargets: Record<string, number> = { 'public-api': 0.7 };
export const defaultImportTarget = 1.0;

/**
 * The first request each HTTP function answers in the same fresh process, right after its import
 * (`import + 1st request`): work moved out of the import into the first request shows there. Each
 * reads the table, against an embedded DynamoDB the bench starts.
 */
export const firstRequestEvents: Record<string, string> = {
  'public-api': 'events/public-api/list-posts.json',
  'staff-api': 'events/staff-api/staff-session-unknown-token.json',
  // A job is loaded on its first run: the staff digest of an empty table (nothing to say, no mail).
  'scheduled-jobs': 'events/scheduled-jobs/digest-tick.json',
};
/** The reference's own table (its items are keyed by `id`) and request: a put. */
export const referenceTableName = 'entraide-bench-reference';
const referenceEvent = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/items',
  rawQueryString: '',
  headers: { 'content-type': 'application/json' },
  requestContext: { http: { method: 'POST', path: '/items', sourceIp: '192.0.2.10' }, requestId: 'bench' },
  body: JSON.stringify({ id: 'item-1', title: 'Un panier de courses', quantity: 2 }),
  isBase64Encoded: false,
};

const region = 'eu-west-3';
const accountId = '123456789012';

export interface ColdStartCandidate {
  name: string;
  bundle: FunctionBundle;
  metafile: Metafile;
  /** What the function's variables are in the tenant stack (deploy-time values replaced by plausible ones). */
  environment: Record<string, string>;
  memorySize: number;
  /** False for a group with a `handler.ts` that the CDK app does not deploy yet. */
  inCdkApp: boolean;
  /** Ratio to the reference; undefined for the reference itself. */
  target?: number;
  /** Why it was not measured: esbuild's first error, or the error its import threw. */
  buildError?: string;
  /** The event of its first request, for an HTTP function (and the reference). */
  firstRequest?: { label: string; event: unknown };
}

export interface ColdStartBuild {
  functions: ColdStartCandidate[];
  reference: ColdStartCandidate;
  /** Why the CDK app did not build, when each group had to be bundled on its own. */
  cdkAppError?: string;
  /** Removes every bundle. */
  cleanUp: () => void;
}

/** Every `functions/<group>/handler.ts`: the groups other engineers add are measured as soon as they exist. */
export function discoverFunctionGroups(repoRoot: string): string[] {
  const functionsDir = join(repoRoot, 'functions');
  return readdirSync(functionsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(functionsDir, entry.name, 'handler.ts')))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Builds what is measured. The CDK app itself (one tenant: bundling happens once whatever the
 * number) bundles every group it deploys and tells each function's environment; a group with a
 * handler that the app does not deploy yet is bundled by the same `bundleFunctionGroup`. When the
 * app does not build (a group's code broken mid-change), each group is bundled on its own, so one
 * broken group is reported, not the whole bench lost.
 */
export function buildColdStartBundles(
  options: {
    repoRoot?: string;
    extraEntries?: Record<string, string>;
    log?: (line: string) => void;
    /** The groups' bundles of a synth of these same sources (a test's): the app reuses them instead of bundling again. */
    bundles?: BuildAppOptions['bundles'];
  } = {},
): ColdStartBuild {
  const repoRoot = options.repoRoot ?? findRepoRoot(process.cwd());
  const log = options.log ?? (() => undefined);
  const scratch = mkdtempSync(join(tmpdir(), 'entraide-bench-cold-'));
  const cleanUp = () => rmSync(scratch, { recursive: true, force: true });
  try {
    const allTenants = loadTenantDirectory(join(repoRoot, 'infra', 'tenants'));
    const tenant = allTenants.find((candidate) => candidate.id === benchTenantId);
    if (!tenant) throw new Error(`no tenant file ${benchTenantId}.json in infra/tenants`);
    // A function only a kind of section deploys (gallery-processing: a gallery) takes its variables
    // from the first tenant file with such a section, deployed beside the bench's tenant.
    const galleryTenant = allTenants.find((candidate) => candidate.sections.some((section) => section.type === 'gallery'));
    const tenants = [tenant, ...(galleryTenant && !tenant.sections.some((section) => section.type === 'gallery') ? [galleryTenant] : [])];
    const bundleRoot = join(scratch, 'bundles');
    const bundles = new Map<string, FunctionBundle>();
    let deployed = new Map<string, DeployedSettings>();
    let cdkAppError: string | undefined;
    try {
      const built = buildApp({
        repoRoot,
        exampleSettings: true,
        tenants,
        bundleDir: bundleRoot,
        outdir: join(scratch, 'cdk.out'),
        cloudFormationValidation: false,
        ...(options.bundles ? { bundles: options.bundles } : {}),
      });
      Object.entries(built.bundles).forEach(([group, bundle]) => bundles.set(group, bundle));
      // The bench tenant's stack's functions first (its first one lends its variables to a group the
      // app does not deploy), then the gallery tenant's, the platform's and the site's (mail-dispatch,
      // tenant-routes, …).
      for (const stack of [...built.tenantStacks, built.platform, built.site]) {
        if (!stack) continue;
        for (const [group, settings] of deployedFunctions(stack, built.bundles, join(scratch, 'cdk.out')))
          if (!deployed.has(group)) deployed.set(group, settings);
      }
    } catch (error) {
      cdkAppError = firstLine(error);
      log(`  WARNING: the CDK app did not build (${cdkAppError}); bundling each group on its own, with the same options`);
    }
    // What the tenant stack gives the public API, for a group the app does not deploy (yet).
    const fallback: DeployedSettings = deployed.values().next().value ?? {
      environment: {
        TENANT_CONFIG: JSON.stringify(tenant),
        TABLE_NAME: `entraide-${benchTenantId}`,
        SITE_URL: exampleSettings(repoRoot).siteUrl,
        MAIL_FROM: exampleSettings(repoRoot).mailFrom,
        SES_CONFIGURATION_SET: exampleSettings(repoRoot).configurationSetName,
      },
      memorySize: 512,
    };
    // Each metafile lies beside its bundle's folder (bundleFunctionGroup), here or in the synth's that lent its bundles.
    /** Where a group's bundle was written, when it is measured from a copy (below). */
    const builtIn = new Map<string, string>();
    const metafileOf = (name: string): Metafile => {
      const directory = builtIn.get(name) ?? bundles.get(name)?.directory;
      const root = directory ? dirname(directory) : bundleRoot;
      return JSON.parse(readFileSync(join(root, `${name}.meta.json`), 'utf8')) as Metafile;
    };

    const entries: Record<string, string> = Object.fromEntries(
      discoverFunctionGroups(repoRoot).map((group) => [group, join(repoRoot, 'functions', group, 'handler.ts')]),
    );
    Object.assign(entries, options.extraEntries ?? {});
    const buildErrors = new Map<string, string>();
    for (const [name, entry] of Object.entries(entries)) {
      if (bundles.has(name)) continue;
      try {
        bundles.set(name, bundleFunctionGroup({ group: name, entry, bundleRoot, workingDirectory: repoRoot }));
      } catch (error) {
        buildErrors.set(name, firstLine(error));
      }
    }

    // A group with a native addon (gallery-processing: sharp) ships it for Lambda's linux-arm64, which
    // this machine cannot load. It is measured from a copy of its bundle whose node_modules is this
    // machine's install of the same version (the lock pins both): the addon's load is counted, on
    // this machine's binary.
    for (const [name, bundle] of bundles) {
      if (!nativeModulesOf[name.split('@')[0]!]) continue;
      const staged = join(scratch, 'native', name);
      cpSync(bundle.directory, staged, { recursive: true, filter: (source) => relative(bundle.directory, source) !== 'node_modules' });
      symlinkSync(join(repoRoot, 'node_modules'), join(staged, 'node_modules'), 'dir');
      builtIn.set(name, bundle.directory);
      bundles.set(name, { ...bundle, directory: staged });
    }

    const functions = [...new Set([...bundles.keys(), ...buildErrors.keys()])]
      .sort((left, right) => left.localeCompare(right))
      .map((name): ColdStartCandidate => {
        // An extra named `<group>@<label>` (`mail-sender@main`: the group's code from another
        // checkout) is measured as that group: its variables, its first request and its target.
        const group = name.split('@')[0]!;
        const settings = deployed.get(name) ?? deployed.get(group) ?? fallback;
        const bundle = bundles.get(name);
        return {
          name,
          bundle: bundle ?? {
            group: name,
            directory: '',
            handler: '',
            sourceMap: false,
            sizeBytes: 0,
            initBytes: 0,
            totalBytes: 0,
            contentHash: '',
          },
          metafile: bundle ? metafileOf(name) : { inputs: {}, outputs: {} },
          environment: settings.environment,
          memorySize: settings.memorySize,
          inCdkApp: deployed.has(name),
          target: importTargets[group] ?? defaultImportTarget,
          ...(firstRequestEvents[group] ? { firstRequest: firstRequestOf(join(repoRoot, firstRequestEvents[group])) } : {}),
          ...(buildErrors.has(name) ? { buildError: buildErrors.get(name)! } : {}),
        };
      });

    const referenceBundle = bundleFunctionGroup({
      group: referenceName,
      entry: join(repoRoot, 'bench', 'reference', 'handler.ts'),
      bundleRoot,
      workingDirectory: repoRoot,
    });
    const reference: ColdStartCandidate = {
      name: referenceName,
      bundle: referenceBundle,
      metafile: metafileOf(referenceName),
      environment: { TABLE_NAME: referenceTableName },
      memorySize: fallback.memorySize,
      inCdkApp: false,
      firstRequest: { label: 'POST (a put)', event: referenceEvent },
    };
    return { functions, reference, ...(cdkAppError ? { cdkAppError } : {}), cleanUp };
  } catch (error) {
    cleanUp();
    throw error;
  }
}

/**
 * The first request as CloudFront forwards it: with the origin's proof when the function is given
 * an `ORIGIN_SECRET`, as in AWS (without it the function answers 403 before any work).
 */
function withOriginProof(event: unknown, originSecret: string | undefined): unknown {
  if (!originSecret) return event;
  const request = event as { headers?: Record<string, string> };
  return { ...request, headers: { ...request.headers, [originProofHeader]: originSecret } };
}

function firstRequestOf(path: string): { label: string; event: unknown } {
  const event = JSON.parse(readFileSync(path, 'utf8')) as {
    requestContext?: { http?: { method?: string } };
    rawPath?: string;
    job?: string;
  };
  if (event.job) return { label: `job ${event.job}`, event };
  return { label: `${event.requestContext?.http?.method ?? '?'} ${(event.rawPath ?? '').replace(/^\/t\/[^/]+\/api/, '')}`, event };
}

const firstLine = (error: unknown): string =>
  ((error as Error)?.message ?? String(error)).split('\n').filter(Boolean).slice(0, 2).join(' ');

interface DeployedSettings {
  environment: Record<string, string>;
  memorySize: number;
}

/** `PublicApi` → `public-api`: how the tenant stack names most functions' constructs. */
const groupOfConstructId = (id: string): string => id.replace(/(?<=[a-z0-9])([A-Z])/g, '-$1').toLowerCase();

/**
 * Which group a function runs: the bundle whose `index.mjs` its staged code asset holds (construct
 * ids vary: `InboundMailFunction`), else its construct id.
 */
function groupOfFunction(fn: lambda.Function, bundleCode: Map<string, string>, assemblyDir: string): string {
  const asset = fn.node.findAll().find((child): child is Asset => child instanceof Asset);
  const staged = asset ? join(assemblyDir, asset.assetPath, 'index.mjs') : '';
  if (staged && existsSync(staged)) {
    const code = readFileSync(staged, 'utf8');
    for (const [group, bundled] of bundleCode) if (bundled === code) return group;
  }
  return groupOfConstructId(fn.node.id);
}

/** Each Lambda function of a stack: its variables as CloudFormation would set them. */
function deployedFunctions(stack: Stack, bundles: Record<string, FunctionBundle>, assemblyDir: string): Map<string, DeployedSettings> {
  const bundleCode = new Map(
    Object.values(bundles).map((bundle) => [bundle.group, readFileSync(join(bundle.directory, 'index.mjs'), 'utf8')]),
  );
  const resourceTypes = new Map<string, string>();
  for (const construct of stack.node.findAll()) {
    if (construct instanceof CfnResource) resourceTypes.set(stack.resolve(construct.logicalId) as string, construct.cfnResourceType);
  }
  const settings = new Map<string, DeployedSettings>();
  for (const construct of stack.node.findAll()) {
    if (!(construct instanceof lambda.Function)) continue;
    const cfn = construct.node.defaultChild as lambda.CfnFunction;
    const resolved = (stack.resolve(cfn.environment) as { variables?: Record<string, unknown> } | undefined)?.variables ?? {};
    settings.set(groupOfFunction(construct, bundleCode, assemblyDir), {
      environment: Object.fromEntries(Object.entries(resolved).map(([name, value]) => [name, deployTimeValue(name, value, resourceTypes)])),
      memorySize: Number(stack.resolve(cfn.memorySize) ?? 128),
    });
  }
  return settings;
}

/** A plausible value for what CloudFormation fills in at deploy time (a table's name, a queue's URL, an ARN). */
function deployTimeValue(name: string, value: unknown, resourceTypes: Map<string, string>): string {
  if (typeof value === 'string') return value;
  const reference = (value as { Ref?: string }).Ref;
  if (reference) {
    const type = resourceTypes.get(reference) ?? '';
    if (type === 'AWS::DynamoDB::Table') return `entraide-${benchTenantId}`;
    if (type === 'AWS::SQS::Queue') return `https://sqs.${region}.amazonaws.com/${accountId}/${reference}`;
    return `entraide-${benchTenantId}-${reference.toLowerCase()}`;
  }
  const attribute = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  if (attribute) {
    const [logicalId, attributeName] = attribute;
    const service = (resourceTypes.get(logicalId) ?? 'AWS::unknown').split('::')[1]!.toLowerCase();
    // A CloudFront KeyValueStore's ARN is global (no region) and names the store by its id.
    if (attributeName === 'Arn' && resourceTypes.get(logicalId) === 'AWS::CloudFront::KeyValueStore')
      return `arn:aws:cloudfront::${accountId}:key-value-store/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`;
    if (attributeName === 'Arn') return `arn:aws:${service}:${region}:${accountId}:${logicalId}`;
    if (attributeName === 'QueueUrl') return `https://sqs.${region}.amazonaws.com/${accountId}/${logicalId}`;
    return `${logicalId}-${attributeName}`.toLowerCase();
  }
  return `bench-${name.toLowerCase()}`;
}

/**
 * What Lambda sets besides the function's own variables. Dummy credentials: building a client
 * reads them, sending nothing; HOME points at an empty folder so no ~/.aws file is read either.
 */
function lambdaEnvironment(candidate: ColdStartCandidate, home: string, dynamoEndpoint?: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    // Dummies: nothing here ever reaches AWS.
    AWS_ACCESS_KEY_ID: 'local-bench-dummy',
    AWS_SECRET_ACCESS_KEY: 'local-bench-dummy-secret',
    AWS_SESSION_TOKEN: 'bench',
    AWS_LAMBDA_FUNCTION_NAME: `entraide-${benchTenantId}-${candidate.name}`,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(candidate.memorySize),
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    LAMBDA_TASK_ROOT: candidate.bundle.directory,
    // The embedded DynamoDB of the first request; both the SDK and our client read this variable.
    ...(dynamoEndpoint ? { AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint } : {}),
    // Lambda runs Node 22, the bench Node 20: the SDK's warning about 20 is not part of a cold start.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...candidate.environment,
  };
}

/**
 * Runs in the fresh process: times the import (which builds the clients), then lists what is
 * left open. A socket or a DNS lookup there means the import reached for the network.
 */
const probeSource = `
const cpuBefore = process.cpuUsage();
const started = performance.now();
const loaded = await import(process.argv[1]);
const importMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const cpuMs = (cpu.user + cpu.system) / 1000;
await new Promise((resolve) => setImmediate(resolve));
const network = process.getActiveResourcesInfo().filter((name) => /TCP|UDP|GetAddrInfo/i.test(name));
let first = null;
if (process.env.BENCH_FIRST_EVENT && typeof loaded.handler === 'function') {
  const event = JSON.parse(process.env.BENCH_FIRST_EVENT);
  // Another address each time: rate limits per IP must not turn later rounds into 429s.
  if (event.requestContext?.http) event.requestContext.http.sourceIp = '198.51.100.' + (1 + Math.floor(Math.random() * 250));
  const context = { functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, functionVersion: '$LATEST', memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    invokedFunctionArn: 'arn:aws:lambda:eu-west-3:123456789012:function:bench', awsRequestId: 'bench-first-request', logGroupName: 'bench', logStreamName: 'bench',
    callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 10000 };
  const result = await loaded.handler(event, context);
  const firstCpu = process.cpuUsage(cpuBefore);
  first = { ms: performance.now() - started, cpuMs: (firstCpu.user + firstCpu.system) / 1000, status: typeof result?.statusCode === 'number' ? result.statusCode : result === undefined ? null : 'done' };
}
process.stdout.write('\\n@@cold-start ' + JSON.stringify({ importMs, cpuMs, network, exportsHandler: typeof loaded.handler === 'function', first }) + '\\n');
process.exit(0);
`;

/** An HTTP function's status code; `done` when a function that is not HTTP (a job) returned its result; null: no answer. */
type FirstStatus = number | 'done' | null;

interface ImportSample {
  importMs: number;
  /** CPU time of the import (user + system): less sensitive than wall time to other work on the machine. */
  cpuMs: number;
  network: string[];
  exportsHandler: boolean;
  /** Import + the first request, from the start of the import; its status code (`done`: a job's summary). */
  first: { ms: number; cpuMs: number; status: FirstStatus } | null;
}

function importOnce(candidate: ColdStartCandidate, home: string, dynamoEndpoint?: string, cpuProfileDir?: string): Promise<ImportSample> {
  const file = join(candidate.bundle.directory, 'index.mjs');
  const profiling = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(cpuProfileDir, candidate.name)}`] : [];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...profiling, '--input-type=module', '-e', probeSource, pathToFileURL(file).href], {
      cwd: dirname(file),
      env: {
        ...lambdaEnvironment(candidate, home, dynamoEndpoint),
        ...(dynamoEndpoint && candidate.firstRequest
          ? { BENCH_FIRST_EVENT: JSON.stringify(withOriginProof(candidate.firstRequest.event, candidate.environment.ORIGIN_SECRET)) }
          : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = output.split('\n').find((text) => text.startsWith('@@cold-start '));
      if (code !== 0 || !line) {
        reject(new Error(`exit ${code}: ${errors.trim().split('\n').slice(-8).join('\n')}`));
        return;
      }
      resolve(JSON.parse(line.slice('@@cold-start '.length)) as ImportSample);
    });
  });
}

export interface ColdStartResult {
  candidate: ColdStartCandidate;
  samples: number[];
  medianMs: number;
  p90Ms: number;
  cpuMedianMs: number;
  /** Median ÷ the reference's median. */
  ratio: number;
  /** The same with CPU time: steadier when other work shares the machine. */
  cpuRatio: number;
  network: string[];
  exportsHandler: boolean;
  /** Import + first answered request, for the HTTP functions and the reference. */
  first?: { medianMs: number; cpuMedianMs: number; ratio: number; cpuRatio: number; statuses: FirstStatus[] };
}

/**
 * The embedded DynamoDB the first requests read: the tenant's table (from the one table
 * definition) and the reference's. In the bench's own process, idle while a candidate runs.
 */
export async function startFirstRequestTables(tenantTableName: string): Promise<RunningServer> {
  const server = await startEmbeddedDynamo({ port: 0 });
  const client = localDynamoClient(server.endpoint);
  try {
    await ensureTable(client, tenantTableName);
    await client.send(
      new CreateTableCommand({
        TableName: referenceTableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    client.destroy();
  }
  return server;
}

/**
 * Imports every candidate `runs` times, one fresh process at a time, alternating and rotating
 * the order every round, so a burst of load on the shared machine hits every candidate alike.
 * One warm-up round (disk cache) is not counted.
 */
export interface ImportRecord {
  samples: number[];
  cpuSamples: number[];
  network: Set<string>;
  exportsHandler: boolean;
  /** Import + first request (wall and CPU), and the status codes it answered. */
  firstSamples: number[];
  firstCpuSamples: number[];
  firstStatuses: Set<FirstStatus>;
  /** Why an import failed (the handler threw at init): that candidate is not imported again. */
  error?: string;
}

export async function measureImports(
  candidates: ColdStartCandidate[],
  options: { runs: number; cpuProfileDir?: string; onRound?: (round: number) => void; dynamoEndpoint?: string },
): Promise<Map<string, ImportRecord>> {
  const home = mkdtempSync(join(tmpdir(), 'entraide-bench-home-'));
  const results = new Map<string, ImportRecord>(
    candidates.map((candidate) => [
      candidate.name,
      {
        samples: [],
        cpuSamples: [],
        network: new Set<string>(),
        exportsHandler: true,
        firstSamples: [],
        firstCpuSamples: [],
        firstStatuses: new Set(),
      },
    ]),
  );
  try {
    for (let round = 0; round <= options.runs; round += 1) {
      const order = candidates.map((_, index) => candidates[(index + round) % candidates.length]!);
      for (const candidate of order) {
        const result = results.get(candidate.name)!;
        if (result.error) continue;
        let sample: ImportSample;
        try {
          sample = await importOnce(candidate, home, options.dynamoEndpoint);
        } catch (error) {
          if (candidate.name === referenceName) throw error;
          result.error = (error as Error).message;
          continue;
        }
        if (round > 0) {
          result.samples.push(sample.importMs);
          result.cpuSamples.push(sample.cpuMs);
          if (sample.first) {
            result.firstSamples.push(sample.first.ms);
            result.firstCpuSamples.push(sample.first.cpuMs);
          }
        }
        if (sample.first) result.firstStatuses.add(sample.first.status);
        sample.network.forEach((name) => result.network.add(name));
        result.exportsHandler &&= sample.exportsHandler;
      }
      options.onRound?.(round);
    }
    if (options.cpuProfileDir) {
      mkdirSync(options.cpuProfileDir, { recursive: true });
      for (const candidate of candidates) {
        if (!results.get(candidate.name)!.error) await importOnce(candidate, home, options.dynamoEndpoint, options.cpuProfileDir);
      }
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  return results;
}

/** The biggest inputs of a bundle, by package (or by folder of this repository), in bytes of output. */
export function biggestInputs(metafile: Metafile, count = 5): { input: string; bytes: number }[] {
  const byInput = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const key = inputGroup(path);
      byInput.set(key, (byInput.get(key) ?? 0) + input.bytesInOutput);
    }
  }
  return [...byInput.entries()]
    .map(([input, bytes]) => ({ input, bytes }))
    .sort((left, right) => right.bytes - left.bytes)
    .slice(0, count);
}

function inputGroup(path: string): string {
  const inModules = path.lastIndexOf('node_modules/');
  if (inModules >= 0) {
    const parts = path.slice(inModules + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  return path.split('/').slice(0, -1).join('/') || path;
}

const kilobytes = (bytes: number): number => round(bytes / 1024);

export interface ColdStartOptions {
  /** Imports counted per candidate (≥ 7); `BENCH_RUNS`, 9 by default. */
  runs?: number;
  /** Also write one `--cpu-prof` profile per candidate there; `BENCH_CPU_PROF`. */
  cpuProfileDir?: string;
  /** More handlers to measure beside the functions (`name=path/handler.ts,…`): `BENCH_COLD_EXTRA`. */
  extraEntries?: Record<string, string>;
  log?: (line: string) => void;
}

/** Builds, measures and prints; the figures for `npm run bench`'s summary. */
export async function coldStartFigures(options: ColdStartOptions = {}): Promise<BenchFigure[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const runs = Math.max(7, options.runs ?? Number(process.env.BENCH_RUNS ?? 9));
  const repoRoot = findRepoRoot(process.cwd());
  const extraEntries = options.extraEntries ?? parseExtraEntries(process.env.BENCH_COLD_EXTRA, repoRoot);
  const cpuProfileDir = options.cpuProfileDir ?? process.env.BENCH_CPU_PROF;

  log('cold start: bundling every function as the CDK app does, and the reference …');
  const startedBuild = performance.now();
  const build = buildColdStartBundles({ repoRoot, extraEntries, log });
  log(`  built ${build.functions.length + 1} bundles in ${round((performance.now() - startedBuild) / 1000, 1)} s`);
  try {
    const candidates = [build.reference, ...build.functions.filter((candidate) => !candidate.buildError)];
    const broken = build.functions.filter((candidate) => candidate.buildError);
    log(
      `cold start: importing each bundle in a fresh Node process, ${runs} times each, alternating (+1 warm-up round); the HTTP ones then answer a first request …`,
    );
    const tenantTable =
      build.functions.find((candidate) => candidate.environment.TABLE_NAME)?.environment.TABLE_NAME ?? `entraide-${benchTenantId}`;
    const dynamo = await startFirstRequestTables(tenantTable);
    let measured: Map<string, ImportRecord>;
    try {
      measured = await measureImports(candidates, {
        runs,
        dynamoEndpoint: dynamo.endpoint,
        ...(cpuProfileDir ? { cpuProfileDir } : {}),
        onRound: (round) => process.stdout.isTTY && process.stdout.write(`  round ${round}/${runs}\r`),
      });
    } finally {
      await dynamo.stop();
    }
    const referenceMedian = median(measured.get(referenceName)!.samples);
    const referenceCpuMedian = median(measured.get(referenceName)!.cpuSamples);
    const referenceFirst = measured.get(referenceName)!;
    const referenceFirstMedian = median(referenceFirst.firstSamples);
    const referenceFirstCpuMedian = median(referenceFirst.firstCpuSamples);
    for (const candidate of candidates) {
      const error = measured.get(candidate.name)!.error;
      // The handler's own words (`Error: Bad environment: …`), not the stack under them.
      if (error)
        broken.push({
          ...candidate,
          buildError: `import failed: ${
            error
              .split('\n')
              .find((line) => /Error\b/.test(line))
              ?.trim() ?? firstLine(error)
          }`,
        });
    }
    const results: ColdStartResult[] = candidates
      .filter((candidate) => !measured.get(candidate.name)!.error)
      .map((candidate) => {
        const { samples, cpuSamples, network, exportsHandler, firstSamples, firstCpuSamples, firstStatuses } = measured.get(
          candidate.name,
        )!;
        const medianMs = median(samples);
        const first =
          firstSamples.length > 0
            ? {
                medianMs: median(firstSamples),
                cpuMedianMs: median(firstCpuSamples),
                ratio: median(firstSamples) / referenceFirstMedian,
                cpuRatio: median(firstCpuSamples) / referenceFirstCpuMedian,
                statuses: [...firstStatuses],
              }
            : undefined;
        return {
          ...(first ? { first } : {}),
          candidate,
          samples,
          medianMs,
          p90Ms: percentile(samples, 0.9),
          cpuMedianMs: median(cpuSamples),
          ratio: medianMs / referenceMedian,
          cpuRatio: median(cpuSamples) / referenceCpuMedian,
          network: [...network],
          exportsHandler,
        };
      });

    log('');
    log(
      formatTable(
        ['function', 'KB at init', 'KB all', 'import ms (median)', 'p90', 'CPU ms (median)', '× reference', '(CPU)', 'target', 'met'],
        results.map((result) => [
          result.candidate.name + (result.candidate.name !== referenceName && !result.candidate.inCdkApp ? ' (not in the CDK app)' : ''),
          kilobytes(result.candidate.bundle.initBytes),
          kilobytes(result.candidate.bundle.totalBytes),
          round(result.medianMs),
          round(result.p90Ms),
          round(result.cpuMedianMs),
          round(result.ratio, 2),
          round(result.cpuRatio, 2),
          result.candidate.target === undefined ? '—' : `≤ ${result.candidate.target.toFixed(1)}×`,
          result.candidate.target === undefined ? '—' : result.ratio <= result.candidate.target ? 'yes' : 'NO',
        ]),
      ),
    );
    const withFirst = results.filter((result) => result.first);
    if (withFirst.length > 0) {
      log('');
      log('import + first answered request, in the same fresh process (the request reads the embedded DynamoDB):');
      log(
        formatTable(
          ['function', 'request', 'status', 'ms (median)', 'CPU ms (median)', '× reference', '(CPU)'],
          withFirst.map((result) => [
            result.candidate.name,
            result.candidate.firstRequest!.label,
            result.first!.statuses.join(' '),
            round(result.first!.medianMs),
            round(result.first!.cpuMedianMs),
            round(result.first!.ratio, 2),
            round(result.first!.cpuRatio, 2),
          ]),
        ),
      );
    }
    log('');
    log('biggest inputs (KB of minified output, by package):');
    for (const result of results) {
      log(
        `  ${result.candidate.name.padEnd(20)} ${biggestInputs(result.candidate.metafile)
          .map((input) => `${input.input} ${kilobytes(input.bytes)}`)
          .join(', ')}`,
      );
    }
    for (const candidate of broken) log(`  NOT MEASURED: ${candidate.name}: ${candidate.buildError}`);
    for (const result of results) {
      if (result.network.length > 0)
        log(`  WARNING: ${result.candidate.name} left ${result.network.join(', ')} open after import: it reaches for the network at init`);
      if (!result.exportsHandler) log(`  WARNING: ${result.candidate.name} exports no \`handler\` function`);
    }
    if (cpuProfileDir)
      log(
        `CPU profiles of one import each: ${relative(process.cwd(), cpuProfileDir) || cpuProfileDir}/<function>/ (open in Chrome DevTools)`,
      );
    log('');

    const reference = results[0]!;
    return [
      {
        figure: 'cold start: reference handler import (median, p90)',
        value: `${round(reference.medianMs)} ms, p90 ${round(reference.p90Ms)} ms, CPU ${round(reference.cpuMedianMs)} ms, ${kilobytes(reference.candidate.bundle.initBytes)} KB`,
        target: 'reported',
        met: null,
      },
      ...(reference.first
        ? [
            {
              figure: `cold start: reference import + first request (${reference.candidate.firstRequest!.label})`,
              value: `${round(reference.first.medianMs)} ms, CPU ${round(reference.first.cpuMedianMs)} ms (HTTP ${reference.first.statuses.join(' ')})`,
              target: 'reported',
              met: null,
            },
          ]
        : []),
      ...results.slice(1).flatMap((result): BenchFigure[] => [
        {
          figure: `cold start: ${result.candidate.name} import ÷ reference`,
          value: `${round(result.ratio, 2)}× (${round(result.medianMs)} ms, p90 ${round(result.p90Ms)} ms; CPU ${round(result.cpuRatio, 2)}×)`,
          target: `≤ ${result.candidate.target!.toFixed(1)}×`,
          met: result.ratio <= result.candidate.target! && result.network.length === 0,
        },
        ...(result.first ? [firstRequestFigure(result)] : []),
        {
          figure: `bundle size: ${result.candidate.name} (minified, read at init / all)`,
          value: `${kilobytes(result.candidate.bundle.initBytes)} KB / ${kilobytes(result.candidate.bundle.totalBytes)} KB`,
          target: 'reported',
          met: null,
        },
      ]),
      ...broken.map(
        (candidate): BenchFigure => ({
          figure: `cold start: ${candidate.name} import ÷ reference`,
          value: candidate.buildError!.startsWith('import failed') ? candidate.buildError! : `did not build: ${candidate.buildError}`,
          target: `≤ ${candidate.target!.toFixed(1)}×`,
          met: false,
        }),
      ),
    ];
  } finally {
    build.cleanUp();
  }
}

/**
 * Reported beside the import: a function that moved work from its import into its first request
 * would show it here. An answer of 5xx (or none) means the request was not served: missed.
 */
function firstRequestFigure(result: ColdStartResult): BenchFigure {
  const first = result.first!;
  const served = first.statuses.every((status) => status === 'done' || (status !== null && status < 500));
  return {
    figure: `cold start: ${result.candidate.name} import + first request (${result.candidate.firstRequest!.label}) ÷ reference`,
    value: `${round(first.ratio, 2)}× (${round(first.medianMs)} ms; CPU ${round(first.cpuRatio, 2)}×; ${first.statuses.every((status) => status === 'done') ? 'done' : `HTTP ${first.statuses.join(' ')}`})`,
    target: 'reported (answered, not 5xx)',
    met: served ? null : false,
  };
}

function parseExtraEntries(setting: string | undefined, repoRoot: string): Record<string, string> {
  if (!setting) return {};
  return Object.fromEntries(
    setting.split(',').map((pair) => {
      const [name, path] = pair.split('=');
      if (!name || !path) throw new Error(`BENCH_COLD_EXTRA: "${pair}" is not name=path/to/handler.ts`);
      return [name, resolve(repoRoot, path)];
    }),
  );
}
