import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4a } from '@smithy/signature-v4a';
import type { KvsSend } from './app.js';

/**
 * The KeyValueStore's data plane (REST JSON at `<account>.cloudfront-kvs.global.api.aws`), signed
 * with SigV4A over every region (`*`), which the data plane requires and `aws4` does not sign.
 */
export function kvsSender(options: {
  kvsArn: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  fetch?: typeof fetch;
}): KvsSend {
  const send = options.fetch ?? fetch;
  const accountId = options.kvsArn.split(':')[4]!;
  const host = `${accountId}.cloudfront-kvs.global.api.aws`;
  const signer = new SignatureV4a({ service: 'cloudfront-keyvaluestore', region: '*', sha256: Sha256, credentials: options.credentials });
  return async (request) => {
    const path = `/key-value-stores/${encodeURIComponent(options.kvsArn)}${request.path}`;
    const headers: Record<string, string> = { host, ...(request.ifMatch ? { 'if-match': request.ifMatch } : {}) };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const signed = await signer.sign(
      { method: request.method, protocol: 'https:', hostname: host, path, headers, query: {}, body: request.body },
      {},
    );
    const response = await send(`https://${host}${path}`, {
      method: request.method,
      headers: signed.headers as Record<string, string>,
      ...(request.body !== undefined ? { body: request.body } : {}),
    });
    return { status: response.status, etag: response.headers.get('etag') ?? undefined, body: await response.text() };
  };
}

/** SHA-256 and HMAC-SHA-256 on node:crypto, as the signer wants them. */
class Sha256 {
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
}

function bytes(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
}
