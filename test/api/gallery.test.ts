import {
  cryptoRandom,
  drawingRefusalMessages,
  imagesPrefix,
  presignDrawingUpload,
  processDrawingUpload,
  uploadObjectKey,
  uploadsPrefix,
} from '@entraide/core';
import { sharpImageProcessor } from '@entraide/image-processing';
import exifr from 'exifr';
import sharp, { type Sharp } from 'sharp';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { localGalleryObjects } from '../../packages/local/src/embedded-servers.js';
import { s3DataPath } from '../../packages/local/src/server-threads.js';
import { staffSignIn, startTestPlatform, type TestPlatform } from '../support/platform.js';

/**
 * The gallery (issue 16) on the local platform: the embedded S3 server beside DynamoDB and SES,
 * and the same adapter the functions use in AWS.
 */
let platform: TestPlatform;
let objects: ReturnType<typeof localGalleryObjects>;

beforeAll(async () => {
  platform = await startTestPlatform({ s3Start: 'at-start' });
  objects = localGalleryObjects(platform.s3Endpoint!);
});
afterAll(async () => {
  await platform.cleanUp();
});

const drawingBytes = (size: number, fill = 7): Uint8Array<ArrayBuffer> => new Uint8Array(size).fill(fill);
const put = (url: string, body: Uint8Array<ArrayBuffer>, headers: Record<string, string>) =>
  fetch(url, { method: 'PUT', body: new Blob([body]), headers });
/** The S3 error code of a refused request, as a browser's page would read it. */
const refusal = async (response: Response) => ({ status: response.status, code: /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1] });

describe('a presigned upload', () => {
  it('stores exactly the announced image at its key, once', async () => {
    const upload = await presignDrawingUpload({ objects }, 'bourg-la-reine', 'upload-once', { contentType: 'image/png', sizeBytes: 2048 });
    expect(upload.key).toBe(uploadObjectKey('bourg-la-reine', 'upload-once'));
    expect(new URL(upload.url).searchParams.get('X-Amz-Expires')).toBe('600');
    expect((await put(upload.url, drawingBytes(2048), upload.headers)).status).toBe(200);
    expect(await objects.read(upload.key, 10_000)).toEqual(drawingBytes(2048));
    // Told from a missing key by a list of the key itself (what the processing function may do in AWS).
    expect([await objects.exists(upload.key), await objects.exists(`${upload.key}-not`)]).toEqual([true, false]);

    // The same URL again: refused while the first upload is there, which stays as it was.
    expect(await refusal(await put(upload.url, drawingBytes(2048, 9), upload.headers))).toEqual({
      status: 412,
      code: 'PreconditionFailed',
    });
    expect(await objects.read(upload.key, 10_000)).toEqual(drawingBytes(2048));
  });

  it('cannot upload to another key, another tenant or another bucket', async () => {
    const upload = await presignDrawingUpload({ objects }, 'bourg-la-reine', 'upload-keyed', { contentType: 'image/jpeg', sizeBytes: 100 });
    const elsewhere = (path: string) => {
      const url = new URL(upload.url);
      url.pathname = path;
      return url.href;
    };
    const targets = [
      `/${platform.galleryBucket}/${uploadObjectKey('bourg-la-reine', 'someone-else')}`,
      `/${platform.galleryBucket}/${imagesPrefix('bourg-la-reine')}guessed/display.webp`,
      `/${platform.galleryBucket}/${uploadObjectKey('courbevoie', 'upload-keyed')}`,
      `/entraide-other-bucket/${uploadObjectKey('bourg-la-reine', 'upload-keyed')}`,
    ];
    for (const target of targets) {
      expect(await refusal(await put(elsewhere(target), drawingBytes(100), upload.headers))).toEqual({
        status: 403,
        code: 'SignatureDoesNotMatch',
      });
    }
    expect(await objects.read(uploadObjectKey('bourg-la-reine', 'someone-else'), 10_000)).toBe('missing');
    expect(await objects.read(uploadObjectKey('courbevoie', 'upload-keyed'), 10_000)).toBe('missing');
    expect(await objects.read(upload.key, 10_000)).toBe('missing');
  });

  it('refuses more or fewer bytes than announced, another type, a forged signature', async () => {
    const upload = await presignDrawingUpload({ objects }, 'bourg-la-reine', 'upload-sized', {
      contentType: 'image/jpeg',
      sizeBytes: 1000,
    });
    const refused = { status: 403, code: 'SignatureDoesNotMatch' };
    expect(await refusal(await put(upload.url, drawingBytes(5000), upload.headers))).toEqual(refused);
    expect(await refusal(await put(upload.url, drawingBytes(999), upload.headers))).toEqual(refused);
    expect(await refusal(await put(upload.url, drawingBytes(1000), { ...upload.headers, 'content-type': 'text/html' }))).toEqual(refused);
    const { 'if-none-match': _condition, ...withoutCondition } = upload.headers;
    expect(await refusal(await put(upload.url, drawingBytes(1000), withoutCondition))).toEqual(refused);
    const forged = new URL(upload.url);
    forged.searchParams.set('X-Amz-Signature', '0'.repeat(64));
    expect(await refusal(await put(forged.href, drawingBytes(1000), upload.headers))).toEqual(refused);
    expect(await objects.read(upload.key, 10_000)).toBe('missing');
  });

  it('refuses an upload after its expiry', async () => {
    // Signed eleven minutes ago: its ten minutes are over.
    const signedEarlier = localGalleryObjects(platform.s3Endpoint!, () => new Date(Date.now() - 11 * 60 * 1000));
    const expired = await presignDrawingUpload({ objects: signedEarlier }, 'bourg-la-reine', 'upload-late', {
      contentType: 'image/webp',
      sizeBytes: 10,
    });
    expect(await refusal(await put(expired.url, drawingBytes(10), expired.headers))).toEqual({ status: 403, code: 'AccessDenied' });
    expect(await objects.read(expired.key, 10_000)).toBe('missing');
  });
});

/** A drawing made in code: a sky, a sun, a house (no image file from outside). */
async function drawing(width: number, height: number): Promise<Sharp> {
  const svgless = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      const sun = (x - width * 0.8) ** 2 + (y - height * 0.2) ** 2 < (height * 0.1) ** 2;
      const house = x > width * 0.3 && x < width * 0.6 && y > height * 0.5;
      const [r, g, b] = sun ? [250, 200, 0] : house ? [200, 40, 40] : y > height * 0.8 ? [40, 160, 60] : [120, 180, 240];
      svgless[at] = r;
      svgless[at + 1] = g;
      svgless[at + 2] = b;
    }
  }
  return sharp(svgless, { raw: { width, height, channels: 3 } });
}

/** A phone's photo: GPS position of the family's home in its EXIF, an XMP packet, a camera. */
const homeLatitude = 48.7797;
async function phonePhoto(): Promise<Buffer> {
  const xmp = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="48,46.782N" exif:GPSLongitude="2,19.002E"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  return (await drawing(2400, 1800))
    .jpeg({ quality: 80 })
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Phone 12' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 46/1 4692/100', GPSLongitudeRef: 'E', GPSLongitude: '2/1 19/1 12/100' },
    })
    .withXmp(xmp)
    .toBuffer();
}

/** The chunk names of a WebP file (RIFF): what it holds besides the image. */
function riffChunks(webp: Buffer): string[] {
  expect(webp.toString('latin1', 0, 4) + webp.toString('latin1', 8, 12)).toBe('RIFFWEBP');
  const chunks: string[] = [];
  for (let offset = 12; offset + 8 <= webp.length; ) {
    chunks.push(webp.toString('latin1', offset, offset + 4));
    const size = webp.readUInt32LE(offset + 4);
    offset += 8 + size + (size % 2);
  }
  return chunks;
}

/** What a parent's browser does: announce the file, upload it to the presigned URL. */
async function uploaded(uploadId: string, bytes: Uint8Array, contentType: 'image/jpeg' | 'image/png' | 'image/webp' = 'image/jpeg') {
  const upload = await presignDrawingUpload({ objects }, 'bourg-la-reine', uploadId, { contentType, sizeBytes: bytes.length });
  const response = await put(upload.url, new Uint8Array(bytes), upload.headers);
  expect(response.status).toBe(200);
  return upload;
}

/** A used upload: its key holds an empty marker, and its URL is refused a second upload as S3 refuses it. */
async function expectUsed(upload: { key: string; url: string; headers: Record<string, string> }, bytes: Uint8Array) {
  expect(await objects.read(upload.key, 1)).toEqual(new Uint8Array(0));
  expect(await refusal(await put(upload.url, new Uint8Array(bytes), upload.headers))).toEqual({ status: 412, code: 'PreconditionFailed' });
  expect(await objects.read(upload.key, 1)).toEqual(new Uint8Array(0));
}
const processing = () => ({ objects, images: sharpImageProcessor, random: cryptoRandom });

describe('the processing step', () => {
  it('takes a phone photo with GPS in its EXIF, and no stored size keeps EXIF, XMP or the position', async () => {
    const photo = await phonePhoto();
    // The photo carries what a phone puts in it: the test would prove nothing otherwise.
    expect((await exifr.gps(photo))?.latitude).toBeCloseTo(homeLatitude, 3);
    expect(photo.includes('x:xmpmeta')).toBe(true);

    const upload = await uploaded('photo-with-gps', photo);
    const result = await processDrawingUpload(processing(), 'bourg-la-reine', 'photo-with-gps');
    if (result.outcome !== 'stored') throw new Error(`refused: ${result.reason}`);
    // Processed once: the URL, still within its ten minutes, cannot upload again.
    await expectUsed(upload, photo);
    const sizes = [];
    for (const key of [result.images.displayKey, result.images.thumbnailKey]) {
      const stored = await objects.read(key, 10 * 1024 * 1024);
      if (!(stored instanceof Uint8Array)) throw new Error(`${key}: ${stored}`);
      const buffer = Buffer.from(stored);
      // A WebP of pixels only: no EXIF, XMP or ICC chunk beside the image data.
      expect(riffChunks(buffer).filter((chunk) => !['VP8 ', 'VP8L', 'VP8X', 'ALPH'].includes(chunk))).toEqual([]);
      expect(buffer.includes('xmpmeta')).toBe(false);
      expect(buffer.includes('Exif')).toBe(false);
      expect(buffer.includes('PhoneMaker')).toBe(false);
      const metadata = await sharp(buffer).metadata();
      expect([metadata.format, metadata.exif, metadata.xmp]).toEqual(['webp', undefined, undefined]);
      sizes.push([metadata.width, metadata.height]);
    }
    expect(sizes).toEqual([
      [1600, 1200],
      [400, 300],
    ]);
    expect([result.images.width, result.images.height]).toEqual([1600, 1200]);
    // Under the tenant's images, in a folder named by a secret no one can derive from anything public.
    expect(result.images.displayKey).toMatch(/^gallery\/bourg-la-reine\/[A-Za-z0-9_-]{43}\/display\.webp$/);
  });

  it('takes a PNG and a WebP, and keeps a small drawing at its own size', async () => {
    for (const [id, bytes, type] of [
      ['small-png', await (await drawing(300, 200)).png().toBuffer(), 'image/png'],
      ['small-webp', await (await drawing(300, 200)).webp().toBuffer(), 'image/webp'],
    ] as const) {
      await uploaded(id, bytes, type);
      const result = await processDrawingUpload(processing(), 'bourg-la-reine', id);
      expect(result).toMatchObject({ outcome: 'stored', images: { width: 300, height: 200 } });
    }
  });

  it('refuses every bad file, from its bytes, and keeps none of it', async () => {
    const cases = await badFiles();
    for (const { id, bytes, reason } of cases) {
      const upload = await uploaded(id, bytes);
      expect([id, await processDrawingUpload(processing(), 'bourg-la-reine', id)]).toEqual([id, { outcome: 'refused', reason }]);
      await expectUsed(upload, bytes);
    }
  });
});

/**
 * Every bad file of the issue, as a parent's browser would announce it (a text renamed .jpg is sent
 * as a JPEG; an SVG, refused as a type by POST /drawings, is sent as a PNG), and what its bytes get.
 */
async function badFiles() {
  const png = await (await drawing(64, 64)).png().toBuffer();
  // A PNG whose first chunk's data no longer matches its checksum.
  const malformedPng = Buffer.from(png);
  malformedPng[20] = malformedPng[20]! ^ 0xff;
  // A real JPEG whose header announces 60000 × 60000 pixels (3.6 gigapixels): a decompression bomb.
  const bomb = Buffer.from(await (await drawing(64, 64)).jpeg().toBuffer());
  const frame = bomb.indexOf(Buffer.from([0xff, 0xc0]));
  bomb.writeUInt16BE(60000, frame + 5);
  bomb.writeUInt16BE(60000, frame + 7);
  const jpeg = 'image/jpeg';
  return [
    { id: 'text-as-jpg', bytes: Buffer.from('Bonjour, voici le dessin de Léa !'), reason: 'not_an_image', contentType: jpeg },
    {
      id: 'html',
      bytes: Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>'),
      reason: 'not_an_image',
      contentType: jpeg,
    },
    {
      id: 'svg',
      bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'),
      reason: 'not_an_image',
      contentType: 'image/png',
    },
    { id: 'malformed-png', bytes: malformedPng, reason: 'unreadable', contentType: 'image/png' },
    { id: 'bomb', bytes: bomb, reason: 'too_many_pixels', contentType: jpeg },
    {
      id: 'truncated-jpeg',
      bytes: (await (await drawing(200, 200)).jpeg().toBuffer()).subarray(0, 600),
      reason: 'unreadable',
      contentType: jpeg,
    },
  ] as const;
}

/** The staff's CSV of the gallery's figures (the last 30 days): its header and the total row's counts. */
async function drawingFigures(session: string): Promise<{ header: string[]; total: number[] }> {
  const response = await fetch(`${platform.url}/t/bourg-la-reine/api/staff/drawings/export.csv`, {
    headers: { authorization: `Bearer ${session}` },
  });
  expect([response.status, response.headers.get('content-type')]).toEqual([200, 'text/csv; charset=utf-8']);
  const lines = (await response.text())
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  const total = lines.at(-1)!.split(';');
  expect(total[0]).toBe('total');
  return { header: lines[0]!.split(';'), total: total.slice(1).map(Number) };
}

/**
 * Every object holding a byte under a tenant's two prefixes (uploads, images), as the embedded S3
 * server keeps them on disk (its bucket's folder); a used upload's empty marker is not one.
 */
function storedObjects(tenantId: string): string[] {
  const bucket = join(s3DataPath(platform.dataDir), platform.galleryBucket);
  return [uploadsPrefix(tenantId), imagesPrefix(tenantId)]
    .filter((prefix) => existsSync(join(bucket, prefix)))
    .flatMap((prefix) =>
      (readdirSync(join(bucket, prefix), { recursive: true }) as string[])
        .filter((name) => name.endsWith('._S3rver_object') && statSync(join(bucket, prefix, name)).size > 0)
        .map((name) => `${prefix}${name.replace(/\._S3rver_object$/, '')}`),
    )
    .sort();
}

/** A parent's path through the API: the drawing, its image to the presigned URL, the mailed link's token. */
async function sendDrawing(parentEmail: string, bytes: Uint8Array, extra: Record<string, unknown> = {}) {
  const created = await platform.api('bourg-la-reine', '/drawings', {
    method: 'POST',
    body: {
      section: 'dessins',
      child: { firstName: 'Léa', age: 6 },
      message: 'Merci pour tout !',
      parentEmail,
      consent: true,
      image: { contentType: 'image/jpeg', sizeBytes: bytes.length },
      ...extra,
    },
  });
  expect(created.status).toBe(201);
  const upload = { key: uploadObjectKey('bourg-la-reine', created.body.id), ...created.body.upload };
  expect((await put(upload.url, new Uint8Array(bytes), upload.headers)).status).toBe(200);
  const mail = (await platform.outbox()).filter((sent) => sent.destination.to.includes(parentEmail)).at(-1);
  const url = /https?:\/\/\S+\/mon-dessin\.html\?[^\s"<]+/.exec(mail?.body.text ?? '')?.[0];
  if (!url) throw new Error(`no mon-dessin.html link in the mail to ${parentEmail}`);
  const params = new URL(url).searchParams;
  expect(params.get('drawing')).toBe(created.body.id);
  return { id: created.body.id as string, token: params.get('token')!, upload };
}

describe('drawings through the API', () => {
  it('a phone photo: confirmed, staff approve, the gallery shows it from the site’s origin without its GPS; the parent deletes it and no object remains', async () => {
    const photo = await phonePhoto();
    const before = storedObjects('bourg-la-reine');
    const session = await staffSignIn(platform, 'bourg-la-reine');
    const figuresBefore = await drawingFigures(session);
    const drawing = await sendDrawing('parent-photo@example.org', photo);
    const verified = await platform.api('bourg-la-reine', `/drawings/${drawing.id}/verify`, {
      method: 'POST',
      body: { token: drawing.token },
    });
    expect(verified.body).toEqual({ id: drawing.id, status: 'pending_moderation' });
    // Both sizes, the upload gone.
    const images = storedObjects('bourg-la-reine').filter((key) => !before.includes(key));
    expect(images.map((key) => key.replace(/^(gallery\/bourg-la-reine)\/[^/]+\//, '$1/…/'))).toEqual([
      'gallery/bourg-la-reine/…/display.webp',
      'gallery/bourg-la-reine/…/thumbnail.webp',
    ]);

    // Not visible before approval: the API, the gallery, an image key guessed from the id.
    expect((await platform.api('bourg-la-reine', `/drawings/${drawing.id}`)).status).toBe(404);
    expect((await platform.api('bourg-la-reine', '/drawings?section=dessins')).body.items).toEqual([]);
    for (const guess of ['display', 'thumbnail']) {
      expect((await fetch(`${platform.url}/gallery/bourg-la-reine/${drawing.id}/${guess}.webp`)).status).toBe(404);
    }
    expect((await fetch(`${platform.url}/gallery/bourg-la-reine/uploads/${drawing.id}`)).status).toBe(404);
    expect((await fetch(`${platform.url}/${uploadObjectKey('bourg-la-reine', drawing.id)}`)).status).toBe(404);

    const queue = await platform.api('bourg-la-reine', '/staff/drawings/moderation', { token: session });
    expect(queue.body.items.map((item: { id: string; consent: { words: string } }) => [item.id, item.consent.words.slice(0, 10)])).toEqual([
      [drawing.id, 'J’autorise'],
    ]);
    expect((await platform.api('bourg-la-reine', `/staff/drawings/${drawing.id}/approve`, { method: 'POST', token: session })).status).toBe(
      200,
    );
    const approvedMail = (await platform.outbox()).filter((sent) => sent.destination.to.includes('parent-photo@example.org')).at(-1);
    expect(approvedMail?.subject).toContain('publié');

    const gallery = await platform.api('bourg-la-reine', '/drawings?section=dessins');
    expect(gallery.body.items.map((item: { id: string; alt: { fr: string } }) => [item.id, item.alt.fr])).toEqual([
      [drawing.id, 'Merci pour tout !'],
    ]);
    const shown = await fetch(`${platform.url}${gallery.body.items[0].image.url}`);
    expect([shown.status, shown.headers.get('content-type')]).toEqual([200, 'image/webp']);
    const shownBytes = Buffer.from(await shown.arrayBuffer());
    expect(await exifr.gps(shownBytes).catch(() => undefined)).toBeUndefined();
    expect((await sharp(shownBytes).metadata()).exif).toBeUndefined();
    expect(JSON.stringify(gallery.body)).not.toContain('parent-photo@');

    const deleted = await platform.api('bourg-la-reine', `/drawings/${drawing.id}`, { method: 'DELETE', token: drawing.token });
    expect(deleted.status).toBe(204);
    expect(storedObjects('bourg-la-reine')).toEqual(before);
    // The upload's marker too: no object of it remains.
    expect(await objects.read(drawing.upload.key, 1)).toBe('missing');
    expect((await fetch(`${platform.url}${gallery.body.items[0].image.url}`)).status).toBe(404);
    expect((await platform.api('bourg-la-reine', '/drawings?section=dessins')).body.items).toEqual([]);

    // The staff's CSV of the period counts it: sent, confirmed, published, deleted by the parent.
    const figuresAfter = await drawingFigures(session);
    expect(figuresAfter.header).toEqual([
      'jour',
      'dessins envoyés',
      'confirmés (à relire)',
      'image refusée',
      'publiés',
      'refusés par l’équipe',
      'supprimés par le parent',
    ]);
    expect(figuresAfter.total.map((count, index) => count - figuresBefore.total[index]!)).toEqual([1, 1, 0, 1, 0, 1]);
  });

  it('each bad file of the issue: the parent is told why in French and English, no object is left, nothing they wrote is kept, never a 5xx', async () => {
    const before = storedObjects('bourg-la-reine');
    for (const { id, bytes, reason, contentType } of await badFiles()) {
      const sent = await sendDrawing(`parent-${id}@example.org`, bytes, { image: { contentType, sizeBytes: bytes.length } });
      for (const attempt of ['first', 'again']) {
        const refused = await platform.api('bourg-la-reine', `/drawings/${sent.id}/verify`, {
          method: 'POST',
          body: { token: sent.token },
        });
        expect([
          id,
          attempt,
          refused.status,
          refused.body.error.code,
          refused.body.error.message,
          refused.body.error.details[0].message,
        ]).toEqual([id, attempt, 422, 'image_refused', drawingRefusalMessages[reason].fr, drawingRefusalMessages[reason].en]);
      }
      expect([id, storedObjects('bourg-la-reine')]).toEqual([id, before]);
      await expectUsed(sent.upload, bytes);
      const own = await platform.api('bourg-la-reine', `/drawings/${sent.id}/own`, { token: sent.token });
      expect([id, own.body]).toEqual([
        id,
        { id: sent.id, status: 'image_refused', imageRefusal: { reason, ...drawingRefusalMessages[reason] } },
      ]);
    }
    // Nothing of them in the gallery or the staff's queue.
    expect((await platform.api('bourg-la-reine', '/drawings?section=dessins')).body.items).toEqual([]);
  });

  it('the staff’s CSV of the figures: a session needed, a bad period named', async () => {
    const url = `${platform.url}/t/bourg-la-reine/api/staff/drawings/export.csv`;
    expect((await fetch(url)).status).toBe(401);
    const session = await staffSignIn(platform, 'bourg-la-reine');
    const bad = await fetch(`${url}?from=2026-13-01`, { headers: { authorization: `Bearer ${session}` } });
    const body = await bad.json();
    expect([bad.status, body.error.details.map((detail: { path: string }) => detail.path)]).toEqual([400, ['query.from']]);
  });

  it('refuses bad input naming the field, and a file that is not an image with a clear message, keeping nothing of it', async () => {
    const noConsent = await platform.api('bourg-la-reine', '/drawings', {
      method: 'POST',
      body: {
        section: 'dessins',
        message: 'x',
        parentEmail: 'p@example.org',
        consent: false,
        image: { contentType: 'image/jpeg', sizeBytes: 10 },
      },
    });
    expect([noConsent.status, noConsent.body.error.details.map((detail: { path: string }) => detail.path)]).toEqual([400, ['consent']]);
    const svg = await platform.api('bourg-la-reine', '/drawings', {
      method: 'POST',
      body: { section: 'dessins', parentEmail: 'p@example.org', consent: true, image: { contentType: 'image/svg+xml', sizeBytes: 10 } },
    });
    expect([svg.status, svg.body.error.details.map((detail: { path: string }) => detail.path)]).toEqual([400, ['image.contentType']]);
    const tooLarge = await platform.api('bourg-la-reine', '/drawings', {
      method: 'POST',
      body: {
        section: 'dessins',
        parentEmail: 'p@example.org',
        consent: true,
        image: { contentType: 'image/png', sizeBytes: 11 * 1024 * 1024 },
      },
    });
    expect([tooLarge.status, tooLarge.body.error.details.map((detail: { path: string }) => detail.path)]).toEqual([
      400,
      ['image.sizeBytes'],
    ]);
    const before = storedObjects('bourg-la-reine');
    const text = await sendDrawing('parent-text@example.org', Buffer.from('Bonjour, voici le dessin de Léa !'));
    const refused = await platform.api('bourg-la-reine', `/drawings/${text.id}/verify`, { method: 'POST', body: { token: text.token } });
    expect([refused.status, refused.body.error.code, refused.body.error.message]).toEqual([
      422,
      'image_refused',
      'Ce fichier n’est pas une image JPEG, PNG ou WebP.',
    ]);
    expect(storedObjects('bourg-la-reine')).toEqual(before);
    const own = await platform.api('bourg-la-reine', `/drawings/${text.id}/own`, { token: text.token });
    expect(own.body).toMatchObject({ status: 'image_refused', imageRefusal: { reason: 'not_an_image' } });
    expect(own.body.message).toBeUndefined();
  });
});
