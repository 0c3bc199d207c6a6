import { DomainError } from '@entraide/core';

/**
 * The function's own refusals, before anything reaches the bucket: the event comes from the
 * tenant's public API, and one naming another tenant, or not an upload's id and secret, is refused
 * with the field named. What it does with a good event is the gallery's (test/api/gallery.test.ts).
 */
let handler: (event: unknown) => Promise<unknown>;
beforeAll(async () => {
  process.env.TENANT_ID = 'bourg-la-reine';
  process.env.GALLERY_BUCKET = 'entraide-gallery-test';
  process.env.AWS_REGION = 'eu-west-3';
  ({ handler } = await import('./handler.js'));
});
afterAll(() => {
  delete process.env.TENANT_ID;
  delete process.env.GALLERY_BUCKET;
  delete process.env.AWS_REGION;
});

const good = { tenantId: 'bourg-la-reine', uploadId: 'upload_0001', imageSecret: 'a'.repeat(32) };

test.each([
  ['another tenant', 'event.tenantId', { ...good, tenantId: 'courbevoie' }],
  ['an id that is not one', 'event.uploadId', { ...good, uploadId: '../../x' }],
  ['a short secret', 'event.imageSecret', { ...good, imageSecret: 'short' }],
  ['a field of its own', 'event.extra', { ...good, extra: 1 }],
  ['no event at all', 'event', null],
])('refuses %s, naming %s', async (_case, path, event) => {
  const refusal = await handler(event).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(refusal).toBeInstanceOf(DomainError);
  expect((refusal as DomainError).status).toBe(400);
  expect((refusal as DomainError).details?.map((detail) => detail.path)).toContain(path);
});
