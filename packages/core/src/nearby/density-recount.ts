import { cellRange, cellsAroundDisc, partitionDepth } from '../geo/index.js';
import type { Clock } from '../shared/index.js';
import type { TenantConfig } from '../tenant/index.js';
import { densityCellKey, densityCellsOf } from './counted-plan.js';
import type { DensitySummary, NearbyIndex } from './ports.js';

export interface DensityRecountDeps {
  tenant: TenantConfig;
  nearbyIndex: NearbyIndex;
  densitySummary: DensitySummary;
  clock: Clock;
}

/** Public points lie within 1 km of the exact ones: the recount reads this far past the tenant's area. */
const marginKm = 2;

/**
 * The density summary's repair, run by the expiry job (the daily `follow-ups`): the counts drift
 * when a post expires (its entries stay until DynamoDB's TTL removes them, and nothing subtracts
 * then) or when a write fails between an entry and its add. It recounts the tenant's cells from
 * the index itself: every entry (no filter) of each partition of the area, those not expired, at
 * each summary depth, and sets each count that differs (`DensitySummary.correct`). The summary only
 * steers the search, so a count corrected a day late costs reads, never a post.
 */
export function densityRecountJob(deps: DensityRecountDeps) {
  return async (): Promise<{ partitions: number; entries: number; cells: number; corrected: number }> => {
    const { tenant } = deps;
    const nowIso = deps.clock.now().toISOString();
    const partitions = cellsAroundDisc(tenant.area.center, tenant.area.radiusKm + marginKm, partitionDepth);
    let entries = 0;
    let cells = 0;
    let corrected = 0;
    for (const partition of partitions) {
      const { entries: read } = await deps.nearbyIndex.readRange(tenant.id, {}, { range: cellRange(partition) });
      const counted = new Map<string, number>();
      for (const entry of read) {
        if (entry.expiresAt <= nowIso) continue;
        entries += 1;
        for (const cell of densityCellsOf(entry.z)) counted.set(densityCellKey(cell), (counted.get(densityCellKey(cell)) ?? 0) + 1);
      }
      const result = await deps.densitySummary.correct(tenant.id, partition.prefix, counted);
      cells += result.cells;
      corrected += result.corrected;
    }
    return { partitions: partitions.length, entries, cells, corrected };
  };
}
