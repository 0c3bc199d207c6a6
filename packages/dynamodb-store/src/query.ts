import { QueryCommand, type DocClient, type Item, type QueryInput } from './doc-client.js';

/** What a run of `queryPages` read. */
export interface QueryRun {
  items: Item[];
  /** Where the run stopped, to continue from; undefined once the key range is read to its end. */
  lastKey: Item | undefined;
  /** Round trips to DynamoDB. */
  queries: number;
  /** Items DynamoDB read, before any filter: what the run cost. */
  itemsRead: number;
}

/**
 * Runs one query page after page, from `start`, until its key range is read to the end or `limit`
 * items came back: each page asks for the items still missing, so a run never holds more than
 * `limit`. A filter can thin a page, even to nothing; the next page follows. Without `limit`, the
 * whole range.
 */
export async function queryPages(
  client: DocClient,
  input: Omit<QueryInput, 'Limit' | 'ExclusiveStartKey'>,
  { limit, start }: { limit?: number; start?: Item } = {},
): Promise<QueryRun> {
  const items: Item[] = [];
  let queries = 0;
  let itemsRead = 0;
  let exclusiveStartKey = start;
  do {
    const page = await client.send(
      new QueryCommand({ ...input, ...(limit ? { Limit: limit - items.length } : {}), ExclusiveStartKey: exclusiveStartKey }),
    );
    queries += 1;
    itemsRead += page.ScannedCount ?? page.Items?.length ?? 0;
    items.push(...(page.Items ?? []));
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey && (!limit || items.length < limit));
  return { items, lastKey: exclusiveStartKey, queries, itemsRead };
}
