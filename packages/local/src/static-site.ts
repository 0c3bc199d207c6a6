import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { contentSecurityPolicy } from '../../site/build/security-headers.js';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

/** The site's headers once the embedded S3 listens: its origin takes the gallery's presigned uploads (as the bucket's does in AWS). */
export const siteSecurityHeadersWithUploads = (uploadOrigin: string) => ({
  ...siteSecurityHeaders,
  'content-security-policy': contentSecurityPolicy({ uploadOrigin }),
});

/** The same headers CloudFront adds in AWS: a strict CSP (no inline script), no framing. */
export const siteSecurityHeaders = {
  // The one policy, also set by CloudFront (infra/lib/site-stack.ts); locally no tile server or geocoder.
  'content-security-policy': contentSecurityPolicy(),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
};

export interface StaticFile {
  body: Buffer;
  contentType: string;
  /** Its compressed bodies, made on first request and kept (text only, as CloudFront compresses). */
  encoded: Partial<Record<ContentEncoding, Buffer>>;
  compressible: boolean;
}

type ContentEncoding = 'br' | 'gzip';

/** Text worth compressing; images are compressed already. Under 1 KB it costs more than it saves (CloudFront's own floor). */
const compressibleTypes = new Set(['.html', '.js', '.css', '.json', '.svg']);
const compressionFloorBytes = 1024;

/** The encoding to send for a request's Accept-Encoding: brotli, else gzip, else none. */
export function chooseEncoding(acceptEncoding: string | undefined): ContentEncoding | null {
  const offered = new Map(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().split(/\s*;\s*q\s*=\s*/))
      .filter(([name]) => name)
      .map(([name, quality]) => [name!.toLowerCase(), quality === undefined ? 1 : Number(quality)] as const),
  );
  const accepts = (name: string) => (offered.get(name) ?? offered.get('*') ?? 0) > 0;
  return accepts('br') ? 'br' : accepts('gzip') ? 'gzip' : null;
}

/** What to send for `file`: its body as the request accepts it, and the headers that say so. */
export function encodedBody(file: StaticFile, acceptEncoding: string | undefined): { body: Buffer; headers: Record<string, string> } {
  if (!file.compressible) return { body: file.body, headers: {} };
  const encoding = chooseEncoding(acceptEncoding);
  const vary = { vary: 'accept-encoding' };
  if (!encoding) return { body: file.body, headers: vary };
  const body = (file.encoded[encoding] ??=
    encoding === 'br'
      ? brotliCompressSync(file.body, {
          params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: file.body.length },
        })
      : gzipSync(file.body, { level: 9 }));
  return { body, headers: { ...vary, 'content-encoding': encoding } };
}

/**
 * How long a browser may keep a file: a name with a content hash (`chunk-3FQ2ZQ7B.js`) never
 * changes, so a year without asking; anything else is checked again each time.
 */
export const cacheControl = (name: string): string =>
  /-[A-Z0-9]{8}\.(js|css)$/.test(name) ? 'public, max-age=31536000, immutable' : 'no-cache';

/**
 * The site's files, read once. Only names found in the folder can be served: no path from a
 * request ever reaches the file system.
 */
export function loadStaticSite(directory: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const name of readdirSync(directory)) {
    const type = contentTypes[extname(name)];
    if (!type) continue;
    const body = readFileSync(join(directory, name));
    files.set(name, {
      body,
      contentType: type,
      encoded: {},
      compressible: compressibleTypes.has(extname(name)) && body.length >= compressionFloorBytes,
    });
  }
  return files;
}
