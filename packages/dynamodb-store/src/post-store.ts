import { conditionalWrite } from './conditions.js';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DocClient, type Item } from './doc-client.js';
import { ConcurrentUpdateError, type Page, type PostRecord, type PostStore } from '@entraide/core';
import {
  expiringEntryKeys,
  expiringListKey,
  expiringSortRange,
  postKeys,
  publishedListKey,
  purgeAtEpochSeconds,
  recordOf,
  sectionIndexKeys,
  sectionListKey,
  statusIndexKeys,
} from './keys.js';
import { listPage, type IndexList } from './list-page.js';
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
function publishedList(tenantId: string, section: string | undefined): IndexList {
  return section
    ? { index: 'gsi2', pkName: 'gsi2pk', skName: 'gsi2sk', pk: sectionListKey(tenantId, section) }
    : { index: 'gsi1', pkName: 'gsi1pk', skName: 'gsi1sk', pk: publishedListKey(tenantId) };
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
 *
 * A published post's entry by expiry (`POSTS_EXPIRING`, read by the "still needed?" job) goes the
 * other way round: the entry the post gains is written before the post, so a published post never
 * lacks one; the entry it loses (unpublished, or another expiry) is deleted after it. Should anything
 * fail in between, what is left is a stale entry, which `listExpiring` deletes when it meets it. Each
 * entry carries the post's version, so a stale one is deleted only if no newer write has put it.
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
    await this.putExpiryEntry(post);
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
    // Put again on every write, as the nearby entries are: an entry lost (or older than this family) comes back.
    await this.putExpiryEntry(post);
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
    if (isIndexed(previous) && !(isIndexed(post) && previous.expiresAt === post.expiresAt)) {
      await this.deleteExpiryEntry(previous, post.version);
    }
    await this.syncIndex(post);
  }

  /** The post's entry by expiry, if it is published; a newer version's entry stays. */
  private async putExpiryEntry(post: PostRecord): Promise<void> {
    if (!isIndexed(post)) return;
    await conditionalWrite(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...expiringEntryKeys(post),
            postId: post.id,
            expiresAt: post.expiresAt,
            postVersion: post.version,
            purgeAt: purgeAtEpochSeconds(post),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR postVersion <= :version',
          ExpressionAttributeValues: { ':version': post.version },
        }),
      ),
    );
  }

  /** Deletes the entry of `entry`'s expiry unless a write newer than `version` put it (gone already: nothing to do). */
  private async deleteExpiryEntry(entry: Pick<PostRecord, 'tenantId' | 'id' | 'expiresAt'>, version: number): Promise<void> {
    await conditionalWrite(
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: expiringEntryKeys(entry),
          ConditionExpression: 'postVersion <= :version',
          ExpressionAttributeValues: { ':version': version },
        }),
      ),
    );
  }

  /**
   * Published posts expiring from `from` to `to`, soonest first, read by their entries (one query,
   * then each post by id). An entry whose post is no longer published with that expiry is stale: it
   * is deleted (unless a newer write put it) and its post left out. An entry without its post (an
   * insert still under way, or failed) is left to the table's purge.
   */
  async listExpiring(tenantId: string, query: { from: Date; to: Date; limit: number; cursor?: string }): Promise<Page<PostRecord>> {
    const list = expiringListKey(tenantId);
    const range = expiringSortRange(query.from.toISOString(), query.to.toISOString());
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :list AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':list': list, ':from': range.from, ':to': range.to },
        Limit: query.limit,
        ...(query.cursor ? { ExclusiveStartKey: { pk: list, sk: query.cursor } } : {}),
      }),
    );
    const posts: PostRecord[] = [];
    for (const entry of Items) {
      const post = await this.get(tenantId, String(entry.postId));
      if (post && isIndexed(post) && post.expiresAt === entry.expiresAt) posts.push(post);
      else if (post) await this.deleteExpiryEntry({ tenantId, id: post.id, expiresAt: String(entry.expiresAt) }, post.version);
    }
    return { items: posts, nextCursor: LastEvaluatedKey ? String(LastEvaluatedKey.sk) : null };
  }

  /** Writes the post's index entries as they should be now: the repair after a failed write. */
  async reindex(post: PostRecord): Promise<void> {
    const current = await this.get(post.tenantId, post.id);
    if (!current) return;
    await this.putExpiryEntry(current);
    await this.syncIndex(current);
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

  /**
   * The repair of what was written before the list by expiry and the geographic entries' whole
   * public view (`npm run reindex`): every post of the published list gets its entry by expiry and
   * its geographic entries, put as each write puts them (a newer version's entries stay). A query
   * of that list, a page at a time, never a scan; run again, it changes nothing.
   */
  async reindexPublished(tenantId: string): Promise<{ published: number }> {
    let published = 0;
    let start: Item | undefined;
    do {
      const page = await queryPages(
        this.client,
        {
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :list',
          ExpressionAttributeValues: { ':list': publishedListKey(tenantId) },
        },
        { limit: 100, ...(start ? { start } : {}) },
      );
      for (const post of page.items.map(toRecord)) {
        await this.putExpiryEntry(post);
        await this.nearby.put(post);
        published += 1;
      }
      start = page.lastKey;
    } while (start);
    return { published };
  }

  async listPublished(tenantId: string, query: { limit: number; cursor?: string; section?: string; now: Date }): Promise<Page<PostRecord>> {
    const { items, nextCursor } = await listPage(this.client, this.tableName, tenantId, publishedList(tenantId, query.section), query);
    return { items: items.map(toRecord), nextCursor };
  }
}
