import { cellRuns, densityCellKey, densityCellsOf, type Cell, type DensitySummary, type SummaryReadResult } from '@entraide/core';
import { conditionalWrite } from './conditions.js';
import { UpdateCommand, docClientOf, type DocClient, type SdkDocumentClient } from './doc-client.js';
import { densityCellOfSortKey, densityKeys, densitySortRange } from './keys.js';
import { queryPages } from './query.js';

/** How long a container keeps the counts it read: the summary only steers, a minute late costs reads at most. */
export const densityCacheMs = 60_000;
/** At most this many counts kept per container (emptied when full, as geo's boxes are). */
const maxCachedCells = 200_000;
/** The recount's corrections in flight at once. */
const correctionsInFlight = 16;

/**
 * The density summary on the tenant's table (keys.ts `densityKeys`): one small item per counted
 * cell, `n` kept by `ADD` (a decrement only while `n` ≥ 1, so a count never goes below 0). Reads
 * are runs of one depth's neighbouring cells (core's `cellRuns`), one Query each, in parallel; what
 * a container read is kept `densityCacheMs`, the cells of a run that hold no item as 0.
 */
export class DynamoDensitySummary implements DensitySummary {
  private readonly cache = new Map<string, { count: number; at: number }>();
  private readonly client: DocClient;

  constructor(
    client: DocClient | SdkDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {
    this.client = docClientOf(client);
  }

  async counts(tenantId: string, cells: Cell[]): Promise<SummaryReadResult> {
    const at = this.now();
    const key = (cell: Cell) => `${tenantId}/${densityCellKey(cell)}`;
    const fresh = (cell: Cell) => {
      const kept = this.cache.get(key(cell));
      return kept && at - kept.at < densityCacheMs ? kept : undefined;
    };
    const missing = cells.filter((cell) => !fresh(cell));
    const runs = cellRuns(missing);
    const results = await Promise.all(
      runs.map((run) => {
        const range = densitySortRange(run.depth, run.from, run.to);
        return queryPages(this.client, {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': densityKeys(tenantId, { depth: run.depth, prefix: run.from }).pk,
            ':from': range.from,
            ':to': range.to,
          },
        });
      }),
    );
    if (this.cache.size + missing.length > maxCachedCells) this.cache.clear();
    // A cell of a run with no item holds nothing counted.
    for (const cell of missing) this.cache.set(key(cell), { count: 0, at });
    for (const item of results.flatMap((result) => result.items)) {
      this.cache.set(key(densityCellOfSortKey(String(item.sk))), { count: Math.max(0, Number(item.n) || 0), at });
    }
    return {
      counts: cells.map((cell) => this.cache.get(key(cell))?.count ?? 0),
      itemsRead: results.reduce((sum, result) => sum + result.itemsRead, 0),
      queries: results.reduce((sum, result) => sum + result.queries, 0),
    };
  }

  async add(tenantId: string, z: number, delta: 1 | -1): Promise<void> {
    await Promise.all(
      densityCellsOf(z).map((cell) =>
        // A decrement of a count already at 0 (the summary drifted) is dropped: the expiry job recounts.
        conditionalWrite(
          this.client.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: densityKeys(tenantId, cell),
              UpdateExpression: 'ADD n :delta',
              ...(delta < 0
                ? { ConditionExpression: 'n >= :one', ExpressionAttributeValues: { ':delta': delta, ':one': 1 } }
                : { ExpressionAttributeValues: { ':delta': delta } }),
            }),
          ),
        ),
      ),
    );
  }

  async correct(tenantId: string, partition: number, counted: ReadonlyMap<string, number>): Promise<{ cells: number; corrected: number }> {
    const stored = new Map<string, number>();
    const { items } = await queryPages(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': densityKeys(tenantId, { depth: 16, prefix: partition }).pk },
    });
    for (const item of items) stored.set(densityCellKey(densityCellOfSortKey(String(item.sk))), Number(item.n) || 0);
    const differing = [...new Set([...stored.keys(), ...counted.keys()])].filter(
      (cell) => (stored.get(cell) ?? 0) !== (counted.get(cell) ?? 0),
    );
    let corrected = 0;
    for (let start = 0; start < differing.length; start += correctionsInFlight) {
      const written = await Promise.all(
        differing.slice(start, start + correctionsInFlight).map((cellKey) => {
          const [depth, prefix] = cellKey.split('/').map(Number) as [number, number];
          const was = stored.get(cellKey);
          // Only if no add came meanwhile (else the next run corrects it): never a lost add.
          return conditionalWrite(
            this.client.send(
              new UpdateCommand({
                TableName: this.tableName,
                Key: densityKeys(tenantId, { depth, prefix }),
                UpdateExpression: 'SET n = :counted',
                ConditionExpression: was === undefined ? 'attribute_not_exists(n)' : 'n = :was',
                ExpressionAttributeValues: { ':counted': counted.get(cellKey) ?? 0, ...(was === undefined ? {} : { ':was': was }) },
              }),
            ),
          );
        }),
      );
      corrected += written.filter(Boolean).length;
    }
    return { cells: counted.size, corrected };
  }
}
