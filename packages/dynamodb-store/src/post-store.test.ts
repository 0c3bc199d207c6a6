import { ConcurrentUpdateError, DomainError, type PostRecord } from '@entraide/core';
import { ConditionalCheckFailedException, DeleteCommand, DynamoDBError, GetCommand, PutCommand, QueryCommand } from './doc-client.js';
import { mockDocClient } from '../../../test/support/doc-client-mock.js';
import { courbevoieTenant, publishedPostRecord } from '../../../test/support/tenants.js';
import { DynamoPostStore } from './post-store.js';

const documentMock = mockDocClient();
const client = documentMock;
const tableName = 'entraide-courbevoie';
const now = new Date('2025-03-10T12:00:00.000Z');

beforeEach(() => {
  documentMock.reset();
});

/** The shared published post, with this file's author, public point, token and second version. */
const post = (overrides: Partial<PostRecord> = {}): PostRecord => {
  const shared = publishedPostRecord(courbevoieTenant());
  return publishedPostRecord(courbevoieTenant(), {
    content: {
      ...shared.content!,
      publicLocation: { lat: 48.904, lon: 2.258 },
      author: { name: 'Camille', email: 'camille@example.org' },
    },
    tokenHash: 'a'.repeat(64),
    updatedAt: '2025-03-02T09:05:00.000Z',
    publishedAt: '2025-03-02T09:05:00.000Z',
    version: 2,
    ...overrides,
  });
};

/** The item a post becomes in the table, as PutCommand would write it. */
const itemOf = (record: PostRecord) => ({
  ...record,
  pk: `T#${record.tenantId}#POST#${record.id}`,
  sk: 'POST',
  ...(record.status === 'published' ? { gsi1pk: `T#${record.tenantId}#PUBLISHED`, gsi1sk: `${record.publishedAt}#${record.id}` } : {}),
  purgeAt: Date.parse(record.expiresAt) / 1000 + 90 * 24 * 3600,
});

/** The post's own put (a published post's entry by expiry is put before it). */
const postPut = () => documentMock.commandCalls(PutCommand).find((call) => call.args[0].input.Item?.sk === 'POST')!.args[0].input;
const storedItem = () => postPut().Item!;

async function badRequest(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

/** A table behind the mock: puts, gets and deletes by key, so the store reads back what it wrote. */
function mockTable() {
  const items = new Map<string, Record<string, unknown>>();
  const key = (k: Record<string, unknown>) => `${String(k.pk)}|${String(k.sk)}`;
  documentMock.on(PutCommand).callsFake((input) => {
    items.set(key(input.Item), input.Item);
    return {};
  });
  documentMock.on(GetCommand).callsFake((input) => {
    const item = items.get(key(input.Key));
    return item ? { Item: item } : {};
  });
  documentMock.on(DeleteCommand).callsFake((input) => {
    items.delete(key(input.Key));
    return {};
  });
  return items;
}

const putItems = () => documentMock.commandCalls(PutCommand).map((call) => call.args[0].input.Item!);
const nearbyItems = (items: Record<string, unknown>[]) => items.filter((item) => String(item.pk).includes('#NEAR#'));

describe('writing a post', () => {
  it('puts a published post in the published index, under the tenant’s keys, with its purge time', async () => {
    mockTable();
    await new DynamoPostStore(client, tableName).insert(post());
    expect(storedItem()).toEqual(itemOf(post()));
    expect(postPut()).toMatchObject({
      TableName: tableName,
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('files a published post in the geographic index under each filter, with its public view only', async () => {
    mockTable();
    await new DynamoPostStore(client, tableName).insert(post());
    const entries = nearbyItems(putItems());
    expect(entries.map((item) => item.pk)).toEqual([
      expect.stringMatching(/^T#courbevoie#NEAR#H#\*#\*#[0-9a-f]{4}$/),
      expect.stringMatching(/^T#courbevoie#NEAR#H#groceries#\*#/),
      expect.stringMatching(/^T#courbevoie#NEAR#H#\*#offer#/),
      expect.stringMatching(/^T#courbevoie#NEAR#H#groceries#offer#/),
    ]);
    for (const entry of entries) {
      expect(entry).toMatchObject({
        postId: 'post000001',
        lat: 48.904,
        lon: 2.258,
        title: 'Courses le samedi',
        authorName: 'Camille',
        postVersion: 2,
      });
      expect(String(entry.sk)).toMatch(/^[0-9a-f]{13}#post000001$/);
      // Never the email, never the exact point.
      expect(JSON.stringify(entry)).not.toContain('camille@example.org');
      expect(JSON.stringify(entry)).not.toContain('48.899');
      // DynamoDB's TTL removes the entry once the post has expired.
      expect(entry.purgeAt).toBe(Date.parse('2025-04-01T09:00:00.000Z') / 1000);
    }
  });

  it('keeps an unpublished post out of the published index and the geographic index', async () => {
    mockTable();
    const { publishedAt: _publishedAt, ...pending } = post({ status: 'pending_verification' });
    await new DynamoPostStore(client, tableName).insert(pending);
    // In its own status list (staff read those), never in the published one.
    expect(storedItem().gsi1pk).toBe('T#courbevoie#STATUS#pending_verification');
    expect(String(storedItem().gsi1sk)).toMatch(new RegExp(`^${pending.createdAt}#`));
    expect(String(storedItem().pk)).toMatch(/^T#courbevoie#/);
    expect(documentMock.commandCalls(PutCommand)).toHaveLength(1);
  });

  it('takes a closed or deleted post out of both indexes, the geographic entries before the post is written', async () => {
    const items = mockTable();
    const store = new DynamoPostStore(client, tableName);
    await store.insert(post());
    expect(nearbyItems([...items.values()])).toHaveLength(4);
    documentMock.resetHistory();

    await store.replace(post({ status: 'closed', closedReason: 'fulfilled', version: 3 }), 2);
    const sent = documentMock.calls().map((call) => call.args[0] as DeleteCommand | PutCommand);
    const deletions = sent.flatMap((command, order) => (command instanceof DeleteCommand ? [order] : []));
    const postWrite = sent.findIndex((command) => command instanceof PutCommand && command.input.Item?.sk === 'POST');
    // The four geographic entries before the post is written; its entry by expiry after (a failure between leaves it stale, not missing).
    expect(deletions).toHaveLength(5);
    for (const order of deletions.slice(0, 4)) expect(order).toBeLessThan(postWrite);
    expect(deletions[4]).toBeGreaterThan(postWrite);
    expect(nearbyItems([...items.values()])).toHaveLength(0);
    expect([...items.values()].filter((item) => String(item.pk).endsWith('#POSTS_EXPIRING'))).toHaveLength(0);

    await store.replace(post({ status: 'deleted', content: null, tokenHash: null, version: 4 }), 3);
    const lists = documentMock.commandCalls(PutCommand).map((call) => call.args[0].input.Item?.gsi1pk);
    expect(lists).toEqual(['T#courbevoie#STATUS#closed', 'T#courbevoie#STATUS#deleted']);
    expect([...items.values()]).toHaveLength(1);
  });

  it('replaces only the version it read, and reports a lost race as a ConcurrentUpdateError', async () => {
    documentMock.on(GetCommand).resolves({ Item: itemOf(post({ version: 2 })) });
    documentMock
      .on(PutCommand)
      .rejects(new ConditionalCheckFailedException('The conditional request failed', { httpStatusCode: 400, attempts: 1 }));
    await expect(new DynamoPostStore(client, tableName).replace(post({ version: 3 }), 2)).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(postPut()).toMatchObject({
      ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
      ExpressionAttributeValues: { ':expected': 2 },
    });
  });

  it('reports a version already gone as a ConcurrentUpdateError without writing anything', async () => {
    documentMock.on(GetCommand).resolves({ Item: itemOf(post({ version: 5 })) });
    await expect(new DynamoPostStore(client, tableName).replace(post({ version: 3 }), 2)).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(documentMock.commandCalls(PutCommand)).toHaveLength(0);
    expect(documentMock.commandCalls(DeleteCommand)).toHaveLength(0);
  });

  it('lets any other failure through as it is (an outage is not a conflict to retry)', async () => {
    const throttled = new DynamoDBError('ThrottlingException', 'Rate exceeded', { httpStatusCode: 400, attempts: 4 });
    documentMock.on(GetCommand).resolves({ Item: itemOf(post({ version: 1 })) });
    documentMock.on(PutCommand).rejects(throttled);
    await expect(new DynamoPostStore(client, tableName).replace(post(), 1)).rejects.toBe(throttled);
  });
});

describe('reading a post', () => {
  it('gives back the record as written, without the table’s key attributes', async () => {
    documentMock.on(GetCommand).resolves({ Item: itemOf(post()) });
    expect(await new DynamoPostStore(client, tableName).get('courbevoie', 'post000001')).toEqual(post());
    expect(documentMock.commandCalls(GetCommand)[0]!.args[0].input).toEqual({
      TableName: tableName,
      Key: { pk: 'T#courbevoie#POST#post000001', sk: 'POST' },
      ConsistentRead: true,
    });
  });

  it('answers undefined for a post that is not there', async () => {
    documentMock.on(GetCommand).resolves({});
    expect(await new DynamoPostStore(client, tableName).get('courbevoie', 'nothere1')).toBeUndefined();
  });
});

describe('listing published posts', () => {
  const published = (n: number) =>
    itemOf(post({ id: `post00000${n}`, publishedAt: `2025-03-0${n}T09:00:00.000Z`, createdAt: `2025-03-0${n}T08:00:00.000Z` }));
  const keyOf = (item: ReturnType<typeof published>) => ({ pk: item.pk, sk: item.sk, gsi1pk: item.gsi1pk, gsi1sk: item.gsi1sk });

  it('asks the tenant’s published index, newest first, for unexpired posts', async () => {
    documentMock.on(QueryCommand).resolves({ Items: [published(3)] });
    const page = await new DynamoPostStore(client, tableName).listPublished('courbevoie', { limit: 20, now });
    expect(page).toEqual({
      items: [post({ id: 'post000003', publishedAt: '2025-03-03T09:00:00.000Z', createdAt: '2025-03-03T08:00:00.000Z' })],
      nextCursor: null,
    });
    expect(documentMock.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      TableName: tableName,
      IndexName: 'gsi1',
      ScanIndexForward: false,
      KeyConditionExpression: '#list = :list',
      FilterExpression: 'expiresAt > :now',
      ExpressionAttributeNames: { '#list': 'gsi1pk' },
      ExpressionAttributeValues: { ':list': 'T#courbevoie#PUBLISHED', ':now': now.toISOString() },
    });
  });

  it('keeps reading when the expiry filter thinned a page, and ends with a null cursor', async () => {
    documentMock
      .on(QueryCommand)
      .resolvesOnce({ Items: [published(5)], LastEvaluatedKey: keyOf(published(4)) }) // 4 was expired: filtered out
      .resolvesOnce({ Items: [published(3)] });

    const page = await new DynamoPostStore(client, tableName).listPublished('courbevoie', { limit: 2, now });

    expect(page.items.map((item) => item.id)).toEqual(['post000005', 'post000003']);
    expect(page.nextCursor).toBeNull();
    const queries = documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries).toHaveLength(2);
    expect(queries[1]!.ExclusiveStartKey).toEqual(keyOf(published(4)));
  });

  it('gives a cursor when there is more, and the cursor continues right after the page', async () => {
    documentMock
      .on(QueryCommand)
      .resolvesOnce({ Items: [published(5), published(4), published(3)], LastEvaluatedKey: keyOf(published(3)) });
    const store = new DynamoPostStore(client, tableName);

    const first = await store.listPublished('courbevoie', { limit: 2, now });
    expect(first.items.map((item) => item.id)).toEqual(['post000005', 'post000004']);
    // The same text as the cursors handed out before: base64url of the last key's JSON.
    expect(first.nextCursor).toBe(Buffer.from(JSON.stringify(keyOf(published(4))), 'utf8').toString('base64url'));

    documentMock.on(QueryCommand).resolves({ Items: [published(3)] });
    const second = await store.listPublished('courbevoie', { limit: 2, cursor: first.nextCursor!, now });
    expect(second).toMatchObject({ nextCursor: null });
    expect(documentMock.commandCalls(QueryCommand)[1]!.args[0].input.ExclusiveStartKey).toEqual(keyOf(published(4)));
  });

  it('refuses a cursor from another tenant with a 400 naming the cursor, without querying', async () => {
    const parisItems = [5, 4].map((n) =>
      itemOf(post({ tenantId: 'paris', id: `post00000${n}`, publishedAt: `2025-03-0${n}T09:00:00.000Z` })),
    );
    documentMock.on(QueryCommand).resolves({ Items: parisItems, LastEvaluatedKey: keyOf(parisItems[1]!) });
    const parisCursor = (await new DynamoPostStore(client, 'entraide-paris').listPublished('paris', { limit: 1, now })).nextCursor!;
    documentMock.resetHistory();

    const error = await badRequest(
      new DynamoPostStore(client, tableName).listPublished('courbevoie', { limit: 1, cursor: parisCursor, now }),
    );
    expect(error.status).toBe(400);
    expect(error.details.map((detail) => detail.path)).toEqual(['cursor']);
    expect(documentMock.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it.each([
    ['garbage', 'not-a-cursor!!'],
    ['JSON that is not a key', Buffer.from('[1,2,3]').toString('base64url')],
    [
      'a key with an extra attribute',
      Buffer.from(
        JSON.stringify({ pk: 'T#courbevoie#POST#x', sk: 'POST', gsi1pk: 'T#courbevoie#PUBLISHED', gsi1sk: 'x', extra: 'x' }),
      ).toString('base64url'),
    ],
    [
      'a key of the wrong index',
      Buffer.from(JSON.stringify({ pk: 'T#courbevoie#POST#x', sk: 'POST', gsi1pk: 'T#courbevoie#DRAFTS', gsi1sk: 'x' })).toString(
        'base64url',
      ),
    ],
    [
      'a key with a number inside',
      Buffer.from(JSON.stringify({ pk: 'T#courbevoie#POST#x', sk: 'POST', gsi1pk: 'T#courbevoie#PUBLISHED', gsi1sk: 1 })).toString(
        'base64url',
      ),
    ],
  ])('refuses %s as a cursor with a 400 naming the cursor', async (_what, cursor) => {
    const error = await badRequest(new DynamoPostStore(client, tableName).listPublished('courbevoie', { limit: 1, cursor, now }));
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_input');
    expect(error.details).toEqual([{ path: 'cursor', message: 'not a cursor from this list' }]);
    expect(documentMock.commandCalls(QueryCommand)).toHaveLength(0);
  });
});
