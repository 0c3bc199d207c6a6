import { cellRange, cellsAroundDisc, partitionDepth } from '../geo/index.js';
import type { Clock } from '../shared/index.js';
import type { TenantConfig } from '../tenant/index.js';
import { densityCountsOf } from './density.js';
import type { DensitySummary, NearbyIndex } from './ports.js';

export interface DensityRecountDeps {
  tenant: TenantConfig;
  nearbyIndex: NearbyIndex;
  densitySummary: DensitySummary;
  clock: Clock;
}

/** Public points lie within 1 km of the exact ones, themselves in the area: the recount reads this far past it. */
const marginKm = 2;

/**
 * The density summary's repair, run daily by the follow-ups job and by `npm run reindex`. The
 * counts drift when a post expires (its entries stay until DynamoDB's TTL removes them, and nothing
 * counts it out then), when a write fails between an entry and its count, and for posts published
 * before the summary existed. It recounts the tenant's posts from the index itself (every unexpired
 * entry without a filter, partition by partition of the area) and sets each count that differs
 * (`DensitySummary.correct`). The summary only steers the search: a count a day late costs reads,
 * never a post.
 */
export function densityRecountJob(deps: DensityRecountDeps) {
  return async (): Promise<{ partitions: number; entries: number; cells: number; corrected: number }> => {
    const { tenant } = deps;
    const nowIso = deps.clock.now().toISOString();
    const partitions = cellsAroundDisc(tenant.area.center, tenant.area.radiusKm + marginKm, partitionDepth);
    const unexpired: number[] = [];
    for (const partition of partitions) {
      const { entries } = await deps.nearbyIndex.readRange(tenant.id, {}, { range: cellRange(partition) });
      for (const entry of entries) if (entry.expiresAt > nowIso) unexpired.push(entry.curveIndex);
    }
    const { cells, corrected } = await deps.densitySummary.correct(tenant.id, densityCountsOf(unexpired));
    return { partitions: partitions.length, entries: unexpired.length, cells, corrected };
  };
}
