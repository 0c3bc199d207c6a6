import { ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  cellRange,
  maxQueriesPerPage,
  partitionDepth,
  partitionOf,
  searchNearby,
  curveIndexOf,
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
