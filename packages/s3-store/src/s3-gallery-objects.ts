import type http from 'node:http';
import type { DrawingImageType, GalleryObjects, PresignedUpload } from '@entraide/core';
import {
  bodyText,
  credentialsFromEnvironment,
  regionFromEnvironment,
  sendSigned,
  signRequest,
  type AwsCredentials,
} from '@entraide/aws-signed';

/**
 * Objects of one S3 bucket, over S3's REST API signed by the platform's one aws4 path
 * (`@entraide/aws-signed`, as DynamoDB, SES and SQS are): presigned uploads, reads, writes and
 * deletes, no AWS SDK in the functions (the SDK's S3 client would weigh on every cold start). The
 * gallery's images and the inbound mail SES stores both go through it.
 */
export type S3Credentials = AwsCredentials;

export interface S3ObjectsOptions {
  bucket: string;
  /** Default: `AWS_REGION`, then `AWS_DEFAULT_REGION`. */
  region?: string;
  /** An S3-compatible server (the embedded one), addressed path-style: `<endpoint>/<bucket>/<key>`. Default: S3's regional endpoint, virtual-hosted. */
  endpoint?: string;
  /** Default: Lambda's, from the environment, read on each request. */
  credentials?: S3Credentials;
  now?: () => Date;
}

/** A key's path: each segment encoded, the slashes kept (S3's canonical URI). */
const keyPath = (key: string): string => key.split('/').map(encodeURIComponent).join('/');

export class S3ObjectError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(`S3 ${operation}: HTTP ${status} ${code}`);
    this.name = 'S3ObjectError';
  }
}

export class S3Objects {
  private readonly region: string;

  constructor(private readonly options: S3ObjectsOptions) {
    this.region = regionFromEnvironment('S3', options.region);
  }

  /** Where a key's object lives: host, and path (with the bucket in it path-style). */
  private location(key: string): { protocol: string; host: string; path: string } {
    if (this.options.endpoint) {
      const endpoint = new URL(this.options.endpoint);
      return { protocol: endpoint.protocol, host: endpoint.host, path: `/${this.options.bucket}/${keyPath(key)}` };
    }
    return { protocol: 'https:', host: `${this.options.bucket}.s3.${this.region}.amazonaws.com`, path: `/${keyPath(key)}` };
  }

  private credentials(): S3Credentials {
    return this.options.credentials ?? credentialsFromEnvironment('S3');
  }

  async presignUpload(request: {
    key: string;
    contentType: DrawingImageType;
    sizeBytes: number;
    expiresInSeconds: number;
  }): Promise<PresignedUpload> {
    const { protocol, host, path } = this.location(request.key);
    const now = this.options.now?.() ?? new Date();
    const date = now.toISOString().replace(/[:-]|\.\d{3}/g, '');
    // Signed headers: S3 refuses the upload if any differs (another size, another type) or if an object already has the key.
    const headers = { 'content-type': request.contentType, 'content-length': String(request.sizeBytes), 'if-none-match': '*' };
    const signed = signRequest(
      {
        service: 's3',
        region: this.region,
        method: 'PUT',
        url: new URL(`${protocol}//${host}${path}?X-Amz-Date=${date}&X-Amz-Expires=${request.expiresInSeconds}`),
        headers,
        signQuery: true,
      },
      this.credentials(),
    );
    const { 'content-length': _length, ...browserHeaders } = headers;
    return {
      method: 'PUT',
      url: `${protocol}//${host}${signed.path}`,
      // A browser sets the length itself from the file (and may not set it by hand).
      headers: browserHeaders,
      expiresAt: new Date(now.getTime() + request.expiresInSeconds * 1000).toISOString(),
    };
  }

  async read(key: string, maxBytes: number): Promise<Uint8Array | 'too_large' | 'missing'> {
    const response = await this.exchange('GET', key);
    const length = Number(response.headers['content-length'] ?? Number.NaN);
    if (response.statusCode === 404) {
      response.resume();
      return 'missing';
    }
    if (response.statusCode === 403) {
      // S3 answers a missing key 403, not 404, to whoever may not list it. A role granted one
      // prefix lists only that prefix (decision 0021): listing the key itself tells the two apart.
      const failure = await this.failure('GetObject', response);
      if (failure.code === 'AccessDenied' && !(await this.exists(key))) return 'missing';
      throw failure;
    }
    if (response.statusCode !== 200) throw await this.failure('GetObject', response);
    if (length > maxBytes) {
      response.destroy();
      return 'too_large';
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        response.destroy();
        return 'too_large';
      }
      chunks.push(chunk);
    }
    return new Uint8Array(Buffer.concat(chunks));
  }

  async write(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const response = await this.exchange('PUT', key, Buffer.from(bytes), { 'content-type': contentType });
    if (response.statusCode !== 200) throw await this.failure('PutObject', response);
    response.resume();
  }

  async remove(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      const response = await this.exchange('DELETE', key);
      if (response.statusCode !== 204 && response.statusCode !== 200 && response.statusCode !== 404)
        throw await this.failure('DeleteObject', response);
      response.resume();
    }
  }

  /** Whether an object has exactly this key: ListObjectsV2 of the key as prefix, one key at most. */
  async exists(key: string): Promise<boolean> {
    const { protocol, host } = this.location(key);
    const bucketPath = this.options.endpoint ? `/${this.options.bucket}` : '/';
    const response = await sendSigned({
      service: 's3',
      region: this.region,
      method: 'GET',
      url: new URL(`${protocol}//${host}${bucketPath}?list-type=2&max-keys=1&prefix=${encodeURIComponent(key)}`),
      headers: {},
      credentials: this.credentials(),
    });
    if (response.statusCode !== 200) throw await this.failure('ListObjectsV2', response);
    return [...(await bodyText(response)).matchAll(/<Key>([^<]*)<\/Key>/g)].some((match) => match[1] === key);
  }

  private exchange(method: string, key: string, body?: Buffer, headers: Record<string, string> = {}): Promise<http.IncomingMessage> {
    const { protocol, host, path } = this.location(key);
    return sendSigned({
      service: 's3',
      region: this.region,
      method,
      url: new URL(`${protocol}//${host}${path}`),
      headers,
      ...(body ? { body } : {}),
      credentials: this.credentials(),
    });
  }

  private async failure(operation: string, response: http.IncomingMessage): Promise<S3ObjectError> {
    const code = /<Code>([^<]+)<\/Code>/.exec(await bodyText(response))?.[1] ?? 'Unknown';
    return new S3ObjectError(operation, response.statusCode ?? 0, code);
  }
}

/** The gallery's objects port: the objects of the gallery's bucket. */
export class S3GalleryObjects extends S3Objects implements GalleryObjects {}
