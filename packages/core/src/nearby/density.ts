import { boxDistanceKm, cellAt, cellBox, type LatLon } from '../geo/index.js';

/**
 * The density summary: how many posts each small cell of the tenant's area holds, kept beside the
 * geographic index (decision 0028). It only steers the search's first read: the search still stops
 * only once nothing unread is nearer than its page's posts, so a count that drifted costs reads,
 * never a post.
 */

/** The summary's cells: prefixes of this many bits of the curve, about 200 × 150 m at 48° N. */
export const densityDepth = 34;

/** The summary cell of a full-depth key on the curve. */
export const densityCellOf = (curveIndex: number): number => cellAt(curveIndex, densityDepth).prefix;

/** Counts per summary cell (prefix at `densityDepth`); a cell not in it holds nothing counted. */
export type DensityCounts = ReadonlyMap<number, number>;

/**
 * A tenant's counts as a search reads them: each counted cell with its box decoded once, so that a
 * container that keeps it for a minute decodes nothing per search.
 */
export class DensityMap {
  readonly posts: number;
  private readonly boxes: Float64Array;
  private readonly tallies: Float64Array;
  private readonly prefixes: Float64Array;

  constructor(private readonly counts: DensityCounts) {
    const counted = [...counts].filter(([, count]) => count > 0).sort(([a], [b]) => a - b);
    this.boxes = new Float64Array(counted.length * 4);
    this.tallies = new Float64Array(counted.length);
    this.prefixes = new Float64Array(counted.length);
    let posts = 0;
    counted.forEach(([prefix, count], at) => {
      const box = cellBox({ prefix, depth: densityDepth });
      this.boxes.set([box.minLat, box.minLon, box.maxLat, box.maxLon], at * 4);
      this.tallies[at] = count;
      this.prefixes[at] = prefix;
      posts += count;
    });
    this.posts = posts;
  }

  /** The posts counted in the summary cell that holds `curveIndex`. */
  countAt(curveIndex: number): number {
    return this.counts.get(densityCellOf(curveIndex)) ?? 0;
  }

  /** Each counted cell that comes within `radiusKm` of `near`, in curve order: its nearest and farthest distances and its count. */
  cellsWithin(near: LatLon, radiusKm: number): CountedCell[] {
    // A cheap test on degrees first (a little wide), the exact bounds only for the cells it keeps.
    const latSpan = radiusKm / 110 + 0.01;
    const lonSpan = Math.min(360, radiusKm / (110 * Math.max(0.01, Math.cos((near.lat * Math.PI) / 180))) + 0.01);
    const cells: CountedCell[] = [];
    for (let at = 0; at < this.tallies.length; at++) {
      const minLat = this.boxes[at * 4]!;
      const minLon = this.boxes[at * 4 + 1]!;
      const maxLat = this.boxes[at * 4 + 2]!;
      const maxLon = this.boxes[at * 4 + 3]!;
      if (minLat > near.lat + latSpan || maxLat < near.lat - latSpan || minLon > near.lon + lonSpan || maxLon < near.lon - lonSpan)
        continue;
      const bounds = boxDistanceKm(near, { minLat, minLon, maxLat, maxLon });
      if (bounds.min <= radiusKm) cells.push({ ...bounds, count: this.tallies[at]!, prefix: this.prefixes[at]! });
    }
    return cells;
  }
}

export interface CountedCell {
  prefix: number;
  count: number;
  /** Nearest and farthest distances from the search's point, km. */
  min: number;
  max: number;
}

/** The share of a cell's posts within `reachKm` of the point, as if they were spread evenly over it. */
const shareWithin = (cell: CountedCell, reachKm: number): number =>
  cell.max <= reachKm ? 1 : cell.min >= reachKm ? 0 : (reachKm ** 2 - cell.min ** 2) / (cell.max ** 2 - cell.min ** 2);

/** The posts the counted cells put within `reachKm` of the point. */
export const countedWithin = (cells: CountedCell[], reachKm: number): number =>
  cells.reduce((sum, cell) => sum + cell.count * shareWithin(cell, reachKm), 0);

/** The smallest reach between `fromKm` and `toKm` within which the counts put `wanted` posts (`toKm` if none does). */
export function countedReach(cells: CountedCell[], wanted: number, fromKm: number, toKm: number): number {
  if (countedWithin(cells, toKm) < wanted) return toKm;
  let low = fromKm;
  let high = toKm;
  for (let step = 0; step < 30; step++) {
    const middle = (low + high) / 2;
    if (countedWithin(cells, middle) < wanted) low = middle;
    else high = middle;
  }
  return high;
}

/** The first read's density is that of the disc the counts say holds this many times the page. */
const countedReachFactor = 1.2;

/** What a search steered by the summary knows before reading: the counted cells around it, and their density. */
export interface Steering {
  cells: CountedCell[];
  /** Posts per km² of the smallest disc the counts say holds `countedReachFactor` pages. */
  density: number;
}

/**
 * How the summary steers a search around `near` (whose key on the curve is `curveIndex`): the
 * counted cells within its radius, and the density of the smallest disc that they say holds
 * `countedReachFactor` × `limit` posts (or of the whole disc when it holds fewer). Undefined where
 * the summary counts nothing (a tenant not yet recounted) and where the point's own cell holds a
 * page already: cells are too coarse there, and a first read of the point's index neighbours
 * measures the density better.
 */
export function steeringOf(map: DensityMap, near: LatLon, radiusKm: number, limit: number, curveIndex: number): Steering | undefined {
  if (map.posts === 0 || map.countAt(curveIndex) >= limit) return undefined;
  const cells = map.cellsWithin(near, radiusKm);
  const reachKm = Math.max(0.01, countedReach(cells, countedReachFactor * limit, 0, radiusKm));
  return { cells, density: Math.max(1, countedWithin(cells, reachKm)) / (Math.PI * reachKm ** 2) };
}
