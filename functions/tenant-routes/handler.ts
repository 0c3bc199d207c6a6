import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4a } from '@smithy/signature-v4a';
import * as z from 'zod';
import { createLogger } from '../shared/logger.js';
import { readEnv } from '../shared/env.js';
import { tenantRouteProvider, tenantRoutes, type KvsSend } from './app.js';

// Built once per container: the site's KeyValueStore and Lambda's credentials.
const env = readEnv({
  KVS_ARN: z.string().regex(/^arn:aws[a-z-]*:cloudfront::\d{12}:key-value-store\/[0-9a-f-]+$/),
  AWS_ACCESS_KEY_ID: z.string().min(1),
  AWS_SECRET_ACCESS_KEY: z.string().min(1),
  AWS_SESSION_TOKEN: z.string().optional(),
});
const logger = createLogger('tenant-routes');
const accountId = env.KVS_ARN.split(':')[4]!;
const host = `${accountId}.cloudfront-kvs.global.api.aws`;
// The data plane signs with SigV4A over every region.
const signer = new SignatureV4a({
  service: 'cloudfront-keyvaluestore',
  region: '*',
  sha256: class Sha256 {
    private hash: Hash | Hmac;
    private readonly secret: string | Uint8Array | undefined;
    constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
      this.secret = secret === undefined || typeof secret === 'string' ? secret : bytes(secret);
      this.hash = this.fresh();
    }
    private fresh(): Hash | Hmac {
      return this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
    }
    update(data: string | ArrayBuffer | ArrayBufferView): void {
      this.hash.update(typeof data === 'string' ? data : bytes(data));
    }
    async digest(): Promise<Uint8Array> {
      return new Uint8Array(this.hash.digest());
    }
    reset(): void {
      this.hash = this.fresh();
    }
  },
  credentials: {
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  },
});

function bytes(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
}

const send: KvsSend = async (request) => {
  const path = `/key-value-stores/${encodeURIComponent(env.KVS_ARN)}${request.path}`;
  const headers: Record<string, string> = { host, ...(request.ifMatch ? { 'if-match': request.ifMatch } : {}) };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const signed = await signer.sign(
    { method: request.method, protocol: 'https:', hostname: host, path, headers, query: {}, body: request.body },
    {},
  );
  const response = await fetch(`https://${host}${path}`, {
    method: request.method,
    headers: signed.headers as Record<string, string>,
    ...(request.body !== undefined ? { body: request.body } : {}),
  });
  return { status: response.status, etag: response.headers.get('etag') ?? undefined, body: await response.text() };
};

const provider = tenantRouteProvider({
  routes: tenantRoutes(send),
  respond: async (url, body) => {
    // The pre-signed S3 URL CloudFormation waits on: no content type, as it was signed.
    const response = await fetch(url, { method: 'PUT', body, headers: { 'content-type': '' } });
    if (!response.ok) throw new Error(`CloudFormation's response URL answered ${response.status}`);
  },
});

/** Invoked by CloudFormation for each tenant stack's TenantApiRoute. */
export const handler = async (event: unknown): Promise<void> => {
  const outcome = await provider(event);
  // The tenant and the outcome; the domain is no secret, but nothing else is needed.
  logger.info('tenant route', { status: outcome.Status, tenant: outcome.PhysicalResourceId, reason: outcome.Reason ?? null });
};
