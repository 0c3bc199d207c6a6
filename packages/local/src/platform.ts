import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cryptoRandom, inProcessDrawingProcessor, loadTenantDirectory, type GalleryObjects, type TenantConfig } from '@entraide/core';
import { localTableName } from '@entraide/dynamodb-store';
import { ensureTable } from '@entraide/dynamodb-store/create-table';
import { sharpImageProcessor } from '@entraide/image-processing';
import { httpGroups, type HttpGroupHandler } from '@entraide/functions/http-groups';
import { runScheduledJob, UnknownJobError, type JobDeps } from '@entraide/functions/scheduled-jobs';
import { buildAdapters } from '@entraide/functions/shared/adapters';
import { createLogger } from '@entraide/functions/shared/logger';
import type { Context } from 'aws-lambda';
import { matchRoute, toApiGatewayEvent } from './api-gateway-event.js';
import { buildRelayRuntime, relayLocalRoutes, type RelayRuntime } from './relay-runtime.js';
import {
  localDocClient,
  localDynamoClient,
  localGalleryBucket,
  localGalleryObjects,
  localRegion,
  localSesClient,
} from './embedded-servers.js';
import {
  dynamoDataPath,
  s3DataPath,
  startEmbeddedDynamo,
  startEmbeddedS3,
  startEmbeddedSes,
  type RunningServer,
} from './server-threads.js';
import { seedDemoCampaigns, seedDemoDrawings, seedDemoListings, seedDemoPosts } from './seed.js';
import { cacheControl, encodedBody, loadStaticSite, siteSecurityHeaders, siteSecurityHeadersWithUploads } from './static-site.js';

export interface PlatformOptions {
  /** 0 picks a free port (tests). */
  port: number;
  sesPort: number;
  /** An SES server already listening (the tests share one): the platform then starts none and sends its mail there. */
  sesEndpoint?: string;
  dynamoPort: number;
  /** The embedded S3 server (the gallery's uploads and images). */
  s3Port: number;
  /**
   * When the S3 server starts: with SES, once the API is ready (`npm start`: the upload page's CSP
   * names it), or on the gallery's first use (tests of other modules, which then never load it).
   */
  s3Start?: 'at-start' | 'on-first-use';
  /** Where dynalite keeps its files; a restart with the same folder keeps every post. */
  dataDir: string;
  /** The tenant config files (`infra/tenants`). */
  tenantsDir: string;
  /** The static site's files (`packages/site/public`). */
  siteDir: string;
  /** DynamoDB already starting on `dynamoDataPath(dataDir)` (`npm start` starts its thread first); the platform then owns it. */
  dynamo?: Promise<RunningServer>;
  /** Publish demo posts in tables created by this start. */
  seed?: boolean;
  mailFrom?: string;
  /**
   * How the API waits, e.g. for the staff sign-in's answer floor (core's staff-access.ts);
   * setTimeout when omitted, as in AWS. Tests that do not measure time pass one that returns at once.
   */
  sleep?: (ms: number) => Promise<void>;
}

export interface RunningPlatform {
  url: string;
  sesEndpoint: string;
  dynamoEndpoint: string;
  /** Unset when the S3 server starts on the gallery's first use (`s3Start: 'on-first-use'`). */
  s3Endpoint?: string;
  /** The one bucket of the gallery's objects, a prefix per tenant, as in AWS. */
  galleryBucket: string;
  tenants: TenantConfig[];
  /** Each tenant's mail sender, inbound mail and relay settings (issue 4). */
  relay: RelayRuntime;
  stop(): Promise<void>;
}

/** API Gateway's own payload limit: beyond it the function is never called. */
const gatewayMaxBodyBytes = 10 * 1024 * 1024;

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

const sendError = (response: ServerResponse, status: number, code: string, message: string): void =>
  sendJson(response, status, { error: { code, message, details: [] } });

function readRequestBody(request: IncomingMessage): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= gatewayMaxBodyBytes) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > gatewayMaxBodyBytes ? 'too_large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function lambdaContext(functionName: string, requestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/local/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * The whole platform on one machine: embedded DynamoDB and SES, every tenant's table created from
 * the one table definition, the same handlers as in AWS invoked with API Gateway v2 events, and the
 * static site. Everything listens on 127.0.0.1.
 */
export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const dynamoStarting = options.dynamo ?? startEmbeddedDynamo({ port: options.dynamoPort, path: dynamoDataPath(options.dataDir) });
  const stopDynamo = () =>
    dynamoStarting.then(
      (dynamo) => dynamo.stop(),
      () => undefined,
    );
  let tenants: TenantConfig[];
  let site: ReturnType<typeof loadStaticSite>;
  let dynamo: RunningServer;
  try {
    tenants = loadTenantDirectory(options.tenantsDir);
    site = loadStaticSite(options.siteDir);
    dynamo = await dynamoStarting;
  } catch (error) {
    await stopDynamo();
    throw error;
  }
  performance.mark('entraide:dynamodb-up');
  // SES starts once the API is ready, on its own thread; until it listens, a mail waits in the SES client (its endpoint).
  let sesStarting: Promise<RunningServer> | undefined;
  let sesRequested!: (starting: Promise<RunningServer>) => void;
  const sesUp = new Promise<RunningServer>((resolve, reject) => (sesRequested = (starting) => void starting.then(resolve, reject)));
  sesUp.then(
    () => performance.mark('entraide:ses-up'),
    () => undefined,
  );
  const startSes = (): Promise<RunningServer> => {
    const given = options.sesEndpoint;
    sesStarting ??= given
      ? Promise.resolve({ endpoint: given, port: Number(new URL(given).port), stop: async () => undefined })
      : startEmbeddedSes({ port: options.sesPort });
    sesRequested(sesStarting);
    return sesStarting;
  };
  const stopSes = async () => {
    await sesStarting?.then(
      (ses) => ses.stop(),
      () => undefined,
    );
  };
  // S3 too starts once the API is ready, beside SES: a start waits for neither before answering.
  let s3Starting: Promise<RunningServer> | undefined;
  let s3Endpoint: string | undefined;
  const startS3 = (): Promise<RunningServer> =>
    (s3Starting ??= startEmbeddedS3({
      port: options.s3Port,
      directory: s3DataPath(options.dataDir),
      buckets: [localGalleryBucket],
      region: localRegion,
    }).then((s3) => {
      performance.mark('entraide:s3-up');
      s3Endpoint = s3.endpoint;
      s3Requested(s3.endpoint);
      securityHeaders = siteSecurityHeadersWithUploads(new URL(s3.endpoint).origin);
      return s3;
    }));
  // Pages served before the S3 server listens cannot upload a drawing yet (their CSP names no upload origin).
  let securityHeaders: Record<string, string> = siteSecurityHeaders;
  // The functions' gallery objects wait for the S3 server as their mails wait for SES.
  let s3Requested!: (endpoint: string) => void;
  const s3Up = new Promise<GalleryObjects>((resolve) => (s3Requested = (endpoint) => resolve(localGalleryObjects(endpoint))));
  const s3Objects = async (): Promise<GalleryObjects> => {
    if (options.s3Start === 'on-first-use') await startS3();
    return s3Up;
  };
  const galleryObjects: GalleryObjects = {
    presignUpload: async (request) => (await s3Objects()).presignUpload(request),
    read: async (key, maxBytes) => (await s3Objects()).read(key, maxBytes),
    write: async (key, bytes, contentType) => (await s3Objects()).write(key, bytes, contentType),
    remove: async (keys) => (await s3Objects()).remove(keys),
  };
  // Locally the processing step runs in process: the same code the tenant's processing function runs in AWS.
  const drawingProcessor = inProcessDrawingProcessor({ objects: galleryObjects, images: sharpImageProcessor });
  const stopS3 = async () => {
    await s3Starting?.then(
      (s3) => s3.stop(),
      () => undefined,
    );
  };
  const dynamoClient = localDynamoClient(dynamo.endpoint);
  const documentClient = localDocClient(dynamo.endpoint);
  const sesEndpoint = sesUp.then((ses) => ses.endpoint);
  // A failed start is reported by startPlatform; a mail waiting then fails with it (and is retried), no more.
  sesEndpoint.catch(() => undefined);
  const sesClient = localSesClient(sesEndpoint);

  // Listening at once: a request that comes while the tables are checked waits for them, no longer.
  let apiReady!: () => void;
  let apiFailed!: (error: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => {
    apiReady = resolve;
    apiFailed = reject;
  });
  ready.catch(() => undefined);
  const server = createServer();
  server.on('request', (request, response) => void handleRequest(request, response));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, '127.0.0.1', resolve);
    });
  } catch (error) {
    dynamoClient.destroy();
    documentClient.destroy();
    await dynamo.stop();
    throw error;
  }
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** tenant → function group → handler, as each tenant stack has one function per group. */
  const handlers = new Map<string, Map<string, HttpGroupHandler>>();
  const relay = buildRelayRuntime({
    documentClient,
    sesClient,
    mailFrom: options.mailFrom ?? 'Entraide <ne-pas-repondre@entraide.localhost>',
  });
  const seedDrawings: (() => Promise<number>)[] = [];
  /** tenant → what its scheduled jobs are built from. */
  const jobDeps = new Map<string, JobDeps>();
  const stop = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    dynamoClient.destroy();
    documentClient.destroy();
    sesClient.destroy();
    relay.stop();
    await stopSes();
    await stopS3();
    await dynamo.stop();
  };
  try {
    // Every tenant's table at once: on a warm data folder, one DescribeTable each.
    await Promise.all(
      tenants.map(async (tenant) => {
        const adapters = buildAdapters({
          tenantId: tenant.id,
          tableName: localTableName(tenant.id),
          mailFrom: options.mailFrom ?? 'Entraide <ne-pas-repondre@entraide.localhost>',
          documentClient,
          sesClient,
          // Every mail through the mail-sender function's code, invoked asynchronously as in Lambda.
          mailer: relay.mailSender(tenant.id),
          galleryObjects,
          drawingProcessor,
        });
        const created = await ensureTable(dynamoClient, localTableName(tenant.id));
        if (created && options.seed) {
          await seedDemoPosts(tenant, adapters.store, cryptoRandom, new Date(), adapters.stats);
          await seedDemoCampaigns(tenant, adapters.campaignStore, cryptoRandom, new Date());
          await seedDemoListings(tenant, adapters.listingStore, cryptoRandom, new Date());
          // Drawings go through the embedded S3, which starts with SES: seeded once it is up.
          seedDrawings.push(() => seedDemoDrawings(tenant, adapters, cryptoRandom, new Date()));
        }
        const deps = { tenant, siteUrl: url, ...adapters, ...(options.sleep ? { sleep: options.sleep } : {}) };
        jobDeps.set(tenant.id, { ...deps, logger: createLogger('scheduled-jobs') });
        relay.registerTenant(tenant, { ...deps, logger: createLogger('inbound-mail') });
        handlers.set(
          tenant.id,
          new Map(Object.entries(httpGroups).map(([group, build]) => [group, build({ ...deps, logger: createLogger(group) })])),
        );
      }),
    );
    apiReady();
    performance.mark('entraide:api-ready');
  } catch (error) {
    apiFailed(error);
    await stop();
    throw error;
  }
  const tenantIndex = tenants.map((tenant) => ({
    id: tenant.id,
    name: tenant.name,
    kind: tenant.kind,
    country: tenant.country,
    url: `/t/${tenant.id}/`,
    api: `/t/${tenant.id}/api`,
  }));

  function serveFile(request: IncomingMessage, response: ServerResponse, name: string): void {
    const file = site.get(name);
    if (!file) return sendError(response, 404, 'not_found', 'No such page');
    const { body, headers } = encodedBody(file, request.headers['accept-encoding']);
    response.writeHead(200, { 'content-type': file.contentType, 'cache-control': cacheControl(name), ...headers, ...securityHeaders });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, tenantId: string, rawPath: string, rawQuery: string) {
    const tenantHandlers = handlers.get(tenantId);
    if (!tenantHandlers) return sendError(response, 404, 'unknown_tenant', `No tenant "${tenantId}"`);
    const method = request.method ?? 'GET';
    const match = matchRoute(method, rawPath.slice(`/t/${tenantId}/api`.length) || '/');
    if (match === undefined) return sendError(response, 404, 'not_found', 'No such route');
    if (match === 'method_not_allowed') return sendError(response, 404, 'not_found', 'No such route for this method');
    const body = await readRequestBody(request);
    if (body === 'too_large') return sendError(response, 413, 'body_too_large', 'The body is too large');
    const event = toApiGatewayEvent({
      tenantId,
      method,
      rawPath,
      rawQueryString: rawQuery,
      headers: request.headers,
      body,
      sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
      match,
    });
    const handler = tenantHandlers.get(match.route.group);
    if (!handler) return sendError(response, 404, 'not_found', 'No such route');
    const result = await handler(event, lambdaContext(`entraide-${tenantId}-${match.route.group}`, event.requestContext.requestId));
    response.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
    response.end(result.body ?? '');
  }

  /**
   * Local-only routes, absent in AWS. `jobs/{job}` runs a scheduled job now, from the same registry
   * as the scheduled-jobs function (functions/scheduled-jobs/jobs.ts); inbound mail arrives with the
   * contact relay.
   */
  async function handleLocal(request: IncomingMessage, response: ServerResponse, path: string, query: URLSearchParams) {
    if (await relayLocalRoutes(relay, request, path, query, response)) return;
    if (request.method !== 'POST') return sendError(response, 405, 'method_not_allowed', 'Local routes take POST');
    const job = /^\/_local\/jobs\/([a-z-]+)$/.exec(path)?.[1];
    if (job !== undefined) {
      const tenantId = query.get('tenant') ?? '';
      if (!handlers.has(tenantId)) return sendError(response, 404, 'unknown_tenant', `No tenant "${tenantId}"`);
      try {
        return sendJson(response, 200, { job, tenant: tenantId, summary: await runScheduledJob(job, jobDeps.get(tenantId)!) });
      } catch (error) {
        if (error instanceof UnknownJobError) return sendError(response, 404, 'unknown_job', error.message);
        throw error;
      }
    }
    return sendError(response, 404, 'not_found', 'No such local route');
  }

  /**
   * A drawing's image, as CloudFront's behaviour for the gallery bucket serves it on the site's
   * origin: `/gallery/<tenant>/<secret>/(display|thumbnail).webp`, the object of that key, never an upload.
   */
  async function serveGalleryImage(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const match = /^\/(gallery\/([a-z0-9-]+)\/[A-Za-z0-9_-]+\/(?:display|thumbnail)\.webp)$/.exec(path);
    const bytes = match && handlers.has(match[2]!) ? await galleryObjects.read(match[1]!, 10 * 1024 * 1024) : 'missing';
    if (!(bytes instanceof Uint8Array)) return sendError(response, 404, 'not_found', 'No such image');
    response.writeHead(200, {
      'content-type': 'image/webp',
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
    response.end(request.method === 'HEAD' ? undefined : Buffer.from(bytes));
  }

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      await ready;
      const requestUrl = new URL(request.url ?? '/', url);
      const path = requestUrl.pathname;
      const rawQuery = requestUrl.search.slice(1);
      const tenantPath = /^\/t\/([^/]+)(\/.*)?$/.exec(path);
      if (path === '/' || path === '/index.html') return serveFile(request, response, 'index.html');
      if (path === '/tenants.json') return sendJson(response, 200, tenantIndex);
      if (path.startsWith('/_local/')) return await handleLocal(request, response, path, requestUrl.searchParams);
      if (path.startsWith('/gallery/')) return await serveGalleryImage(request, response, path);
      if (tenantPath?.[1]) {
        const [, tenantId, rest = ''] = tenantPath;
        if (rest === '/api' || rest.startsWith('/api/')) return await handleApi(request, response, tenantId, path, rawQuery);
        if (!handlers.has(tenantId)) return sendError(response, 404, 'unknown_tenant', `No tenant "${tenantId}"`);
        if (rest === '') {
          response.writeHead(301, { location: `/t/${tenantId}/` });
          return void response.end();
        }
        return serveFile(request, response, rest === '/' ? 'tenant.html' : rest.slice(1));
      }
      // Shared assets (styles, scripts) live at the root too.
      return serveFile(request, response, path.slice(1));
    } catch (error) {
      console.error('local server error', error);
      if (!response.headersSent) sendError(response, 500, 'internal', 'Something went wrong on our side');
      else response.end();
    }
  }

  const s3AtStart = options.s3Start !== 'on-first-use' || seedDrawings.length > 0;
  const [ses] = await Promise.all([startSes(), s3AtStart ? startS3() : undefined]).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  for (const seed of seedDrawings) await seed();

  return {
    url,
    sesEndpoint: ses.endpoint,
    dynamoEndpoint: dynamo.endpoint,
    s3Endpoint,
    galleryBucket: localGalleryBucket,
    tenants,
    relay,
    stop,
  };
}
