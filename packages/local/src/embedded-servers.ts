import { mkdirSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import dynalite from 'dynalite';
import sesModule from 'aws-ses-v2-local';

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
  const server = dynalite({
    ...(options.path ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  }) as Server;
  const port = await listen(server, options.port);
  return { endpoint: `http://127.0.0.1:${port}`, port, stop: () => closeServer(server) };
}

// A CommonJS module with `exports.default`: under native ESM the default import is the whole module.
const sesServer: typeof sesModule =
  typeof sesModule === 'function' ? sesModule : (sesModule as unknown as { default: typeof sesModule }).default;

/** aws-ses-v2-local on 127.0.0.1; `GET /store` is the outbox. Its store lives in this process. */
export async function startEmbeddedSes(options: { port: number }): Promise<RunningServer> {
  const server = (await sesServer({ host: '127.0.0.1', port: options.port })) as Server;
  const port = (server.address() as AddressInfo).port;
  return { endpoint: `http://127.0.0.1:${port}`, port, stop: () => closeServer(server) };
}

export const localDynamoClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({ endpoint, region: localRegion, credentials: dummyCredentials });

export const localSesClient = (endpoint: string): SESv2Client =>
  new SESv2Client({ endpoint, region: localRegion, credentials: dummyCredentials });

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
