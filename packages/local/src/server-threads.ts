import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * The embedded servers. On a worker thread of its own (SES always, DynamoDB for `npm start`),
 * loading dynalite (LevelDB) or aws-ses-v2-local (express, mailparser, nodemailer, its own zod),
 * most of a start's module loading, overlaps the runtime's; afterwards DynamoDB's work runs beside
 * the handlers instead of between them. Both speak HTTP only, so their clients see no difference.
 * No SDK here: `npm start` starts them before loading the rest.
 */
export interface RunningServer {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** Where dynalite keeps a data folder's tables. */
export const dynamoDataPath = (dataDir: string): string => join(dataDir, 'dynamodb');

/**
 * The thread's side, CommonJS run by `eval`: `workerData.start` is one of the bodies below; it
 * resolves to a listening server. A `stop` message closes it (dynalite then closes LevelDB).
 */
const threadSource = (start: string) => `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const loaded = require(workerData.modulePath);
  const server = await (${start})(typeof loaded === 'function' ? loaded : loaded.default, workerData);
  parentPort.on('message', () => {
    server.closeAllConnections();
    server.close(() => parentPort.postMessage({ closed: true }));
  });
  parentPort.postMessage({ port: server.address().port });
})().catch((error) => parentPort.postMessage({ error: { message: error.message, code: error.code } }));
`;

/** Resolved here: an eval'd thread resolves from the working directory, which may be anywhere. */
const resolveModule = (module: string): string => createRequire(import.meta.url).resolve(module);

async function startOnThread(name: string, module: string, start: string, workerData: Record<string, unknown>): Promise<RunningServer> {
  const modulePath = resolveModule(module);
  const worker = new Worker(threadSource(start), { eval: true, workerData: { ...workerData, modulePath } });
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (message: { port?: number; error?: { message: string; code?: string } }) => {
      if (message.port !== undefined) return resolve(message.port);
      reject(Object.assign(new Error(message.error?.message ?? `${name} did not start`), { code: message.error?.code }));
    });
    worker.once('error', reject);
    void exited.then((code) => reject(new Error(`${name}'s thread exited (${code}) before listening`)));
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    async stop() {
      const closed = new Promise<void>((resolve) => worker.once('message', () => resolve()));
      worker.postMessage('stop');
      await Promise.race([closed, exited]);
      await worker.terminate();
    },
  };
}

const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve, reject) => {
    // Keep-alive sockets of SDK clients would hold close() open for minutes.
    server.closeAllConnections();
    server.close((error) => (error ? reject(error) : resolve()));
  });

/**
 * dynalite on 127.0.0.1: on disk under `path` (a restart keeps everything), in memory without. In
 * this thread unless `ownThread` (benchmarks and tests measure it where it always was).
 */
export async function startEmbeddedDynamo(options: { port: number; path?: string; ownThread?: boolean }): Promise<RunningServer> {
  if (options.path) mkdirSync(options.path, { recursive: true });
  const settings = { ...(options.path ? { path: options.path } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };
  if (!options.ownThread) {
    const { default: dynalite } = await import('dynalite');
    const server = dynalite(settings) as Server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, '127.0.0.1', resolve);
    });
    const port = (server.address() as AddressInfo).port;
    return { endpoint: `http://127.0.0.1:${port}`, port, stop: () => closeServer(server) };
  }
  return startOnThread(
    'DynamoDB (dynalite)',
    'dynalite',
    `(dynalite, { settings, port }) => new Promise((resolve, reject) => {
      const server = dynalite(settings);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve(server));
    })`,
    { settings, port: options.port },
  );
}

/** aws-ses-v2-local on 127.0.0.1; `GET /store` is the outbox (it lives in the server's thread). */
export function startEmbeddedSes(options: { port: number }): Promise<RunningServer> {
  return startOnThread(
    'the SES server',
    'aws-ses-v2-local',
    `async (start, { port }) => {
      const server = await start({ host: '127.0.0.1', port });
      // Its listen() resolves even when the port is taken (express 5 hands the error to the callback).
      if (!server.listening) throw Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:' + port), { code: 'EADDRINUSE' });
      return server;
    }`,
    { port: options.port },
  );
}

/** The embedded S3's one account (s3rver knows no other key): the local functions sign with it. */
export const localS3Credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** Where s3rver keeps a data folder's buckets. */
export const s3DataPath = (dataDir: string): string => join(dataDir, 's3');

/**
 * s3rver on 127.0.0.1 behind a front that checks what S3 checks and s3rver does not: a presigned
 * request's signature (SigV4, recomputed with aws4: another key, bucket, size or type than signed is
 * refused), its expiry, and `If-None-Match: *` on a PUT (a second upload to a used key is refused).
 * Requests signed in their header go to s3rver as they are (the functions' own calls).
 */
export function startEmbeddedS3(options: { port: number; directory: string; buckets: string[]; region: string }): Promise<RunningServer> {
  mkdirSync(options.directory, { recursive: true });
  return startOnThread(
    'the S3 server',
    's3rver',
    `async (S3rver, { port, directory, buckets, region, credentials, aws4Path }) => {
      const http = require('node:http');
      const { timingSafeEqual } = require('node:crypto');
      const aws4 = require(aws4Path);
      // Uploads come from the site's pages, another origin than the S3 server's.
      const cors = '<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PUT</AllowedMethod>' +
        '<AllowedHeader>*</AllowedHeader><MaxAgeSeconds>600</MaxAgeSeconds></CORSRule></CORSConfiguration>';
      const s3rver = new S3rver({ silent: true, directory, configureBuckets: buckets.map((name) => ({ name, configs: [cors] })) });
      await s3rver.configureBuckets();
      const handle = s3rver.callback();
      const refuse = (response, status, code, message) => {
        response.writeHead(status, { 'content-type': 'application/xml', 'access-control-allow-origin': '*' });
        response.end('<?xml version="1.0" encoding="UTF-8"?>\\n<Error><Code>' + code + '</Code><Message>' + message + '</Message></Error>');
      };
      const authParameters = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Security-Token'];
      /** The refusal of a presigned request, or undefined when it is what was signed. */
      const presignedRefusal = async (request, url) => {
        const query = url.searchParams;
        const headers = {};
        for (const name of (query.get('X-Amz-SignedHeaders') || '').split(';')) {
          if (name === 'host') continue;
          if (request.headers[name] === undefined) return ['SignatureDoesNotMatch', 'A signed header is missing: ' + name];
          headers[name] = request.headers[name];
        }
        const signedAt = Date.parse((query.get('X-Amz-Date') || '').replace(/^(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})(\\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
        const lifetime = Number(query.get('X-Amz-Expires'));
        if (!Number.isFinite(signedAt) || !Number.isInteger(lifetime)) return ['AuthorizationQueryParametersError', 'X-Amz-Date and X-Amz-Expires are required'];
        if (Date.now() > signedAt + lifetime * 1000) return ['AccessDenied', 'Request has expired'];
        const kept = [...query].filter(([name]) => !authParameters.includes(name));
        const path = url.pathname + '?' + kept.map(([name, value]) => encodeURIComponent(name) + '=' + encodeURIComponent(value)).join('&');
        const signed = aws4.sign({ service: 's3', region, method: request.method, host: request.headers.host, path, headers, signQuery: true }, credentials);
        const expected = new URL(signed.path, 'http://s3').searchParams;
        const same = (name) => {
          const a = Buffer.from(expected.get(name) || ''), b = Buffer.from(query.get(name) || '');
          return a.length === b.length && timingSafeEqual(a, b);
        };
        if (!same('X-Amz-Signature') || !same('X-Amz-Credential') || !same('X-Amz-SignedHeaders')) {
          return ['SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided'];
        }
        const [, bucket, ...key] = decodeURIComponent(url.pathname).split('/');
        if (request.method === 'PUT' && headers['if-none-match'] === '*' && (await s3rver.store.existsObject(bucket, key.join('/')))) {
          return ['PreconditionFailed', 'At least one of the pre-conditions you specified did not hold'];
        }
        return undefined;
      };
      const server = http.createServer((request, response) => {
        const url = new URL(request.url, 'http://' + request.headers.host);
        if (request.method === 'OPTIONS' || !url.searchParams.has('X-Amz-Algorithm')) return handle(request, response);
        presignedRefusal(request, url).then(
          (refusal) => {
            if (!refusal) return handle(request, response);
            refuse(response, refusal[0] === 'PreconditionFailed' ? 412 : 403, refusal[0], refusal[1]);
            request.resume();
          },
          (error) => refuse(response, 500, 'InternalError', String(error && error.message)),
        );
      });
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve(server));
      });
    }`,
    { ...options, credentials: localS3Credentials, aws4Path: resolveModule('aws4') },
  );
}
