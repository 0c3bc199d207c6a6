import { DensityMap, densityCellOf, type DensityCounts, type DensitySummary } from '@entraide/core';
import { conditionalWrite } from './conditions.js';
import { UpdateCommand, docClientOf, type DocClient, type Item, type SdkDocumentClient } from './doc-client.js';
import { densityCellOfAttribute, densityKeys, densityPartitionKey } from './keys.js';
import { queryPages } from './query.js';

/** How long a container keeps a tenant's summary: it only steers, so a minute late costs reads at most. */
export const densityCacheMs = 60_000;
/** Counts set by one correcting update: DynamoDB caps an expression at 4 KB. */
const correctionsPerUpdate = 50;

/**
 * The density summary on the tenant's table (keys.ts `densityKeys`): a count per cell of core's
 * `densityDepth`, an attribute of the item of its cell of depth 24, kept by `ADD` (a decrement only
 * while the count is ≥ 1, so none goes below 0). The whole summary is one query of a few dozen items;
 * a container keeps it `densityCacheMs` (the boxes of its cells decoded once, in core's `DensityMap`).
 */
export class DynamoDensitySummary implements DensitySummary {
  private readonly kept = new Map<string, { at: number; read: Promise<DensityMap> }>();
  private readonly client: DocClient;

  constructor(
    client: DocClient | SdkDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {
    this.client = docClientOf(client);
  }

  async read(tenantId: string): Promise<{ map: DensityMap; queries: number; itemsRead: number }> {
    const at = this.now();
    const kept = this.kept.get(tenantId);
    if (kept && at - kept.at < densityCacheMs) return { map: await kept.read, queries: 0, itemsRead: 0 };
    const loading = this.load(tenantId);
    // Searches that come while it loads wait for the same read; a failed read is not kept.
    const entry = { at, read: loading.then(({ counts }) => new DensityMap(counts)) };
    this.kept.set(tenantId, entry);
    try {
      const [{ queries, itemsRead }, map] = await Promise.all([loading, entry.read]);
      return { map, queries, itemsRead };
    } catch (error) {
      if (this.kept.get(tenantId) === entry) this.kept.delete(tenantId);
      throw error;
    }
  }

  /** The stored counts, read now: each item's attributes that are counts (keys.ts). */
  private async load(tenantId: string): Promise<{ counts: Map<number, number>; queries: number; itemsRead: number }> {
    const run = await queryPages(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': densityPartitionKey(tenantId) },
    });
    const counts = new Map<number, number>();
    for (const item of run.items) {
      for (const [attribute, value] of Object.entries(item)) {
        const cell = densityCellOfAttribute(String(item.sk), attribute);
        if (cell !== undefined) counts.set(cell, Number(value) || 0);
      }
    }
    return { counts, queries: run.queries, itemsRead: run.itemsRead };
  }

  async add(tenantId: string, curveIndex: number, delta: 1 | -1): Promise<void> {
    const { key, attribute } = densityKeys(tenantId, densityCellOf(curveIndex));
    // A decrement of a count already at 0 (the summary drifted) is dropped: the daily recount puts it right.
    await conditionalWrite(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'ADD #count :delta',
          ExpressionAttributeNames: { '#count': attribute },
          ...(delta < 0
            ? { ConditionExpression: '#count >= :one', ExpressionAttributeValues: { ':delta': delta, ':one': 1 } }
            : { ExpressionAttributeValues: { ':delta': delta } }),
        }),
      ),
    );
  }

  async correct(tenantId: string, counted: DensityCounts): Promise<{ cells: number; corrected: number }> {
    const { counts: stored } = await this.load(tenantId);
    const differing = [...new Set([...stored.keys(), ...counted.keys()])].filter(
      (cell) => (stored.get(cell) ?? 0) !== (counted.get(cell) ?? 0),
    );
    // By item, in updates of a few counts each, every count set only if it is still the one read.
    const byItem = new Map<string, number[]>();
    for (const cell of differing) {
      const { key } = densityKeys(tenantId, cell);
      byItem.set(key.sk, [...(byItem.get(key.sk) ?? []), cell]);
    }
    const updates = [...byItem.values()].flatMap((cells) =>
      Array.from({ length: Math.ceil(cells.length / correctionsPerUpdate) }, (_, at) =>
        cells.slice(at * correctionsPerUpdate, (at + 1) * correctionsPerUpdate),
      ),
    );
    let corrected = 0;
    for (const cells of updates) {
      const names: Record<string, string> = {};
      const values: Item = {};
      const sets: string[] = [];
      const removes: string[] = [];
      const conditions: string[] = [];
      cells.forEach((cell, at) => {
        names[`#c${at}`] = densityKeys(tenantId, cell).attribute;
        const now = counted.get(cell) ?? 0;
        const was = stored.get(cell);
        if (now > 0) {
          values[`:n${at}`] = now;
          sets.push(`#c${at} = :n${at}`);
        } else removes.push(`#c${at}`);
        if (was === undefined) conditions.push(`attribute_not_exists(#c${at})`);
        else {
          values[`:w${at}`] = was;
          conditions.push(`#c${at} = :w${at}`);
        }
      });
      // Only if no add came meanwhile (else the next recount corrects it): never a lost add.
      const written = await conditionalWrite(
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: densityKeys(tenantId, cells[0]!).key,
            UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : '']
              .join(' ')
              .trim(),
            ConditionExpression: conditions.join(' AND '),
            ExpressionAttributeNames: names,
            ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
          }),
        ),
      );
      if (written) corrected += cells.length;
    }
    return { cells: counted.size, corrected };
  }
}
