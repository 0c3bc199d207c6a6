import { ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  cellRange,
  maxQueriesPerPage,
  partitionDepth,
  partitionOf,
  searchNearby,
  curveIndexOf,
  densityRecountJob,
  type NearbyCursor,
  type PostRecord,
} from '@entraide/core';
import fc from 'fast-check';
import {
  bruteForce,
  postSpecs,
  postsFrom,
  searchNow,
  searchSpec,
  townPostSpecs,
  type SearchSpec,
} from '../../../test/support/nearby-fixtures.js';
import { localDocClient, localDynamoClient, startEmbeddedDynamo, type RunningServer } from '../../local/src/embedded-servers.js';
import { ensureTable } from './create-table.js';
import { PutCommand, type DocClient } from './doc-client.js';
import { courbevoieTenant } from '../../../test/support/tenants.js';
import { DynamoDensitySummary } from './density-summary.js';
import { DynamoNearbyIndex, nearbyIndexItems } from './nearby-index.js';
import { DynamoPostStore } from './post-store.js';

/**
 * The geographic search against the embedded DynamoDB, through the real write path: posts are
 * written by the store (published, then some closed, deleted or moved), and every page read by
 * the real index adapter. Each run is its own tenant in one table.
 */
let server: RunningServer;
let client: ReturnType<typeof localDynamoClient>;
let documents: ReturnType<typeof localDocClient>;
let store: DynamoPostStore;
let index: DynamoNearbyIndex;
const tableName = 'nearby';

beforeAll(async () => {
  server = await startEmbeddedDynamo({ port: 0 });
  client = localDynamoClient(server.endpoint);
  await ensureTable(client, tableName);
  documents = localDocClient(server.endpoint);
  store = new DynamoPostStore(documents, tableName);
  index = new DynamoNearbyIndex(documents, tableName);
});
afterAll(async () => {
  client.destroy();
  documents.destroy();
  await server.stop();
});

/** Writes each post as residents would: published first, then closed, deleted or moved through replace. */
async function writeAll(posts: PostRecord[]) {
  for (const post of posts) {
    if (post.status === 'published' || post.status === 'pending_verification') {
      await store.insert(post);
      continue;
    }
    const published: PostRecord = {
      ...post,
      status: 'published',
      publishedAt: post.createdAt,
      content: post.content ?? {
        title: 'Avant',
        description: 'Avant.',
        location: { lat: 48.9, lon: 2.25 },
        publicLocation: { lat: 48.9, lon: 2.25 },
        author: { name: 'A', email: 'a@example.org' },
      },
    };
    await store.insert(published);
    await store.replace({ ...post, version: 2 }, 1);
  }
}

async function allPages(tenantId: string, search: SearchSpec) {
  const ids: string[] = [];
  let after: NearbyCursor | undefined;
  for (let page = 0; page < 200; page++) {
    const result = await searchNearby(index, { tenantId, ...search, ...(after ? { after } : {}), now: searchNow });
    expect(result.stats.queries).toBeLessThanOrEqual(maxQueriesPerPage);
    ids.push(...result.items.map((hit) => hit.entry.postId));
    if (!result.next) return ids;
    after = result.next;
  }
  throw new Error('no last page');
}

test('the search equals a brute-force haversine filter, in order, across all pages (random posts and searches)', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(postSpecs(30), fc.array(searchSpec, { minLength: 1, maxLength: 3 }), async (specs, searches) => {
      const tenantId = `run${run++}`;
      const posts = postsFrom(tenantId, specs);
      await writeAll(posts);
      for (const search of searches) expect(await allPages(tenantId, search)).toEqual(bruteForce(posts, search));
    }),
    { numRuns: 8 },
  );
});

test('beside a town the first read did not foresee, reads stopped by their Limit and taken up again still give the brute-force answer', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(townPostSpecs, fc.array(searchSpec, { minLength: 2, maxLength: 4 }), async (specs, searches) => {
      const tenantId = `town${run++}`;
      const posts = postsFrom(tenantId, specs);
      await writeAll(posts);
      for (const search of searches)
        expect(await allPages(tenantId, { ...search, limit: search.limit + 12 })).toEqual(bruteForce(posts, search));
    }),
    { numRuns: 3 },
  );
});

test('a post moved, recategorised or closed is found where it is now, and only there', async () => {
  const [post] = postsFrom('moves', [
    { location: { lat: 48.8973, lon: 2.2522 }, status: 'published', category: 'groceries', kind: 'offer', ageMinutes: 5 },
  ]);
  await store.insert(post!);
  const near = (at: { lat: number; lon: number }, category?: 'groceries' | 'childcare') =>
    allPages('moves', { near: at, radiusKm: 0.3, filter: category ? { category } : {}, limit: 5 });
  expect(await near({ lat: 48.8973, lon: 2.2522 }, 'groceries')).toEqual([post!.id]);

  const moved: PostRecord = {
    ...post!,
    category: 'childcare',
    content: { ...post!.content!, publicLocation: { lat: 48.9073, lon: 2.2522 } },
    version: 2,
  };
  await store.replace(moved, 1);
  expect(await near({ lat: 48.8973, lon: 2.2522 })).toEqual([]);
  expect(await near({ lat: 48.9073, lon: 2.2522 }, 'groceries')).toEqual([]);
  expect(await near({ lat: 48.9073, lon: 2.2522 }, 'childcare')).toEqual([post!.id]);

  await store.replace({ ...moved, status: 'deleted', content: null, tokenHash: null, version: 3 }, 2);
  expect(await near({ lat: 48.9073, lon: 2.2522 })).toEqual([]);
  // Erased: nothing of the post is left in the index.
  const { Items = [] } = await client.send(new ScanCommand({ TableName: tableName }));
  expect(Items.filter((item) => item.pk?.S?.startsWith('T#moves#') && item.postId?.S === post!.id)).toEqual([]);
});

test('an index write lost after the post write is repaired by reindex, idempotently', async () => {
  const [post] = postsFrom('repair', [
    { location: { lat: 48.8973, lon: 2.2522 }, status: 'pending_verification', category: 'groceries', kind: 'offer', ageMinutes: 5 },
  ]);
  await store.insert(post!);
  const published: PostRecord = { ...post!, status: 'published', publishedAt: post!.createdAt, version: 2 };
  // The post is written, and the process dies before its index entries are: simulated by writing
  // the post item alone, through a store whose index writes fail.
  const failing = new DynamoPostStore(
    {
      send: async (command) => {
        if (command.operation === 'PutItem' && String((command.input as { Item?: { pk?: string } }).Item?.pk).includes('#NEAR#'))
          throw new Error('network lost');
        return documents.send(command);
      },
    } satisfies DocClient,
    tableName,
  );
  await expect(failing.replace(published, 1)).rejects.toThrow('network lost');
  const search = { near: { lat: 48.8973, lon: 2.2522 }, radiusKm: 1, filter: {}, limit: 5 };
  expect(await allPages('repair', search)).toEqual([]);
  await store.reindex(published);
  await store.reindex(published);
  expect(await allPages('repair', search)).toEqual([post!.id]);
});

test('an entry carries the post’s section and housing; one written before entries did is read as such, and reindex writes it whole', async () => {
  const [base] = postsFrom('format', [
    { location: { lat: 48.8973, lon: 2.2522 }, status: 'published', category: 'groceries', kind: 'offer', ageMinutes: 5 },
  ]);
  const housing = {
    availableFrom: '2025-03-03',
    availableTo: '2025-03-20',
    capacity: 2,
    type: 'flat' as const,
    hospitalDistancesKm: { nord: 3 },
  };
  const post: PostRecord = { ...base!, section: 'soignants', content: { ...base!.content!, housing } };
  const read = async () => {
    const range = cellRange({ prefix: partitionOf(curveIndexOf(post.content!.publicLocation)), depth: partitionDepth });
    return (await index.readRange('format', { kind: 'offer' }, { range })).entries;
  };
  // The format before: the same item without the section, the housing and the mark.
  for (const item of nearbyIndexItems(post)) {
    const { section: _section, housing: _housing, full: _full, ...before } = item;
    await documents.send(new PutCommand({ TableName: tableName, Item: before }));
  }
  expect((await read()).map((entry) => [entry.postId, entry.full, entry.section, entry.housing])).toEqual([
    [post.id, undefined, undefined, undefined],
  ]);
  await store.insert(post);
  await store.reindex(post);
  expect((await read()).map((entry) => [entry.postId, entry.full, entry.section, entry.housing])).toEqual([
    [post.id, true, 'soignants', housing],
  ]);
});

test('the density summary counts each post once (publish, put again, move, close), and the recount puts a drifted count right and counts the expired out', async () => {
  const [a, b, c] = [
    { lat: 48.8973, lon: 2.2522 },
    { lat: 48.9001, lon: 2.2601 },
    { lat: 48.8952, lon: 2.2455 },
  ];
  const [kept, moved, closed, expired] = postsFrom('density', [
    { location: a!, status: 'published', category: 'groceries', kind: 'offer', ageMinutes: 5 },
    { location: b!, status: 'published', category: 'groceries', kind: 'offer', ageMinutes: 5 },
    { location: a!, status: 'published', category: 'medicines', kind: 'request', ageMinutes: 5 },
    { location: a!, status: 'expired', category: 'groceries', kind: 'offer', ageMinutes: 5 },
  ]);
  for (const post of [kept!, moved!, closed!, expired!]) await store.insert(post);
  await store.reindex(kept!);
  await store.replace({ ...moved!, content: { ...moved!.content!, publicLocation: c! }, version: 2 }, 1);
  await store.replace({ ...closed!, status: 'closed', version: 2 }, 1);
  // Read by a new container each time (no cache): the counts at the three points, and the total.
  const counts = async () => {
    const { map, queries } = await new DynamoDensitySummary(documents, tableName).read('density');
    expect(queries).toBe(1);
    return [...[a!, b!, c!].map((point) => map.countAt(curveIndexOf(point))), map.posts];
  };
  expect(await counts()).toEqual([2, 0, 1, 3]);

  // Drift: a count with no post behind it, and the expired post still counted.
  await new DynamoDensitySummary(documents, tableName).add('density', curveIndexOf(b!), 1);
  expect(await counts()).toEqual([2, 1, 1, 4]);
  const recount = densityRecountJob({
    tenant: { ...courbevoieTenant(), id: 'density' },
    nearbyIndex: index,
    densitySummary: new DynamoDensitySummary(documents, tableName),
    clock: { now: () => searchNow },
  });
  expect(await recount()).toMatchObject({ entries: 2, cells: 2, corrected: 2 });
  expect(await counts()).toEqual([1, 0, 1, 2]);
  expect(await recount()).toMatchObject({ corrected: 0 });
  // A count never goes below 0: a decrement of an empty cell is dropped.
  await new DynamoDensitySummary(documents, tableName).add('density', curveIndexOf(b!), -1);
  expect(await counts()).toEqual([1, 0, 1, 2]);

  // A container keeps what it read for a minute: a second read costs no query.
  let now = 0;
  const container = new DynamoDensitySummary(documents, tableName, () => now);
  expect((await container.read('density')).queries).toBe(1);
  now = 59_000;
  expect((await container.read('density')).queries).toBe(0);
  now = 61_000;
  expect((await container.read('density')).queries).toBe(1);

  // Steered by it, the search answers what it answers without it.
  const search = { tenantId: 'density', near: b!, radiusKm: 2, filter: {}, limit: 5, now: searchNow };
  const steered = await searchNearby(index, { ...search, density: await container.read('density') });
  expect(steered.items.map((hit) => hit.entry.postId)).toEqual((await searchNearby(index, search)).items.map((hit) => hit.entry.postId));
  expect(steered.items.map((hit) => hit.entry.postId).sort()).toEqual([kept!.id, moved!.id].sort());
});
