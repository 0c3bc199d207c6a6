import { presignDrawingUpload, uploadObjectKey } from '@entraide/core';
import { localGalleryObjects } from '../../packages/local/src/embedded-servers.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

/**
 * The gallery (issue 16) on the local platform: the embedded S3 server beside DynamoDB and SES,
 * and the same adapter the functions use in AWS.
 */
let platform: TestPlatform;
let objects: ReturnType<typeof localGalleryObjects>;

beforeAll(async () => {
  platform = await startTestPlatform();
  objects = localGalleryObjects(platform.s3Endpoint);
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
      `/${platform.galleryBucket}/bourg-la-reine/images/guessed/display.webp`,
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
    const signedEarlier = localGalleryObjects(platform.s3Endpoint, () => new Date(Date.now() - 11 * 60 * 1000));
    const expired = await presignDrawingUpload({ objects: signedEarlier }, 'bourg-la-reine', 'upload-late', {
      contentType: 'image/webp',
      sizeBytes: 10,
    });
    expect(await refusal(await put(expired.url, drawingBytes(10), expired.headers))).toEqual({ status: 403, code: 'AccessDenied' });
    expect(await objects.read(expired.key, 10_000)).toBe('missing');
  });
});
