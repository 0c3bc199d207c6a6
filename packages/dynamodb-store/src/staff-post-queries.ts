import { QueryCommand, type DocClient } from './doc-client.js';
import {
  badCursor,
  decodeCursor,
  encodeCursor,
  type CreatedBetweenQuery,
  type Page,
  type PostRecord,
  type StaffPostQueries,
} from '@entraide/core';
import { allStatusLists, statusListKey, statusListName, tenantKeyPrefix } from './keys.js';
import { toRecord } from './post-store.js';

type Key = Record<string, string>;

/** A cursor over one or several gsi1 lists: which list, and where in it. */
interface ListCursor {
  list: number;
  key?: Key;
}

const encode = (cursor: ListCursor): string => encodeCursor({ ...cursor });

/** A cursor comes back from a client (core's cursor codec): anything but one of ours, for this tenant and these lists, is a 400 naming `cursor`. */
function decode(cursor: string, tenantId: string, lists: readonly string[]): ListCursor {
  const candidate = decodeCursor(cursor) as unknown as ListCursor;
  if (!Number.isInteger(candidate.list) || candidate.list < 0 || candidate.list >= lists.length) throw badCursor();
  if (candidate.key !== undefined) {
    const key = candidate.key as unknown;
    if (
      typeof key !== 'object' ||
      key === null ||
      Object.keys(key).sort().join() !== 'gsi1pk,gsi1sk,pk,sk' ||
      Object.values(key).some((part) => typeof part !== 'string' || part.length > 512 || !part.length) ||
      !(key as Key).pk!.startsWith(tenantKeyPrefix(tenantId)) ||
      // A key of the very list the cursor names: anything else would make the query fail.
      (key as Key).gsi1pk !== statusListKey(tenantId, lists[candidate.list]!)
    ) {
      throw badCursor();
    }
  }
  return candidate;
}

/** The staff's lists on gsi1 (see `statusIndexKeys`): queries only, never a scan. */
export class DynamoStaffPostQueries implements StaffPostQueries {
  constructor(
    private readonly client: DocClient,
    private readonly tableName: string,
  ) {}

  async listForModeration(tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<PostRecord>> {
    const start = query.cursor ? decode(query.cursor, tenantId, ['MODERATION']) : { list: 0 };
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :list',
        ExpressionAttributeValues: { ':list': statusListKey(tenantId, 'MODERATION') },
        ScanIndexForward: true,
        Limit: query.limit,
        ...(start.key ? { ExclusiveStartKey: start.key } : {}),
      }),
    );
    const next = page.LastEvaluatedKey as Key | undefined;
    return { items: (page.Items ?? []).map(toRecord), nextCursor: next ? encode({ list: 0, key: next }) : null };
  }

  /**
   * Reads each status list in turn (those of `statuses` only, when given) over [from, to), oldest
   * first unless `newestFirst`. The published list is sorted by publication time (never before
   * creation), so it is read from `from` on and filtered on creation time.
   */
  async listCreatedBetween(tenantId: string, query: CreatedBetweenQuery): Promise<Page<PostRecord>> {
    const lists = query.statuses ? [...new Set(query.statuses.map(statusListName))] : allStatusLists;
    let position: ListCursor = query.cursor ? decode(query.cursor, tenantId, lists) : { list: 0 };
    const items: PostRecord[] = [];
    while (items.length < query.limit) {
      const list = lists[position.list]!;
      const published = list === 'PUBLISHED';
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: published ? 'gsi1pk = :list AND gsi1sk >= :from' : 'gsi1pk = :list AND gsi1sk BETWEEN :from AND :to',
          ...(published ? { FilterExpression: 'createdAt >= :from AND createdAt < :to' } : {}),
          ExpressionAttributeValues: { ':list': statusListKey(tenantId, list), ':from': query.from, ':to': query.to },
          ScanIndexForward: !query.newestFirst,
          Limit: query.limit - items.length,
          ...(position.key ? { ExclusiveStartKey: position.key } : {}),
        }),
      );
      // BETWEEN is inclusive and the sort key is `<createdAt>#<id>`: keep [from, to) exactly.
      items.push(...(page.Items ?? []).map(toRecord).filter((post) => post.createdAt >= query.from && post.createdAt < query.to));
      const next = page.LastEvaluatedKey as Key | undefined;
      if (next) position = { list: position.list, key: next };
      else if (position.list + 1 < lists.length) position = { list: position.list + 1 };
      else return { items, nextCursor: null };
    }
    return { items, nextCursor: encode(position) };
  }
}
