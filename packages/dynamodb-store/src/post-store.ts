import { conditionalWrite } from './conditions.js';
import { GetCommand, PutCommand, type DocClient, type Item } from './doc-client.js';
import { ConcurrentUpdateError, type Page, type PostRecord, type PostStore } from '@entraide/core';
import { postKeys, publishedListKey, purgeAtEpochSeconds, recordOf, sectionIndexKeys, sectionListKey, statusIndexKeys } from './keys.js';
import { listPage, type IndexList } from './list-page.js';
import { isIndexed, NearbyIndexWriter } from './nearby-index.js';

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
    const { items, nextCursor } = await listPage(this.client, this.tableName, tenantId, publishedList(tenantId, query.section), query);
    return { items: items.map(toRecord), nextCursor };
  }
}
