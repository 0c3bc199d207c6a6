/**
 * `npm run bench:geo:sets`: items read ÷ returned of the geographic search counted on the in-memory
 * copy of the index (memory-index.ts: the same reads as the embedded DynamoDB, without its time), on
 * bench:geo's posts at 1k, 10k and 100k, from bench:geo's own 30 points per size and radius and from
 * `GEO_SETS_EXTRA` (5) more sets of 30 drawn the same way: steered by an exact density summary and
 * without it, side by side. bench:geo's p95 is that of 30 points, about the second worst of them;
 * the other sets show how much it depends on which 30. No latency here: bench:geo measures it.
 */
import { pathToFileURL } from 'node:url';
import { DensityMap, curveIndexOf, densityCountsOf, searchNearby, type PostRecord } from '@entraide/core';
import type { BenchFigure } from '../support/figures.js';
import { median, percentile, round } from '../support/stats.js';
import { formatTable } from '../support/table.js';
import { benchPosts, benchTenant, populatedPoint, seededRandom } from './data.js';
import { SortedMemoryIndex } from './memory-index.js';

const sizes = [1000, 10000, 100000];
const radii = [1, 5, 20];
const extraSets = Number(process.env.GEO_SETS_EXTRA ?? 5);
const now = new Date('2026-11-02T00:00:00.000Z');
const pageSize = 20;

/** bench:geo's points for a radius (set 0), then the extra sets. */
const pointsOf = (radiusKm: number, set: number) => {
  const random = seededRandom(set === 0 ? 1000 + radiusKm : 7000 + set * 13 + radiusKm);
  return Array.from({ length: 30 }, () => populatedPoint(random));
};

const densityOf = (posts: PostRecord[]): DensityMap =>
  new DensityMap(densityCountsOf(posts.map((post) => curveIndexOf(post.content!.publicLocation))));

interface Cell {
  posts: number;
  radiusKm: number;
  method: string;
  /** Per set: median and p95 of items read ÷ returned over its 30 points. */
  medians: number[];
  p95s: number[];
  short: number;
  maxQueries: number;
}

export async function runPointSets(): Promise<{ cells: Cell[]; table: string; figures: BenchFigure[] }> {
  const all = benchPosts(Math.max(...sizes), 1);
  const cells: Cell[] = [];
  for (const size of sizes) {
    const index = new SortedMemoryIndex();
    index.add(all.slice(0, size));
    const map = densityOf(all.slice(0, size));
    for (const radiusKm of radii) {
      for (const method of ['steered by the summary', 'without the summary']) {
        const cell: Cell = { posts: size, radiusKm, method, medians: [], p95s: [], short: 0, maxQueries: 0 };
        for (let set = 0; set <= extraSets; set++) {
          const ratios: number[] = [];
          for (const near of pointsOf(radiusKm, set)) {
            const result = await searchNearby(index, {
              tenantId: benchTenant.id,
              near,
              radiusKm,
              filter: {},
              limit: pageSize,
              now,
              ...(method.startsWith('steered') ? { density: { map, queries: 0, itemsRead: 0 } } : {}),
            });
            ratios.push(result.stats.itemsRead / Math.max(1, result.items.length));
            if (result.next !== null && result.items.length < pageSize) cell.short += 1;
            cell.maxQueries = Math.max(cell.maxQueries, result.stats.queries);
          }
          cell.medians.push(median(ratios));
          cell.p95s.push(percentile(ratios, 0.95));
        }
        cells.push(cell);
      }
    }
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const table = formatTable(
    [
      'posts',
      'R km',
      'method',
      'p50 (bench:geo points)',
      'p95 (bench:geo points)',
      'p95 mean of the sets',
      'p95 worst set',
      'short',
      'queries max',
    ],
    cells.map((cell) => [
      cell.posts,
      cell.radiusKm,
      cell.method,
      round(cell.medians[0]!, 2),
      round(cell.p95s[0]!, 2),
      round(mean(cell.p95s), 2),
      round(Math.max(...cell.p95s), 2),
      cell.short,
      cell.maxQueries,
    ]),
  );
  const figures: BenchFigure[] = ['steered by the summary', 'without the summary'].map((method) => {
    const of = cells.filter((cell) => cell.method === method);
    return {
      figure: `geo search in memory, ${method}: p95 worst cell at bench:geo's points / averaged over ${extraSets + 1} sets and 9 cells / worst cell averaged over the sets`,
      value: `${round(Math.max(...of.map((cell) => cell.p95s[0]!)), 2)} / ${round(mean(of.flatMap((cell) => cell.p95s)), 2)} / ${round(Math.max(...of.map((cell) => mean(cell.p95s))), 2)}`,
      target: '≤ 3 (bench:geo)',
      met: null,
    };
  });
  return { cells, table, figures };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runPointSets();
  console.log(result.table);
  console.log('');
  console.log(
    formatTable(
      ['figure', 'value', 'target', 'met'],
      result.figures.map((row) => [row.figure, String(row.value), row.target, '—']),
    ),
  );
}
