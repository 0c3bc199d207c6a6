/**
 * The geographic search's steering measured on the in-memory copy of the index (no latency, no
 * DynamoDB: items read and queries only, which equal the embedded DynamoDB's), on bench:geo's posts
 * and query points: today's search beside the search steered by an exact density summary.
 * `npx tsx bench/geo/in-memory.ts` (GEO_BENCH_SIZES, GEO_BENCH_QUERIES as bench:geo).
 */
import os from 'node:os';
import { countedPlanSettings, searchNearby, type DensitySummaryReader } from '@entraide/core';
import { median, percentile, round } from '../support/stats.js';
import { formatTable } from '../support/table.js';
import { benchPosts, benchTenant, populatedPoint, seededRandom } from './data.js';
import { memorySummary, SortedMemoryIndex } from './memory-index.js';

const sizes = (process.env.GEO_BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const queries = Number(process.env.GEO_BENCH_QUERIES ?? 30);
const radii = [1, 5, 20];
const now = new Date('2026-11-02T00:00:00.000Z');
const pageSize = 20;

// Variants: GEO_PLAN='{"maxWaves":6}' overrides the planner's settings.
Object.assign(countedPlanSettings, JSON.parse(process.env.GEO_PLAN ?? '{}'));
const loadAtStart = os.loadavg()[0]!;
const all = benchPosts(Math.max(...sizes), 1);
const lines: (string | number)[][] = [];
const worst: Record<string, { median: number; p95: number; short: number; queries: number; summaryQueries: number }> = {};
for (const size of sizes) {
  const index = new SortedMemoryIndex();
  index.add(all.slice(0, size));
  const methods: Record<string, DensitySummaryReader | undefined> = { before: undefined, summary: memorySummary(index) };
  for (const radiusKm of radii) {
    const random = seededRandom(1000 + radiusKm);
    const points = Array.from({ length: queries }, () => populatedPoint(random));
    for (const [method, summary] of Object.entries(methods)) {
      const samples = [];
      for (const near of points) {
        const result = await searchNearby(index, { tenantId: benchTenant.id, near, radiusKm, filter: {}, limit: pageSize, now }, summary);
        samples.push({
          ratio: result.stats.itemsRead / Math.max(1, result.items.length),
          queries: result.stats.queries,
          summaryQueries: result.stats.summaryQueries,
          summaryItems: result.stats.summaryItemsRead,
          short: result.next !== null && result.items.length < pageSize,
        });
      }
      const ratios = samples.map((sample) => sample.ratio);
      const row = {
        median: median(ratios),
        p95: percentile(ratios, 0.95),
        short: samples.filter((sample) => sample.short).length,
        queries: Math.max(...samples.map((sample) => sample.queries)),
        summaryQueries: Math.max(...samples.map((sample) => sample.summaryQueries)),
        summaryQueriesMedian: median(samples.map((sample) => sample.summaryQueries)),
        summaryItemsMedian: median(samples.map((sample) => sample.summaryItems)),
      };
      const kept = worst[method] ?? { median: 0, p95: 0, short: 0, queries: 0, summaryQueries: 0 };
      worst[method] = {
        median: Math.max(kept.median, row.median),
        p95: Math.max(kept.p95, row.p95),
        short: kept.short + row.short,
        queries: Math.max(kept.queries, row.queries),
        summaryQueries: Math.max(kept.summaryQueries, row.summaryQueries),
      };
      lines.push([
        size,
        radiusKm,
        method,
        round(row.median, 2),
        round(row.p95, 2),
        row.short,
        row.queries,
        `${row.summaryQueriesMedian} / ${row.summaryQueries}`,
        row.summaryItemsMedian,
      ]);
    }
  }
}
console.log(
  formatTable(
    ['posts', 'R km', 'method', 'read÷returned p50', 'p95', 'short', 'queries max', 'summary queries p50 / max', 'summary items p50'],
    lines,
  ),
);
console.log(
  formatTable(
    ['method', 'worst p50', 'worst p95', 'short pages', 'queries max', 'summary reads max'],
    Object.entries(worst).map(([method, row]) => [
      method,
      round(row.median, 2),
      round(row.p95, 2),
      row.short,
      row.queries,
      row.summaryQueries,
    ]),
  ),
);
console.log(`load average (1 min) ${round(loadAtStart, 1)} → ${round(os.loadavg()[0]!, 1)}; counts only, no latency`);
