import {
  boxDistanceKm,
  cellBox,
  cellOfZ,
  cellRange,
  cellsAroundDisc,
  distanceKm,
  fullDepth,
  partitionDepth,
  zOf,
  type Cell,
  type LatLon,
  type ZRange,
} from '../geo/index.js';
import type { DensitySummaryReader, RangeRead } from './ports.js';

/**
 * The depths the density summary counts at: each a quarter of the one before in both directions
 * (16 children), from cells of about 26 × 20 km (depth 20) down to about 25 × 19 m (depth 40) at
 * 48° N, fine enough that a cell of a dense town centre holds a few posts.
 */
export const densityDepths = [20, 24, 28, 32, 36, 40, 44, 48] as const;
const depthStep = 4;
const finestDepth = densityDepths.at(-1)!;

/** The cells of every summary depth that hold the point `z`: what a post's entry adds 1 to. */
export const densityCellsOf = (z: number): Cell[] => densityDepths.map((depth) => cellOfZ(z, depth));

/** A cell's key in the summary's counts: depth and prefix. */
export const densityCellKey = (cell: Cell): string => `${cell.depth}/${cell.prefix}`;

/** The planned first read of a page: ranges, each with the posts the summary counts in it. */
export interface CountedPlan {
  reads: RangeRead[];
  /** Posts the summary expects the reads to meet, in all. */
  expected: number;
  /** The radius within which the summary says at least a page of posts lies (or the search's radius). */
  reachKm: number;
  summary: { itemsRead: number; queries: number; waves: number };
}

interface Piece {
  cell: Cell;
  count: number;
  min: number;
  max: number;
}

/** How the planner weighs what it could do. */
export const countedPlanSettings = {
  /** At most this many ranges in the planned read (the rest of the page's queries are left for rounds after it). */
  maxRanges: 16,
  /** A counted piece is split when it holds more than this share of the page, even inside the reach. */
  splitShare: 0.5,
  /** A read stops at its count plus this share and slack: a summary that drifted costs a bounded read. */
  limitShare: 0.25,
  limitSlack: 2,
  /** The first counts read are those of the finest depth whose cells cover the disc in at most this many. */
  startCells: 16,
  /** At most this many reads of the summary, one after the other (each splits every cell worth it). */
  maxWaves: 9,
  /** Cells asked of the summary at most this many places apart are read in one run (the counted cells between cost small items, not a query). */
  runGap: 1024,
};

const childrenAt = (cell: Cell, depth: number): Cell[] => {
  const span = 2 ** (depth - cell.depth);
  return Array.from({ length: span }, (_, at) => ({ prefix: cell.prefix * span + at, depth }));
};

/**
 * The smallest radius within which the counts guarantee `limit` posts (those of pieces wholly
 * inside it), or `radiusKm` when even the whole disc does not.
 */
function reachOf(pieces: Piece[], limit: number, radiusKm: number): number {
  let sum = 0;
  for (const piece of [...pieces].filter((piece) => piece.max <= radiusKm).sort((a, b) => a.max - b.max)) {
    sum += piece.count;
    if (sum >= limit) return piece.max;
  }
  return radiusKm;
}

/**
 * Plans the first read of a page from the density summary. Starting from the cells of the
 * coarsest depth around the disc, it finds the radius within which the counted posts surely make a
 * page (the reach), and splits the counted cells that the reach crosses, or that hold much of a
 * page, into their 16 children (one summary read per depth, for all the cells split), until no
 * cell is worth splitting or the finest depth is reached. The cells within the reach are then read
 * as few merged ranges of the index, each with a `Limit` just above its count: with a true summary
 * every post of the page is final after this one read. Returns undefined when the summary has
 * nothing for the disc (the search then reads as it would without one).
 */
export async function planCountedRead(
  summary: DensitySummaryReader,
  tenantId: string,
  near: LatLon,
  radiusKm: number,
  limit: number,
): Promise<CountedPlan | undefined> {
  const stats = { itemsRead: 0, queries: 0, waves: 0 };
  const count = async (cells: Cell[]): Promise<Piece[]> => {
    const result = await summary.counts(tenantId, cells);
    stats.itemsRead += result.itemsRead;
    stats.queries += result.queries;
    stats.waves += 1;
    return cells.map((cell, at) => {
      const bounds = boxDistanceKm(near, cellBox(cell));
      return { cell, count: result.counts[at] ?? 0, min: bounds.min, max: bounds.max };
    });
  };

  const startDepth =
    [...densityDepths].reverse().find((depth) => depth <= 32 && cellsAcross(near, radiusKm, depth) <= countedPlanSettings.startCells) ??
    densityDepths[0];
  let pieces = await count(cellsAroundDisc(near, radiusKm, startDepth));
  if (!pieces.some((piece) => piece.count > 0 && piece.min <= radiusKm)) return undefined;
  let reachKm = reachOf(pieces, limit, radiusKm);
  /** Counted cells wholly outside the disc: never read, but their counts price the gaps between ranges. */
  const outside: Piece[] = [];
  while (stats.waves < countedPlanSettings.maxWaves) {
    const reach = reachKm;
    const splitting = (piece: Piece) =>
      piece.cell.depth < finestDepth &&
      piece.count > 0 &&
      piece.min <= reach &&
      (piece.max > reach || piece.count > countedPlanSettings.splitShare * limit);
    const split = pieces.filter(splitting);
    if (split.length === 0) break;
    const children = await count(split.flatMap((piece) => childrenAt(piece.cell, piece.cell.depth + depthStep)));
    pieces = [...pieces.filter((piece) => !splitting(piece)), ...children.filter((piece) => piece.min <= radiusKm)];
    outside.push(...children.filter((piece) => piece.min > radiusKm));
    reachKm = reachOf(pieces, limit, radiusKm);
  }

  // Every cell that may hold a post within the reach is read, empty ones too (they cost no item, and
  // a cell left unread would keep the posts beyond it from being final).
  const toRead = pieces.filter((piece) => piece.min <= reachKm).sort((a, b) => cellRange(a.cell).lo - cellRange(b.cell).lo);
  const skipped = [...pieces.filter((piece) => piece.min > reachKm), ...outside];
  const ranges = mergeCounted(toRead);
  const coalesced = coalesceCounted(ranges, skipped, countedPlanSettings.maxRanges);
  const reads = coalesced.map(
    (range): RangeRead => ({
      range: { lo: range.lo, hi: range.hi },
      limit: range.count + Math.ceil(countedPlanSettings.limitShare * range.count) + countedPlanSettings.limitSlack,
    }),
  );
  return { reads, expected: coalesced.reduce((sum, range) => sum + range.count, 0), reachKm, summary: stats };
}

/** About how many cells of `depth` a disc's bounding box holds, from their size alone (listing them at a depth far too fine costs more than the search). */
function cellsAcross(near: LatLon, radiusKm: number, depth: number): number {
  const box = cellBox(cellOfZ(zOf(near), depth));
  const heightKm = distanceKm({ lat: box.minLat, lon: near.lon }, { lat: box.maxLat, lon: near.lon });
  const widthKm = distanceKm({ lat: near.lat, lon: box.minLon }, { lat: near.lat, lon: box.maxLon });
  return (Math.ceil((2 * radiusKm) / heightKm) + 1) * (Math.ceil((2 * radiusKm) / widthKm) + 1);
}

interface CountedRange extends ZRange {
  count: number;
}

const partitionSpan = 2 ** (fullDepth - partitionDepth);
const samePartition = (a: number, b: number) => Math.floor(a / partitionSpan) === Math.floor(b / partitionSpan);

/** Pieces in index order merged where they follow each other (and within one partition). */
function mergeCounted(pieces: Piece[]): CountedRange[] {
  const ranges: CountedRange[] = [];
  for (const piece of pieces) {
    const { lo, hi } = cellRange(piece.cell);
    const last = ranges.at(-1);
    if (last && last.hi + 1 === lo && samePartition(last.lo, hi)) {
      last.hi = hi;
      last.count += piece.count;
    } else ranges.push({ lo, hi, count: piece.count });
  }
  return ranges;
}

/**
 * Over the budget of ranges: joins neighbours across the gap that costs least, the posts the
 * summary counts in it (a gap of cells never counted, outside the disc, costs as if it held a page).
 */
function coalesceCounted(ranges: CountedRange[], skipped: Piece[], maxRanges: number): CountedRange[] {
  const result = ranges.map((range) => ({ ...range }));
  if (result.length <= maxRanges) return result;
  // Counted cells are disjoint: sorted by start, the first that may meet a gap is found by bisection.
  const known = skipped.map((piece) => ({ ...cellRange(piece.cell), count: piece.count })).sort((a, b) => a.lo - b.lo);
  const gapCost = (lo: number, hi: number) => {
    let low = 0;
    let high = known.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (known[middle]!.hi < lo) low = middle + 1;
      else high = middle;
    }
    let covered = 0;
    let cost = 0;
    for (let at = low; at < known.length && known[at]!.lo <= hi; at++) {
      covered += Math.min(known[at]!.hi, hi) - Math.max(known[at]!.lo, lo) + 1;
      cost += known[at]!.count;
    }
    return { cost, weight: cost + (covered < hi - lo + 1 ? 1e6 : 0) };
  };
  // The gap after each range (none across partitions); joining two ranges leaves the other gaps as they were.
  const gaps = result
    .slice(0, -1)
    .map((range, at) => (samePartition(range.lo, result[at + 1]!.hi) ? gapCost(range.hi + 1, result[at + 1]!.lo - 1) : undefined));
  while (result.length > maxRanges) {
    let best = -1;
    for (let at = 0; at < gaps.length; at++) if (gaps[at] && (best < 0 || gaps[at]!.weight < gaps[best]!.weight)) best = at;
    if (best < 0) break;
    const [left, right] = [result[best]!, result[best + 1]!];
    // A gap never counted (outside the disc) adds what it holds to the read, unknown: the limit stops it.
    result.splice(best, 2, { lo: left.lo, hi: right.hi, count: left.count + right.count + gaps[best]!.cost });
    gaps.splice(best, 1);
  }
  return result;
}

/** A run of cells of one depth, consecutive in the index order (prefixes `from`..`to`), within one partition: one read of the summary. */
export interface CellRun {
  depth: number;
  from: number;
  to: number;
}

/** The runs that read the counts of `cells`: sorted, within one partition each, joined across gaps of at most `maxRunGap` cells. */
export function cellRuns(cells: Cell[], maxRunGap = countedPlanSettings.runGap): CellRun[] {
  const runs: CellRun[] = [];
  const sorted = [...cells].sort((a, b) => a.depth - b.depth || a.prefix - b.prefix);
  for (const cell of sorted) {
    const last = runs.at(-1);
    const partitionOf = (prefix: number) => Math.floor(prefix / 2 ** (cell.depth - partitionDepth));
    if (last && last.depth === cell.depth && cell.prefix - last.to <= maxRunGap && partitionOf(last.from) === partitionOf(cell.prefix)) {
      last.to = Math.max(last.to, cell.prefix);
    } else runs.push({ depth: cell.depth, from: cell.prefix, to: cell.prefix });
  }
  return runs;
}
