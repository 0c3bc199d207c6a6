import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
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
}

/**
 * The site's files, read once. Only names found in the folder can be served: no path from a
 * request ever reaches the file system.
 */
export function loadStaticSite(directory: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const name of readdirSync(directory)) {
    const type = contentTypes[extname(name)];
    if (type) files.set(name, { body: readFileSync(join(directory, name)), contentType: type });
  }
  return files;
}
