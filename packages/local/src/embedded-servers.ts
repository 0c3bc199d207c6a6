import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo, Server } from 'node:net';
import { Worker } from 'node:worker_threads';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';

/** Local credentials are dummies: the embedded servers accept anything that looks signed. */
const dummyCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
export const localRegion = 'eu-west-3';

export interface RunningServer {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve, reject) => {
    // Keep-alive sockets of SDK clients would hold close() open for minutes.
    (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
    server.close((error) => (error ? reject(error) : resolve()));
  });

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** dynalite on 127.0.0.1: on disk under `path` (a restart keeps everything), in memory without. */
export async function startEmbeddedDynamo(options: { port: number; path?: string }): Promise<RunningServer> {
  if (options.path) mkdirSync(options.path, { recursive: true });
  // Loaded here, not at import: whoever starts SES first lets its thread load alongside (`npm start`).
  const { default: dynalite } = await import('dynalite');
  const server = dynalite({
    ...(options.path ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  }) as Server;
  const port = await listen(server, options.port);
  return { endpoint: `http://127.0.0.1:${port}`, port, stop: () => closeServer(server) };
}

/**
 * aws-ses-v2-local's own thread: loading it (express, mailparser, nodemailer, its own zod) takes
 * about a second of module loading, which would otherwise hold up everything else at start. It
 * talks HTTP only, so nothing changes for its clients; the outbox lives in this thread.
 */
const sesWorkerSource = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const loaded = require(workerData.modulePath);
  const start = typeof loaded === 'function' ? loaded : loaded.default;
  const server = await start({ host: '127.0.0.1', port: workerData.port });
  // Its listen() resolves even when the port is taken (express 5 hands the error to the callback).
  if (!server.listening) throw Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:' + workerData.port), { code: 'EADDRINUSE' });
  parentPort.on('message', () => {
    server.closeAllConnections();
    server.close(() => parentPort.postMessage({ closed: true }));
  });
  parentPort.postMessage({ port: server.address().port });
})().catch((error) => parentPort.postMessage({ error: { message: error.message, code: error.code } }));
`;

/** aws-ses-v2-local on 127.0.0.1, on a worker thread; `GET /store` is the outbox. */
export async function startEmbeddedSes(options: { port: number }): Promise<RunningServer> {
  const modulePath = createRequire(import.meta.url).resolve('aws-ses-v2-local');
  const worker = new Worker(sesWorkerSource, { eval: true, workerData: { modulePath, port: options.port } });
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (message: { port?: number; error?: { message: string; code?: string } }) => {
      if (message.port !== undefined) return resolve(message.port);
      reject(Object.assign(new Error(message.error?.message ?? 'the SES server did not start'), { code: message.error?.code }));
    });
    worker.once('error', reject);
    void exited.then((code) => reject(new Error(`the SES server's thread exited (${code}) before listening`)));
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

export const localDynamoClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({ endpoint, region: localRegion, credentials: dummyCredentials });

/** `endpoint` may be a promise of it: each call then waits for the SES server to be up (`npm start`). */
export const localSesClient = (endpoint: string | Promise<string>): SESv2Client =>
  new SESv2Client({
    endpoint: typeof endpoint === 'string' ? endpoint : async () => ({ url: new URL(await endpoint) }),
    region: localRegion,
    credentials: dummyCredentials,
  });

export interface OutboxMail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/** Every mail the embedded SES has sent, oldest first. */
export async function readOutbox(sesEndpoint: string): Promise<OutboxMail[]> {
  const response = await fetch(`${sesEndpoint}/store`);
  if (!response.ok) throw new Error(`outbox: HTTP ${response.status}`);
  return ((await response.json()) as { emails: OutboxMail[] }).emails;
}

export async function clearOutbox(sesEndpoint: string): Promise<void> {
  await fetch(`${sesEndpoint}/clear-store`, { method: 'POST' });
}
