import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { cacheControl, chooseEncoding, encodedBody, loadStaticSite } from './static-site.js';

let directory: string;
beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'entraide-site-'));
  writeFileSync(join(directory, 'post.js'), `console.log(${JSON.stringify('une annonce '.repeat(2000))});`);
  writeFileSync(join(directory, 'tiny.css'), 'body{margin:0}');
  writeFileSync(join(directory, 'favicon.png'), Buffer.alloc(4096, 7));
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('the local server compresses the site as CloudFront does', () => {
  it('sends brotli, else gzip, to a browser that takes it, and the same bytes once decoded', () => {
    const script = loadStaticSite(directory).get('post.js')!;
    const brotli = encodedBody(script, 'gzip, deflate, br');
    expect(brotli.headers).toEqual({ vary: 'accept-encoding', 'content-encoding': 'br' });
    expect(brotliDecompressSync(brotli.body).equals(script.body)).toBe(true);
    expect(brotli.body.length).toBeLessThan(script.body.length / 10);
    const gzip = encodedBody(script, 'gzip;q=1, br;q=0');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(script.body)).toBe(true);
  });

  it('sends the file as it is to a client that takes no encoding, and never recompresses images or tiny files', () => {
    const site = loadStaticSite(directory);
    expect(encodedBody(site.get('post.js')!, undefined)).toEqual({ body: site.get('post.js')!.body, headers: { vary: 'accept-encoding' } });
    expect(encodedBody(site.get('post.js')!, 'identity').headers['content-encoding']).toBeUndefined();
    expect(encodedBody(site.get('favicon.png')!, 'br').headers).toEqual({});
    expect(encodedBody(site.get('tiny.css')!, 'br').headers).toEqual({});
  });

  it('reads Accept-Encoding with its weights and wildcard', () => {
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('br;q=0, *;q=0.5')).toBe('gzip');
    expect(chooseEncoding('deflate')).toBeNull();
  });
});

describe('cache headers', () => {
  it('lets browsers keep a hashed chunk for a year, and check every other file each time', () => {
    expect(cacheControl('chunk-3FQ2ZQ7B.js')).toBe('public, max-age=31536000, immutable');
    expect(cacheControl('post.js')).toBe('no-cache');
    expect(cacheControl('tenant.html')).toBe('no-cache');
  });
});
