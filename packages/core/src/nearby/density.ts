import { cellAt, cellBox, curveIndexOf, earthRadiusKm, type LatLon } from '../geo/index.js';

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

/** The counts of posts at these keys on the curve (one per post): what the summary holds when it is exact. */
export function densityCountsOf(curveIndexes: Iterable<number>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const curveIndex of curveIndexes) {
    const cell = densityCellOf(curveIndex);
    counts.set(cell, (counts.get(cell) ?? 0) + 1);
  }
  return counts;
}

/**
 * A tenant's counts as a search reads them: each counted cell with its box decoded once, so that a
 * container that keeps it for a minute decodes nothing per search.
 */
export class DensityMap {
  readonly posts: number;
  private readonly boxes: Float64Array;
  private readonly tallies: Float64Array;

  constructor(private readonly counts: DensityCounts) {
    const counted = [...counts].filter(([, count]) => count > 0);
    this.boxes = new Float64Array(counted.length * 4);
    this.tallies = new Float64Array(counted.length);
    let posts = 0;
    counted.forEach(([prefix, count], at) => {
      const box = cellBox({ prefix, depth: densityDepth });
      this.boxes.set([box.minLat, box.minLon, box.maxLat, box.maxLon], at * 4);
      this.tallies[at] = count;
      posts += count;
    });
    this.posts = posts;
  }

  /** The posts counted in the summary cell that holds `curveIndex`. */
  countAt(curveIndex: number): number {
    return this.counts.get(densityCellOf(curveIndex)) ?? 0;
  }

  /**
   * The counted cells that come within `radiusKm` of `near`, with their nearest and farthest
   * distances. On a local flat map (kilometres east and north of `near`): the counts only steer,
   * and a search's radius is a few tens of kilometres at most, where that is exact to a fraction
   * of a percent. No trigonometry per cell: a search at 20 km meets thousands of them.
   */
  cellsWithin(near: LatLon, radiusKm: number): CountedCells {
    // The sphere of `distanceKm`.
    const kmPerLat = (Math.PI * earthRadiusKm) / 180;
    const kmPerLon = kmPerLat * Math.cos((near.lat * Math.PI) / 180);
    const mins: number[] = [];
    const maxs: number[] = [];
    const counts: number[] = [];
    for (let at = 0; at < this.tallies.length; at++) {
      const south = (this.boxes[at * 4]! - near.lat) * kmPerLat;
      const west = (this.boxes[at * 4 + 1]! - near.lon) * kmPerLon;
      const north = (this.boxes[at * 4 + 2]! - near.lat) * kmPerLat;
      const east = (this.boxes[at * 4 + 3]! - near.lon) * kmPerLon;
      const nearestEast = Math.max(0, west, -east);
      const nearestNorth = Math.max(0, south, -north);
      const min = Math.sqrt(nearestEast * nearestEast + nearestNorth * nearestNorth);
      if (min > radiusKm) continue;
      const farthestEast = Math.max(Math.abs(west), Math.abs(east));
      const farthestNorth = Math.max(Math.abs(south), Math.abs(north));
      mins.push(min);
      maxs.push(Math.sqrt(farthestEast * farthestEast + farthestNorth * farthestNorth));
      counts.push(this.tallies[at]!);
    }
    return new CountedCells(Float64Array.from(mins), Float64Array.from(maxs), Float64Array.from(counts));
  }
}

/** The counted cells around a search's point: their nearest and farthest distances (km) and counts. */
export class CountedCells {
  constructor(
    readonly mins: Float64Array,
    readonly maxs: Float64Array,
    readonly counts: Float64Array,
  ) {}

  get length(): number {
    return this.counts.length;
  }

  /** The posts the cells put within `reachKm` of the point, a cell across it counted for the share of its area inside. */
  within(reachKm: number): number {
    const reach2 = reachKm * reachKm;
    let sum = 0;
    for (let at = 0; at < this.counts.length; at++) {
      const min = this.mins[at]!;
      if (min >= reachKm) continue;
      const max = this.maxs[at]!;
      sum += max <= reachKm ? this.counts[at]! : (this.counts[at]! * (reach2 - min * min)) / (max * max - min * min);
    }
    return sum;
  }

  /** The smallest reach between `fromKm` and `toKm` within which they put `wanted` posts (`toKm` if none does), to a 4,000th of the span. */
  reach(wanted: number, fromKm: number, toKm: number): number {
    if (this.within(toKm) < wanted) return toKm;
    let low = fromKm;
    let high = toKm;
    for (let step = 0; step < 12; step++) {
      const middle = (low + high) / 2;
      if (this.within(middle) < wanted) low = middle;
      else high = middle;
    }
    return high;
  }
}

/** The first read's density is that of the disc the counts say holds this many times the page. */
const countedReachFactor = 1.2;

/** What a search steered by the summary knows before reading: the counted cells around it, and their density. */
export interface Steering {
  cells: CountedCells;
  /** Posts per km² of the smallest disc the counts say holds `countedReachFactor` pages. */
  density: number;
}

/**
 * How the summary steers a search around `near`: the
 * counted cells within its radius, and the density of the smallest disc that they say holds
 * `countedReachFactor` × `limit` posts (or of the whole disc when it holds fewer). Undefined where
 * the summary counts nothing (a tenant not yet recounted) and where the point's own cell holds a
 * page already: cells are too coarse there, and a first read of the point's index neighbours
 * measures the density better.
 */
export function steeringOf(map: DensityMap, near: LatLon, radiusKm: number, limit: number): Steering | undefined {
  if (map.posts === 0 || map.countAt(curveIndexOf(near)) >= limit) return undefined;
  const cells = map.cellsWithin(near, radiusKm);
  const reachKm = Math.max(0.01, cells.reach(countedReachFactor * limit, 0, radiusKm));
  return { cells, density: Math.max(1, cells.within(reachKm)) / (Math.PI * reachKm ** 2) };
}
