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

async function startOnThread(name: string, module: string, start: string, workerData: Record<string, unknown>): Promise<RunningServer> {
  // Resolved here: an eval'd thread resolves from the working directory, which may be anywhere.
  const modulePath = createRequire(import.meta.url).resolve(module);
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
