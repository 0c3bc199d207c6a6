import type { PostRecord } from '@entraide/core';
import { localDocClient, localDynamoClient, startEmbeddedDynamo, type RunningServer } from '../../local/src/embedded-servers.js';
import { ensureTable } from './create-table.js';
import { DynamoPostStore } from './post-store.js';
import { DynamoStaffAccessStore } from './staff-access-store.js';
import { DynamoStaffPostQueries } from './staff-post-queries.js';
import { DynamoStatsStore } from './stats-store.js';

let server: RunningServer;
let client: ReturnType<typeof localDynamoClient>;
let document: ReturnType<typeof localDocClient>;

beforeAll(async () => {
  server = await startEmbeddedDynamo({ port: 0 });
  client = localDynamoClient(server.endpoint);
  await ensureTable(client, 'staff');
  document = localDocClient(server.endpoint);
});
afterAll(async () => {
  client.destroy();
  document.destroy();
  await server.stop();
});

const post = (id: string, status: PostRecord['status'], createdAt: string, tenantId = 'courbevoie'): PostRecord => ({
  tenantId,
  id,
  kind: 'offer',
  category: 'groceries',
  status,
  content: {
    title: id,
    description: 'x',
    location: { lat: 48.9, lon: 2.25 },
    publicLocation: { lat: 48.9, lon: 2.25 },
    author: { name: 'A', email: 'a@example.org' },
  },
  tokenHash: null,
  createdAt,
  updatedAt: createdAt,
  ...(status === 'published' ? { publishedAt: createdAt } : {}),
  expiresAt: '2027-01-01T00:00:00.000Z',
  version: 1,
});

describe('staff lists', () => {
  it('pages through every status list over a period, and only that period, for one tenant', async () => {
    const store = new DynamoPostStore(document, 'staff');
    const statuses: PostRecord['status'][] = [
      'published',
      'pending_moderation',
      'hidden',
      'rejected',
      'closed',
      'deleted',
      'pending_verification',
    ];
    for (const [index, status] of statuses.entries()) {
      await store.insert(post(`inside-${index}`, status, `2026-11-10T1${index}:00:00.000Z`));
      await store.insert(post(`before-${index}`, status, `2026-10-01T1${index}:00:00.000Z`));
    }
    await store.insert(post('other-tenant', 'published', '2026-11-10T12:00:00.000Z', 'paris'));
    const queries = new DynamoStaffPostQueries(document, 'staff');
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await queries.listCreatedBetween('courbevoie', {
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-12-01T00:00:00.000Z',
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 20);
    expect(seen.sort()).toEqual(statuses.map((_status, index) => `inside-${index}`).sort());

    const queue = await queries.listForModeration('courbevoie', { limit: 10 });
    expect(queue.items.map((item) => item.id).sort()).toEqual(['before-1', 'before-2', 'inside-1', 'inside-2']);

    // A cursor is base64url JSON of the list and its last key, as it always was: one handed out before still works.
    const first = await queries.listForModeration('courbevoie', { limit: 3 });
    const handedOut = JSON.parse(Buffer.from(first.nextCursor!, 'base64url').toString('utf8')) as unknown;
    expect(handedOut).toEqual({
      list: 0,
      key: { pk: expect.stringMatching(/^T#courbevoie#POST#/), sk: 'POST', gsi1pk: 'T#courbevoie#MODERATION', gsi1sk: expect.any(String) },
    });
    expect(Buffer.from(JSON.stringify(handedOut), 'utf8').toString('base64url')).toBe(first.nextCursor);
    const rest = await queries.listForModeration('courbevoie', { limit: 3, cursor: first.nextCursor! });
    expect([...first.items, ...rest.items].map((item) => item.id).sort()).toEqual(['before-1', 'before-2', 'inside-1', 'inside-2']);
  });

  it('refuses a cursor that is not one of ours, or another tenant’s', async () => {
    const queries = new DynamoStaffPostQueries(document, 'staff');
    const notOurs = { status: 400, code: 'invalid_input', details: [{ path: 'cursor', message: 'not a cursor from this list' }] };
    await expect(queries.listForModeration('courbevoie', { limit: 1, cursor: 'bm9wZQ' })).rejects.toMatchObject(notOurs);
    await expect(
      queries.listForModeration('courbevoie', { limit: 1, cursor: Buffer.from('[0]').toString('base64url') }),
    ).rejects.toMatchObject(notOurs);
    await expect(
      queries.listCreatedBetween('courbevoie', {
        from: '2026-11-01',
        to: '2026-12-01',
        limit: 1,
        cursor: Buffer.from('{"list":6}').toString('base64url'),
      }),
    ).rejects.toMatchObject(notOurs);
    const forged = Buffer.from(
      JSON.stringify({ list: 0, key: { pk: 'T#paris#POST#x', sk: 'POST', gsi1pk: 'T#paris#MODERATION', gsi1sk: 'x' } }),
    ).toString('base64url');
    await expect(queries.listForModeration('courbevoie', { limit: 1, cursor: forged })).rejects.toMatchObject(notOurs);
    const otherList = Buffer.from(
      JSON.stringify({ list: 0, key: { pk: 'T#courbevoie#POST#x', sk: 'POST', gsi1pk: 'T#courbevoie#PUBLISHED', gsi1sk: 'x' } }),
    ).toString('base64url');
    await expect(queries.listForModeration('courbevoie', { limit: 1, cursor: otherList })).rejects.toMatchObject(notOurs);
  });
});

describe('staff access store', () => {
  it('gives a login link to one of two racing takers only', async () => {
    const store = new DynamoStaffAccessStore(document, 'staff');
    await store.saveLoginLink({
      tenantId: 'courbevoie',
      tokenHash: 'h1',
      email: 'staff@courbevoie.example',
      expiresAt: '2026-11-25T10:15:00.000Z',
    });
    const taken = await Promise.all([store.takeLoginLink('courbevoie', 'h1'), store.takeLoginLink('courbevoie', 'h1')]);
    expect(taken.filter(Boolean)).toEqual([{ email: 'staff@courbevoie.example', expiresAt: '2026-11-25T10:15:00.000Z' }]);
    expect(await store.takeLoginLink('paris', 'h1')).toBeUndefined();
  });

  it('keeps the first session secret of a tenant, whoever asks later', async () => {
    const store = new DynamoStaffAccessStore(document, 'staff');
    const secrets = await Promise.all(['a', 'b', 'c'].map((candidate) => store.sessionSecret('courbevoie', `secret-${candidate}`)));
    expect(new Set(secrets).size).toBe(1);
    expect(await store.sessionSecret('courbevoie', 'secret-d')).toBe(secrets[0]);
    expect(await store.sessionSecret('paris', 'secret-paris')).toBe('secret-paris');
  });
});

describe('stats store', () => {
  it('adds concurrent counts exactly, per day, and reads a period in one query', async () => {
    const stats = new DynamoStatsStore(document, 'staff');
    await Promise.all(
      Array.from({ length: 25 }, () => stats.count('courbevoie', '2026-11-24', { 'posts.created': 1, 'posts.created.kind.offer': 1 })),
    );
    await stats.count('courbevoie', '2026-11-25', { connections: 2, 'mail.bounced': 1 });
    await stats.count('courbevoie', '2026-11-27', { reports: 1 });
    await stats.count('paris', '2026-11-25', { connections: 9 });
    expect(await stats.readDays('courbevoie', '2026-11-24', '2026-11-25')).toEqual([
      { day: '2026-11-24', counts: { 'posts.created': 25, 'posts.created.kind.offer': 25 } },
      { day: '2026-11-25', counts: { connections: 2, 'mail.bounced': 1 } },
    ]);
    await stats.recordDigest('courbevoie', { at: '2026-11-25T07:00:00.000Z', day: '2026-11-25', reportedOfDay: { connections: 2 } });
    expect(await stats.lastDigest('courbevoie')).toEqual({
      at: '2026-11-25T07:00:00.000Z',
      day: '2026-11-25',
      reportedOfDay: { connections: 2 },
    });
    expect(await stats.lastDigest('paris')).toBeUndefined();
  });
});
