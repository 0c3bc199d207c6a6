import { unlessConditionFails } from './conditions.js';
import { DynamoDensitySummary } from './density-summary.js';
import { DeleteCommand, PutCommand, docClientOf, type DocClient, type Item, type SdkDocumentClient } from './doc-client.js';
import {
  nearbyEntryOf,
  partitionOf,
  curveIndexFromKey,
  curveIndexOf,
  type IndexedEntry,
  type NearbyFilter,
  type NearbyIndex,
  type PostRecord,
  type RangeRead,
  type RangeReadResult,
} from '@entraide/core';
import { nearbyPartitionKey, nearbySortKey, nearbySortRange } from './keys.js';
import { queryPages } from './query.js';

/**
 * The geographic index: for each published post, one item per filter a search can ask for (none,
 * category, kind, both), keyed by partition cell and filter, sorted by the full key of the post's
 * public point on geo's Hilbert curve. A search reads any cell as one key range of one partition, and a filtered
 * search reads only posts of its filter. Items carry the public view only (core's `nearbyEntryOf`:
 * section and an offer to health workers' housing or equipment included): no email, no exact point.
 */
/** The four filters a post is found under. */
export const nearbyFiltersOf = (post: Pick<PostRecord, 'category' | 'kind'>): NearbyFilter[] => [
  {},
  { category: post.category },
  { kind: post.kind },
  { category: post.category, kind: post.kind },
];

/** Only a published post with its content is in the index; expiry is judged on read (and by TTL). */
export const isIndexed = (post: PostRecord): boolean => post.status === 'published' && post.content !== null;

export function nearbyIndexItems(post: PostRecord): Item[] {
  if (!isIndexed(post) || !post.content) return [];
  const { location, ...entry } = nearbyEntryOf(post);
  const index = curveIndexOf(location);
  return nearbyFiltersOf(post).map((filter) => ({
    pk: nearbyPartitionKey(post.tenantId, filter, partitionOf(index)),
    sk: nearbySortKey(index, post.id),
    ...entry,
    lat: location.lat,
    lon: location.lon,
    postVersion: post.version,
    // DynamoDB's TTL removes an expired post's entries (days late at worst: reads filter expiry).
    purgeAt: Math.ceil(Date.parse(post.expiresAt) / 1000),
  }));
}

const keyOf = (item: Item): string => `${String(item.pk)}\u0000${String(item.sk)}`;

/** The entry without a filter: the one the density summary counts (a published post has exactly one). */
const isCounted = (tenantId: string, item: Item): boolean =>
  item.pk === nearbyPartitionKey(tenantId, {}, partitionOf(curveIndexFromKey(String(item.sk))));

function toEntry(item: Item): IndexedEntry {
  return {
    postId: String(item.postId),
    kind: item.kind as IndexedEntry['kind'],
    category: item.category as IndexedEntry['category'],
    title: String(item.title),
    description: String(item.description),
    authorName: String(item.authorName),
    location: { lat: Number(item.lat), lon: Number(item.lon) },
    createdAt: String(item.createdAt),
    expiresAt: String(item.expiresAt),
    ...(typeof item.section === 'string' ? { section: item.section } : {}),
    ...(item.housing ? { housing: item.housing as IndexedEntry['housing'] } : {}),
    ...(item.equipment ? { equipment: item.equipment as IndexedEntry['equipment'] } : {}),
    // Written before entries carried the whole public view: no `full`.
    ...(item.full === true ? { full: true as const } : {}),
    curveIndex: curveIndexFromKey(String(item.sk)),
  };
}

/**
 * Keeps the index items of posts in step with the posts, with conditional single-item writes (no
 * transactions: the embedded DynamoDB has none). Each item carries the version of the post that
 * wrote it, and a write never replaces or deletes a newer one. The write that makes or removes a
 * post's entry without a filter also counts it in or out of the density summary.
 */
export class NearbyIndexWriter {
  private readonly summary: DynamoDensitySummary;

  constructor(
    private readonly client: DocClient,
    private readonly tableName: string,
  ) {
    this.summary = new DynamoDensitySummary(client, tableName);
  }

  /**
   * The summary's add for an entry made or removed. It only steers searches: should it fail, the
   * post's write stands and the daily recount (`densityRecountJob`) puts the count right.
   */
  private async count(tenantId: string, item: Item, delta: 1 | -1): Promise<void> {
    await this.summary.add(tenantId, curveIndexFromKey(String(item.sk)), delta).catch(() => undefined);
  }

  /** Deletes the entries that `previous` had and `next` will not have (a post hidden, moved, recategorised). */
  async removeStale(previous: PostRecord | undefined, next: PostRecord | undefined): Promise<void> {
    if (!previous) return;
    const kept = new Set((next ? nearbyIndexItems(next) : []).map(keyOf));
    const stale = nearbyIndexItems(previous).filter((item) => !kept.has(keyOf(item)));
    const version = Math.max(previous.version, next?.version ?? 0);
    await Promise.all(
      stale.map(async (item) => {
        const counted = isCounted(previous.tenantId, item);
        // Gone already, or rewritten by a newer version: nothing to do.
        const deleted = await unlessConditionFails(
          this.client.send(
            new DeleteCommand({
              TableName: this.tableName,
              Key: { pk: item.pk, sk: item.sk },
              ConditionExpression: 'postVersion <= :version',
              ExpressionAttributeValues: { ':version': version },
              ...(counted ? { ReturnValues: 'ALL_OLD' as const } : {}),
            }),
          ),
        );
        // This delete took the entry out (one was there): one post less in the summary.
        if (counted && deleted?.Attributes) await this.count(previous.tenantId, item, -1);
      }),
    );
  }

  /** Writes the entries `post` should have; idempotent, so running it again repairs a failed write. */
  async put(post: PostRecord): Promise<void> {
    await Promise.all(
      nearbyIndexItems(post).map(async (item) => {
        const counted = isCounted(post.tenantId, item);
        // A newer version wrote it meanwhile: it stays.
        const written = await unlessConditionFails(
          this.client.send(
            new PutCommand({
              TableName: this.tableName,
              Item: item,
              ConditionExpression: 'attribute_not_exists(pk) OR postVersion <= :version',
              ExpressionAttributeValues: { ':version': post.version },
              ...(counted ? { ReturnValues: 'ALL_OLD' as const } : {}),
            }),
          ),
        );
        // This put made the entry (none was there): one post more in the summary. Put again, it adds nothing.
        if (counted && written && !written.Attributes) await this.count(post.tenantId, item, 1);
      }),
    );
  }
}

/** Reads ranges of the index for core's search (searchNearby). */
export class DynamoNearbyIndex implements NearbyIndex {
  private readonly client: DocClient;

  constructor(
    client: DocClient | SdkDocumentClient,
    private readonly tableName: string,
  ) {
    this.client = docClientOf(client);
  }

  async readRange(tenantId: string, filter: NearbyFilter, read: RangeRead): Promise<RangeReadResult> {
    const sortKeys = nearbySortRange(read.range);
    const run = await queryPages(
      this.client,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': nearbyPartitionKey(tenantId, filter, partitionOf(read.range.lo)),
          ':from': sortKeys.from,
          ':to': sortKeys.to,
        },
        ScanIndexForward: !read.descending,
      },
      read.limit ? { limit: read.limit } : {},
    );
    return { entries: run.items.map(toEntry), itemsRead: run.itemsRead, queries: run.queries, complete: !run.lastKey };
  }
}
