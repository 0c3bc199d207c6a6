import type { PostRecord } from '@entraide/core';
import { courbevoieTenant, publishedPostRecord } from '../../../test/support/tenants.js';
import { embeddedTable, faultyClient } from '../../../test/support/embedded-table.js';
import { GetCommand } from './doc-client.js';
import { expiringEntryKeys } from './keys.js';
import { DynamoPostStore } from './post-store.js';

/**
 * The posts by expiry on the embedded DynamoDB, through the store's real write path: what the
 * "still needed?" job reads, a stale entry met and deleted, and a fault between the entry and the post.
 */
const suite = embeddedTable('post-expiry');
const tenant = courbevoieTenant();
const day = 86_400_000;
const now = new Date('2026-03-01T08:00:00.000Z');
const at = (days: number) => new Date(now.getTime() + days * day).toISOString();

let counter = 0;
const post = (expiresInDays: number, overrides: Partial<PostRecord> = {}): PostRecord =>
  publishedPostRecord(tenant, {
    id: `expiry${String(++counter).padStart(4, '0')}`,
    expiresAt: at(expiresInDays),
    version: 1,
    ...overrides,
  });

const expiring = async (store: DynamoPostStore, fromDays: number, toDays: number, limit = 10) => {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.listExpiring(tenant.id, {
      from: new Date(at(fromDays)),
      to: new Date(at(toDays)),
      limit,
      ...(cursor ? { cursor } : {}),
    });
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
};
const entry = async (record: PostRecord) =>
  (await suite.documents.send(new GetCommand({ TableName: suite.table, Key: expiringEntryKeys(record), ConsistentRead: true }))).Item;

it('lists the published posts expiring in a period, soonest first, page after page; not the others', async () => {
  const store = new DynamoPostStore(suite.documents, suite.table);
  const late = post(3);
  const soon = post(1);
  const later = post(20);
  const pending = post(2, { status: 'pending_moderation' });
  for (const record of [late, soon, later, pending]) await store.insert(record);
  expect(await expiring(store, 0, 3, 1)).toEqual([soon.id, late.id]);
  // Closed: its entry leaves with it. Extended: it moves to its new expiry.
  await store.replace({ ...soon, status: 'closed', version: 2 }, 1);
  await store.replace({ ...late, expiresAt: at(25), version: 2 }, 1);
  expect(await expiring(store, 0, 3)).toEqual([]);
  expect(await expiring(store, 0, 30)).toEqual([later.id, late.id]);
  expect(await entry(soon)).toBeUndefined();
});

it('a failure between the post’s write and its old entry’s removal leaves a stale entry, which the next read deletes', async () => {
  const healthy = new DynamoPostStore(suite.documents, suite.table);
  const record = post(2);
  await healthy.insert(record);
  const flaky = new DynamoPostStore(
    faultyClient(
      suite.documents,
      (operation, input) => operation === 'DeleteItem' && String((input as { Key?: { pk?: string } }).Key?.pk).endsWith('#POSTS_EXPIRING'),
    ),
    suite.table,
  );
  // Closed by its author: the post is written, the removal of its entry fails.
  await expect(flaky.replace({ ...record, status: 'closed', version: 2 }, 1)).rejects.toThrow('injected fault');
  expect(await entry(record)).toMatchObject({ postVersion: 1 });
  // The job's read leaves the closed post out and deletes its entry.
  expect(await expiring(healthy, 0, 3)).not.toContain(record.id);
  expect(await entry(record)).toBeUndefined();
});

it('keeps an entry a newer write put while an older version was read (no stale delete of a fresh entry)', async () => {
  const store = new DynamoPostStore(suite.documents, suite.table);
  const record = post(2, { status: 'pending_moderation' });
  await store.insert(record);
  // The approval's entry is in, its post write not yet: the job reads version 1, still awaiting review.
  const approved = { ...record, status: 'published' as const, version: 2 };
  const inFlight = new DynamoPostStore(
    faultyClient(suite.documents, (operation, input) => operation === 'PutItem' && input.Item?.sk === 'POST'),
    suite.table,
  );
  await expect(inFlight.replace(approved, 1)).rejects.toThrow('injected fault');
  expect(await expiring(store, 0, 3)).not.toContain(record.id);
  expect(await entry(approved)).toMatchObject({ postVersion: 2 });
  // The approval's write lands: the post is found by its expiry.
  await store.replace(approved, 1);
  expect(await expiring(store, 0, 3)).toContain(record.id);
});
