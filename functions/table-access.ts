import type { Operation as TableOperation } from '@entraide/dynamodb-store';

/**
 * What a function group asks of its tenant's table: the DynamoDB operations its stores send, and
 * the indexes it queries. The tenant stack grants exactly this (`HouseFunction.bindTable`), so a
 * store that starts sending another operation, or querying another index, is a change here too.
 */
export interface TableAccess {
  operations: readonly TableOperation[];
  indexNames: readonly string[];
}

/** Every operation the stores' client sends (`DynamoHttpClient`): single items and queries, never a Scan, a batch or a transaction. */
const everyOperation = ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'] as const satisfies readonly TableOperation[];

export const tableAccess = {
  // Posts (get, put; their geographic entries put and deleted, each counted in or out of the density
  // summary: Update; the newest list on gsi1, a section's on gsi2), the search and the summary
  // (Query), rate limits and counters (Update), the relay's
  // conversations, alerts (subscribed, matched, unsubscribed: deleted), and the directory's listings
  // (conditional puts; their zone entries put, queried and deleted; the newest on gsi1, a section's on gsi2).
  'public-api': { operations: everyOperation, indexNames: ['gsi1', 'gsi2'] },
  // Decisions on posts (and their geographic entries, counted in the density summary), login links (put, then deleted on use),
  // the session secret, rate limits, counters; the status lists on gsi1, never the geographic index.
  'staff-api': { operations: everyOperation, indexNames: ['gsi1'] },
  // The digest (status lists on gsi1, its own record), alert digests (pending matches read, then
  // deleted), follow-ups (due on gsi1, marked sent), the density summary's recount (the geographic
  // entries and the summary queried, counts set by a conditional Update).
  'scheduled-jobs': { operations: everyOperation, indexNames: ['gsi1'] },
  // The ledger only: suppressed? (Get), claim (conditional Put, Get when taken), sent (Update), release (Delete).
  'mail-sender': { operations: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'], indexNames: [] },
  // The relay reads the alias, its conversation and the post (Get); the conversation's cap and the counters are Updates;
  // a reply refused as spoofed flags its conversation to staff (a Put).
  'inbound-mail': { operations: ['GetItem', 'PutItem', 'UpdateItem'], indexNames: [] },
  // Suppression and the post's flag are Puts; the counters an Update.
  'mail-events': { operations: ['PutItem', 'UpdateItem'], indexNames: [] },
} as const satisfies Record<string, TableAccess>;

export type TableAccessGroup = keyof typeof tableAccess;
