import { conditionalWrite } from './conditions.js';
import { GetCommand, PutCommand, type DocClient, type Item } from './doc-client.js';
import { badCursor, ConcurrentUpdateError, decodeCursor, encodeCursor, type Page, type PostRecord, type PostStore } from '@entraide/core';
import {
  postKeys,
  publishedListKey,
  purgeAtEpochSeconds,
  recordOf,
  sectionIndexKeys,
  sectionListKey,
  statusIndexKeys,
  tenantKeyPrefix,
} from './keys.js';
import { isIndexed, NearbyIndexWriter } from './nearby-index.js';
import { queryPages } from './query.js';

function toItem(post: PostRecord): Item {
  return {
    ...post,
    ...postKeys(post.tenantId, post.id),
    ...statusIndexKeys(post),
    ...sectionIndexKeys(post),
    purgeAt: purgeAtEpochSeconds(post),
  };
}

export const toRecord = (item: Item): PostRecord => recordOf<PostRecord>(item);

/** The list a page reads: all published posts (gsi1), or those of one section (gsi2). */
function publishedList(tenantId: string, section: string | undefined) {
  return section
    ? { index: 'gsi2', pkName: 'gsi2pk', skName: 'gsi2sk', pk: sectionListKey(tenantId, section) }
    : { index: 'gsi1', pkName: 'gsi1pk', skName: 'gsi1sk', pk: publishedListKey(tenantId) };
}
type PublishedList = ReturnType<typeof publishedList>;

/**
 * A page's cursor is the list's last key read (core's cursor codec). It comes back from a client:
 * anything but a key of this list, for this tenant, is a 400 naming `cursor`.
 */
function startKeyOf(cursor: string, tenantId: string, list: PublishedList): Record<string, string> {
  const key = decodeCursor(cursor);
  if (
    Object.keys(key).sort().join() !== [list.pkName, list.skName, 'pk', 'sk'].sort().join() ||
    Object.values(key).some((value) => typeof value !== 'string' || value.length > 512)
  ) {
    throw badCursor();
  }
  const candidate = key as Record<string, string>;
  if (candidate[list.pkName] !== list.pk || !candidate.pk!.startsWith(tenantKeyPrefix(tenantId))) throw badCursor();
  return candidate;
}

/**
 * The store port on a tenant's DynamoDB table, with conditional single-item writes only.
 *
 * Every write keeps the post's entries in the geographic index in step (NearbyIndexWriter), without
 * transactions: entries the post loses (closed, deleted, moved) are deleted before the post is
 * written, so a failure in between never leaves a hidden or erased post findable; entries it gains
 * are written after it, then the post is read again and, if someone wrote it meanwhile, the index
 * is brought to that version. A failure after the post write leaves the index behind until the
 * post's next write, which rewrites every entry (idempotently), or until `reindex`.
 */
export class DynamoPostStore implements PostStore {
  private readonly nearby: NearbyIndexWriter;

  constructor(
    private readonly client: DocClient,
    private readonly tableName: string,
  ) {
    this.nearby = new NearbyIndexWriter(client, tableName);
  }

  async insert(post: PostRecord): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: toItem(post), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    if (isIndexed(post)) await this.syncIndex(post);
  }

  async get(tenantId: string, postId: string): Promise<PostRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: postKeys(tenantId, postId), ConsistentRead: true }),
    );
    return Item ? toRecord(Item) : undefined;
  }

  async replace(post: PostRecord, expectedVersion: number): Promise<void> {
    const previous = await this.get(post.tenantId, post.id);
    if (!previous || previous.version !== expectedVersion) throw new ConcurrentUpdateError();
    await this.nearby.removeStale(previous, post);
    const written = await conditionalWrite(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(post),
          ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      ),
    );
    if (!written) throw new ConcurrentUpdateError();
    await this.syncIndex(post);
  }

  /** Writes the post's index entries as they should be now: the repair after a failed write. */
  async reindex(post: PostRecord): Promise<void> {
    const current = await this.get(post.tenantId, post.id);
    if (current) await this.syncIndex(current);
  }

  /** Writes `written`'s entries, then follows any newer version until the index matches the post. */
  private async syncIndex(written: PostRecord): Promise<void> {
    let synced = written;
    await this.nearby.put(synced);
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.get(synced.tenantId, synced.id);
      if (!current || current.version === synced.version) return;
      await this.nearby.removeStale(synced, current);
      await this.nearby.put(current);
      synced = current;
    }
  }

  async listPublished(tenantId: string, query: { limit: number; cursor?: string; section?: string; now: Date }): Promise<Page<PostRecord>> {
    const list = publishedList(tenantId, query.section);
    const { items: found } = await queryPages(
      this.client,
      {
        TableName: this.tableName,
        IndexName: list.index,
        KeyConditionExpression: '#list = :list',
        // Expiry is judged on read: TTL deletes late, and the list must not show an expired post.
        FilterExpression: 'expiresAt > :now',
        ExpressionAttributeNames: { '#list': list.pkName },
        ExpressionAttributeValues: { ':list': list.pk, ':now': query.now.toISOString() },
        ScanIndexForward: false,
      },
      // One item more than the page, to know whether there is a next page without a second round trip.
      { limit: query.limit + 1, ...(query.cursor ? { start: startKeyOf(query.cursor, tenantId, list) } : {}) },
    );

    const items = found.slice(0, query.limit);
    const last = items.at(-1);
    const nextCursor =
      found.length > query.limit && last
        ? encodeCursor({
            pk: String(last.pk),
            sk: String(last.sk),
            [list.pkName]: String(last[list.pkName]),
            [list.skName]: String(last[list.skName]),
          })
        : null;
    return { items: items.map(toRecord), nextCursor };
  }
}
