import { S3GalleryObjects } from './s3-gallery-objects.js';

describe('S3GalleryObjects in AWS', () => {
  const objects = new S3GalleryObjects({
    bucket: 'entraide-gallery-123456789012-eu-west-3',
    region: 'eu-west-3',
    credentials: { accessKeyId: 'dummy-key-id', secretAccessKey: 'secret', sessionToken: 'session' },
    now: () => new Date('2026-04-01T10:00:00.000Z'),
  });

  it('presigns a PUT on the bucket’s own host, bound to the key, the type, the size, a free key and ten minutes', async () => {
    const upload = await objects.presignUpload({
      key: 'uploads/bourg-la-reine/abc',
      contentType: 'image/png',
      sizeBytes: 1234,
      expiresInSeconds: 600,
    });
    const url = new URL(upload.url);
    expect(url.origin).toBe('https://entraide-gallery-123456789012-eu-west-3.s3.eu-west-3.amazonaws.com');
    expect(url.pathname).toBe('/uploads/bourg-la-reine/abc');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host;if-none-match');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('600');
    expect(url.searchParams.get('X-Amz-Date')).toBe('20260401T100000Z');
    expect(url.searchParams.get('X-Amz-Credential')).toBe('dummy-key-id/20260401/eu-west-3/s3/aws4_request');
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('session');
    // What the page sends with the file; the browser adds the length from the file itself.
    expect(upload.headers).toEqual({ 'content-type': 'image/png', 'if-none-match': '*' });
    expect(upload.expiresAt).toBe('2026-04-01T10:10:00.000Z');
  });

  it('needs a region', () => {
    const saved = { region: process.env.AWS_REGION, fallback: process.env.AWS_DEFAULT_REGION };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    try {
      expect(() => new S3GalleryObjects({ bucket: 'b' })).toThrow('S3: no region');
    } finally {
      if (saved.region !== undefined) process.env.AWS_REGION = saved.region;
      if (saved.fallback !== undefined) process.env.AWS_DEFAULT_REGION = saved.fallback;
    }
  });
});
