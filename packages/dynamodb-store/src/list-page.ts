import { badCursor, decodeCursor, encodeCursor } from '@entraide/core';
import type { DocClient, Item } from './doc-client.js';
import { tenantKeyPrefix } from './keys.js';
import { queryPages } from './query.js';

/** A list of a tenant's items in an index: its partition, and the names of that index's keys. */
export interface IndexList {
  index: string;
  pkName: string;
  skName: string;
  pk: string;
}

/**
 * A page's cursor is the list's last key read (core's cursor codec). It comes back from a client:
 * anything but a key of this list, for this tenant, is a 400 naming `cursor`.
 */
function startKeyOf(cursor: string, tenantId: string, list: IndexList): Record<string, string> {
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
 * A page of a list of entries (posts, listings): newest first without the expired ones (the public
 * lists), or oldest first with all of them (`oldestFirst`: what awaits staff).
 */
export async function listPage(
  client: DocClient,
  tableName: string,
  tenantId: string,
  list: IndexList,
  query: { limit: number; cursor?: string; now?: Date; oldestFirst?: boolean },
): Promise<{ items: Item[]; nextCursor: string | null }> {
  const { items: found } = await queryPages(
    client,
    {
      TableName: tableName,
      IndexName: list.index,
      KeyConditionExpression: '#list = :list',
      // Expiry is judged on read: TTL deletes late, and a public list must not show an expired entry.
      ...(query.now ? { FilterExpression: 'expiresAt > :now' } : {}),
      ExpressionAttributeNames: { '#list': list.pkName },
      ExpressionAttributeValues: { ':list': list.pk, ...(query.now ? { ':now': query.now.toISOString() } : {}) },
      ScanIndexForward: query.oldestFirst === true,
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
  return { items, nextCursor };
}

/** A page of a list in the order of its sort key (staff's lists of missions and wishes, oldest first); the cursor is checked as above. */
export async function oldestFirstPage(
  client: DocClient,
  tableName: string,
  tenantId: string,
  list: IndexList,
  query: { limit: number; cursor?: string },
): Promise<{ items: Item[]; nextCursor: string | null }> {
  const { items, lastKey } = await queryPages(
    client,
    {
      TableName: tableName,
      IndexName: list.index,
      KeyConditionExpression: '#list = :list',
      ExpressionAttributeNames: { '#list': list.pkName },
      ExpressionAttributeValues: { ':list': list.pk },
    },
    { limit: query.limit, ...(query.cursor ? { start: startKeyOf(query.cursor, tenantId, list) } : {}) },
  );
  return { items, nextCursor: lastKey ? encodeCursor({ ...lastKey }) : null };
}
