import {
  distanceKm,
  type LatLon,
  boxDistanceKm,
  cellBox,
  cellRange,
  cellsAroundDisc,
  children,
  fullDepth,
  mergeRanges,
  partitionDepth,
  partitionOf,
  rangeAreaKm2,
  splitByPartition,
  curveIndexOf,
  type Cell,
  type CurveRange,
} from '../geo/index.js';
import { steeringOf, type DensityMap } from './density.js';
import type { NearbyCursor } from './nearby-cursor.js';
import type { IndexedEntry, NearbyEntry, NearbyFilter, NearbyIndex, RangeRead, RangeReadResult } from './ports.js';

/**
 * Nearest-first search over the geographic cell index.
 *
 * Privacy: every distance here (the radius test, the order, `distanceKm`) is measured from the
 * post's public point, the blurred point drawn once when the post was written and stored
 * (blurLocation). It is the point the post already shows, so no set of queries, from however many
 * places, learns more than that point: the exact location never enters the index at all.
 */

export interface NearbySearch {
  tenantId: string;
  near: LatLon;
  radiusKm: number;
  filter: NearbyFilter;
  limit: number;
  after?: NearbyCursor;
  now: Date;
  /**
   * The tenant's density summary, for a search that counts every post (no filter: the summary
   * counts posts, whatever their category or kind), and what reading it cost this search (nothing
   * when the container kept it): counted in the page's stats and its budget of queries. It steers a
   * first page's reads, nothing else.
   */
  density?: { map: DensityMap; queries: number; itemsRead: number };
}

export interface NearbyHit {
  entry: NearbyEntry;
  /** Exact distance from the query point to the public point (the API rounds it). */
  distanceKm: number;
}

export interface NearbyResult {
  items: NearbyHit[];
  next: NearbyCursor | null;
  /** What the page cost, for logs and the benchmark. */
  stats: { itemsRead: number; queries: number; rounds: number };
}

/** The budget of a page: never more than this many queries (docs/architecture.md, geographic search). */
export const maxQueriesPerPage = 24;
/** The first read: this many index neighbours on each side of the query point's key on the curve. */
const probeSize = 6;
/** Rounds after the first read; the queries left are shared between them. */
const maxRounds = 3;
/** The first read stays within the range of a covering of the disc in this many ranges that holds the point. */
const probeCoverRanges = 8;
/** A read stops at this many times the posts the density expects in its range, plus the slack. */
const readCapFactor = 2;
const readCapSlack = 4;
/**
 * How far a round aims, as a multiple of the area the density says holds the posts still needed:
 * the round after the first read aims short (the next round measures the density exactly), a page
 * after a cursor a little long (its density is the previous page's), the last round long (it must
 * fill the page; once `limit` posts are read it reads up to the farthest of them instead), and the
 * rounds between at what the density says. A search steered by the density summary aims each round
 * by the counts instead, at the ring they say holds the posts still needed.
 */
const areaFactor = { afterFirstRead: 0.8, afterCursor: 1.1, between: 1, lastRound: 2.5 } as const;
/** A round with fewer queries left than this is not started: the page ends short, its cursor goes on. */
const minQueriesForRound = 3;
/** Each round reaches at least this much beyond what is read (×, and km), so that it always moves. */
const minStepRatio = 1.1;
const minStepKm = 0.005;

/** Nearest first; equal distances newest first; then by id, so the order is total and stable. */
export function compareHits(
  a: { distanceKm: number; createdAt: string; postId: string },
  b: { distanceKm: number; createdAt: string; postId: string },
): number {
  if (a.distanceKm !== b.distanceKm) return a.distanceKm - b.distanceKm;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.postId < b.postId ? -1 : a.postId > b.postId ? 1 : 0;
}

const keyOf = (hit: NearbyHit) => ({ distanceKm: hit.distanceKm, createdAt: hit.entry.createdAt, postId: hit.entry.postId });

interface Piece {
  cell: Cell;
  /** Part of the ring's edge: finer cells here read less outside the ring. */
  edge: boolean;
  sizeKm: number;
}

/**
 * The ranges of the index to read so that every point between `innerKm` and `outerKm` of `center`
 * is read, less what is already `done`. Like a region coverer: cells wholly inside the ring stay
 * whole, cells across its edges are halved, level after level, while the ranges (cells merged where
 * they follow each other in the index) stay within `maxRanges` and the edge cells are larger than
 * a sixth of the ring's width.
 */
export function coverRanges(center: LatLon, innerKm: number, outerKm: number, done: CurveRange[], maxRanges: number): CurveRange[] {
  const widthKm = Math.max(0.001, Math.min(outerKm, outerKm - innerKm));
  const smallestEdgeKm = widthKm / 6;
  const classify = (cell: Cell): Piece | undefined => {
    const box = cellBox(cell);
    const bounds = boxDistanceKm(center, box);
    if (bounds.min > outerKm || bounds.max < innerKm) return undefined;
    if (readCoverage(cellRange(cell), done) === 'all') return undefined;
    const sizeKm = distanceKm({ lat: box.minLat, lon: box.minLon }, { lat: box.maxLat, lon: box.maxLon });
    return { cell, edge: bounds.max > outerKm || bounds.min < innerKm, sizeKm };
  };
  const rangesOf = (pieces: Piece[]) => trimRanges(splitByPartition(mergeRanges(pieces.map((piece) => cellRange(piece.cell)))), done);

  let pieces = cellsAroundDisc(center, outerKm, partitionDepth).flatMap((cell) => classify(cell) ?? []);
  let ranges = rangesOf(pieces);
  for (let level = partitionDepth; level < 50; level++) {
    const splitting = (piece: Piece) => piece.edge && piece.sizeKm > smallestEdgeKm;
    if (!pieces.some(splitting)) break;
    const next = pieces.flatMap((piece) => (splitting(piece) ? children(piece.cell).flatMap((cell) => classify(cell) ?? []) : [piece]));
    const nextRanges = rangesOf(next);
    if (nextRanges.length > maxRanges && ranges.length <= maxRanges) break;
    pieces = next;
    ranges = nextRanges;
  }
  // The next level did not fit whole: halve edge cells one by one, largest first, while it fits.
  const attempts = pieces.filter((piece) => piece.edge && piece.sizeKm > smallestEdgeKm).sort((a, b) => b.sizeKm - a.sizeKm);
  for (const piece of attempts.slice(0, 48)) {
    const next = [...pieces.filter((other) => other !== piece), ...children(piece.cell).flatMap((cell) => classify(cell) ?? [])];
    const nextRanges = rangesOf(next);
    if (nextRanges.length <= maxRanges) {
      pieces = next;
      ranges = nextRanges;
    }
  }
  return coalesce(ranges, maxRanges);
}

/**
 * Drops ranges already read and trims their read ends, but never cuts a range in two: a query
 * costs more than reading again the few items of a hole.
 */
function trimRanges(ranges: CurveRange[], done: CurveRange[]): CurveRange[] {
  return ranges.flatMap((range) => {
    let { lo, hi } = range;
    for (const hole of done) if (hole.lo <= lo && hole.hi >= lo) lo = hole.hi + 1;
    for (let at = done.length - 1; at >= 0; at--) {
      const hole = done[at]!;
      if (hole.lo <= hi && hole.hi >= hi) hi = hole.lo - 1;
    }
    return lo <= hi ? [{ lo, hi }] : [];
  });
}

/** Over budget (a read area broken up by earlier reads): read across the smallest gaps again. */
function coalesce(ranges: CurveRange[], maxRanges: number): CurveRange[] {
  const result = ranges.map((range) => ({ ...range }));
  const partitionSpan = 2 ** (52 - partitionDepth);
  while (result.length > maxRanges) {
    let best = -1;
    let bestGap = Infinity;
    for (let i = 0; i + 1 < result.length; i++) {
      const gap = result[i + 1]!.lo - result[i]!.hi;
      const samePartition = Math.floor(result[i]!.hi / partitionSpan) === Math.floor(result[i + 1]!.lo / partitionSpan);
      if (samePartition && gap < bestGap) {
        best = i;
        bestGap = gap;
      }
    }
    if (best < 0) break;
    result[best]!.hi = result[best + 1]!.hi;
    result.splice(best + 1, 1);
  }
  return result;
}

/**
 * How far the nearest point that `done` has not read lies, among the points between `innerKm` and
 * `outerKm` of `center` (Infinity: every one has been read). Nothing unread is nearer, so a post
 * read nearer than this is final. Branch and bound over the cells: a cell wholly read or farther
 * than the best found is dropped, a cell partly read is halved.
 */
export function nearestUnreadKm(center: LatLon, innerKm: number, outerKm: number, done: CurveRange[]): number {
  let best = Infinity;
  const visit = (cell: Cell) => {
    const bounds = boxDistanceKm(center, cellBox(cell));
    if (bounds.min > outerKm || bounds.max < innerKm || bounds.min >= best) return;
    const coverage = readCoverage(cellRange(cell), done);
    if (coverage === 'all') return;
    if (coverage === 'none') {
      best = Math.min(best, Math.max(bounds.min, innerKm));
      return;
    }
    for (const child of byNearness(center, children(cell))) visit(child);
  };
  for (const cell of byNearness(center, cellsAroundDisc(center, outerKm, partitionDepth))) visit(cell);
  return best;
}

const byNearness = (center: LatLon, cells: Cell[]): Cell[] =>
  cells
    .map((cell) => ({ cell, min: boxDistanceKm(center, cellBox(cell)).min }))
    .sort((a, b) => a.min - b.min)
    .map((entry) => entry.cell);

/** How much of `range` the merged, sorted `done` holds. */
function readCoverage(range: CurveRange, done: CurveRange[]): 'none' | 'some' | 'all' {
  let low = 0;
  let high = done.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (done[middle]!.hi < range.lo) low = middle + 1;
    else high = middle;
  }
  const first = done[low];
  if (!first || first.lo > range.hi) return 'none';
  return first.lo <= range.lo && first.hi >= range.hi ? 'all' : 'some';
}

/**
 * What one read of `range` has read: all of it, or, when its limit stopped it, up to the last
 * key reached (not included: more items may share that key).
 */
function readPart(read: RangeRead, result: RangeReadResult): CurveRange | undefined {
  if (result.complete) return read.range;
  const last = result.entries.at(-1);
  if (!last) return undefined;
  const part = read.descending ? { lo: last.curveIndex + 1, hi: read.range.hi } : { lo: read.range.lo, hi: last.curveIndex - 1 };
  return part.lo <= part.hi ? part : undefined;
}

/**
 * One page of the posts within `radiusKm` of `near`, nearest first, after `after`.
 *
 * It reads outward in rounds. A first read takes the few index neighbours of the query point's
 * key on the curve on both sides, within the disc's cells: they are near, and how much of the index they
 * span tells the local density. Each round then covers the ring that the density says holds the
 * rest of the page (ranges read in parallel, each stopped at a few times the posts the density
 * expects in it, so that a town met unawares costs a bounded read), and learns the density again
 * from what it read. A post is final once everything nearer than it has been read (what is read is
 * tracked as ranges of the index, so a stopped read is simply not done yet); the page ends when it
 * holds `limit` final posts, or when the whole disc has been read. Every query and item read is counted.
 */
export async function searchNearby(index: NearbyIndex, search: NearbySearch): Promise<NearbyResult> {
  const { near, radiusKm, limit, after } = search;
  const stats = { itemsRead: search.density?.itemsRead ?? 0, queries: search.density?.queries ?? 0, rounds: 0 };
  const candidates = new Map<string, NearbyHit>();
  let done: CurveRange[] = [];
  const nowIso = search.now.toISOString();

  /** Every unexpired post read, wherever it is: what the density is measured on. */
  const seen = new Map<string, NearbyHit>();
  const isAfterCursor = (hit: NearbyHit) => !after || compareHits(keyOf(hit), after) > 0;
  const take = (entries: IndexedEntry[]) => {
    for (const entry of entries) {
      if (entry.expiresAt <= nowIso) continue; // expiry is judged on read
      const hit = { entry: stripZ(entry), distanceKm: distanceKm(near, entry.location) };
      seen.set(entry.postId, hit);
      if (hit.distanceKm <= radiusKm && isAfterCursor(hit)) candidates.set(entry.postId, hit);
    }
  };
  const read = async (request: RangeRead) => {
    const result = await index.readRange(search.tenantId, search.filter, request);
    stats.itemsRead += result.itemsRead;
    stats.queries += result.queries;
    take(result.entries);
    return result;
  };

  // Nothing nearer than the cursor is wanted: the search starts there.
  const innerKm = after ? Math.min(after.distanceKm, radiusKm) : 0;
  const valid = (entry: IndexedEntry) => entry.expiresAt > nowIso;
  let density: number;
  let aimFactor: number;

  // Where the summary knows the posts around the point, every round aims by its counts, and the
  // first round needs no read of the point's neighbours: the counts give its density.
  const steering = !after && search.density ? steeringOf(search.density.map, near, radiusKm, limit) : undefined;
  if (after) {
    density = after.density;
    aimFactor = areaFactor.afterCursor;
  } else if (steering) {
    density = steering.density;
    aimFactor = areaFactor.between;
  } else {
    // The neighbours are looked for only within the range of the disc's cells that holds the point.
    const pointIndex = curveIndexOf(near);
    const partition = cellRange({ prefix: partitionOf(pointIndex), depth: partitionDepth });
    const around =
      coverRanges(near, 0, radiusKm, [], probeCoverRanges).find((range) => range.lo <= pointIndex && range.hi >= pointIndex) ?? partition;
    const [forward, backward] = await Promise.all([
      read({ range: { lo: pointIndex, hi: around.hi }, limit: probeSize }),
      pointIndex > around.lo
        ? read({ range: { lo: around.lo, hi: pointIndex - 1 }, limit: probeSize, descending: true })
        : Promise.resolve({ entries: [], itemsRead: 0, queries: 0, complete: true }),
    ]);
    // Items at the last key reached may continue beyond the limit: that key is not done.
    const lo = backward.complete ? around.lo : backward.entries.at(-1)!.curveIndex + 1;
    const hi = forward.complete ? around.hi : forward.entries.at(-1)!.curveIndex - 1;
    if (lo <= hi) done = mergeRanges([{ lo, hi }]);
    density = probeDensity(near, [...forward.entries, ...backward.entries].filter(valid), lo <= hi ? { lo, hi } : undefined);
    // Aim short: a second round measures the density exactly and reads the rest.
    aimFactor = areaFactor.afterFirstRead;
  }

  for (;;) {
    const frontierKm = nearestUnreadKm(near, innerKm, radiusKm, done);
    const exhausted = frontierKm > radiusKm;
    const final = [...candidates.values()]
      .filter((hit) => exhausted || hit.distanceKm < frontierKm)
      .sort((a, b) => compareHits(keyOf(a), keyOf(b)));
    if (final.length >= limit || exhausted) {
      const items = final.slice(0, limit);
      const more = candidates.size > items.length || !exhausted;
      const last = items.at(-1);
      return {
        items,
        next: more && last && items.length === limit ? { ...keyOf(last), density } : null,
        stats,
      };
    }

    const budget = maxQueriesPerPage - stats.queries;
    const roundsLeft = maxRounds - stats.rounds;
    if (roundsLeft <= 0 || budget < minQueriesForRound) {
      // Out of rounds (posts spread in a way no estimate foresaw): a short page, the next goes on
      // from where everything is read.
      return { items: final, next: { ...afterEverythingNearerThan(frontierKm), density }, stats };
    }
    const rangesThisRound = Math.max(1, Math.floor(budget / roundsLeft));
    const needed = limit - final.length;
    // The last round must fill the page: it aims long.
    const factor = roundsLeft === 1 ? Math.max(aimFactor, areaFactor.lastRound) : aimFactor;
    // The ring beyond the frontier that holds the posts still needed: as the counts say, or whose
    // area holds them at this density.
    let targetKm = steering
      ? steering.cells.reach(steering.cells.within(frontierKm) + needed * factor, frontierKm, radiusKm)
      : density > 0
        ? Math.sqrt(frontierKm ** 2 + (needed * factor) / (Math.PI * density))
        : radiusKm;
    targetKm = Math.min(radiusKm, Math.max(targetKm, frontierKm * minStepRatio, frontierKm + minStepKm));
    // The page's last post is no farther than the limit-th post read so far: reading past it is
    // waste. The last round reads up to it whatever the density says, so that the page is full:
    // every post read that near is then final, and they are `limit`.
    const sorted = [...candidates.values()].sort((a, b) => compareHits(keyOf(a), keyOf(b)));
    const bound = sorted[limit - 1];
    if (bound) {
      const boundKm = Math.min(radiusKm, bound.distanceKm * (1 + 1e-9) + 1e-9);
      const mustFill = roundsLeft === 1 || budget - rangesThisRound < minQueriesForRound;
      targetKm = mustFill ? boundKm : Math.min(targetKm, boundKm);
    }

    const ranges = coverRanges(near, frontierKm, targetKm, done, rangesThisRound);
    const lastRound = roundsLeft === 1 || budget - ranges.length < minQueriesForRound;
    const requests = ranges.map((range): RangeRead => {
      const expected = density * rangeAreaKm2(range, near.lat);
      // A range holds about what the density says; a read stops at a few times that (never in the
      // last round: it must fill the page), and what it left is read in a later round if needed.
      const cap = lastRound || density <= 0 ? undefined : Math.ceil(readCapFactor * expected + readCapSlack);
      return { range, ...(cap ? { limit: cap } : {}), ...(startsFarther(near, range) ? { descending: true } : {}) };
    });
    const results = await Promise.all(requests.map((request) => read(request)));
    stats.rounds += 1;
    const readNow = requests.flatMap((request, at) => readPart(request, results[at]!) ?? []);
    done = mergeRanges([...done, ...readNow]);
    // Now known better: the posts per km² of everything read so far.
    const areaRead = done.reduce((sum, range) => sum + rangeAreaKm2(range, near.lat), 0);
    if (areaRead > 0) density = Math.max(1, seen.size) / areaRead;
    aimFactor = areaFactor.between;
  }
}

/**
 * Every unexpired entry of `filter` within `radiusKm` of `near`, in no particular order: for a
 * search that answers every match rather than a page (the housing search around a hospital). The
 * disc is covered by at most `maxQueriesPerPage` ranges of the index (`coverRanges`, its edge cells
 * halved so that little outside is read), each read to its end: complete by construction.
 */
export async function readDisc(
  index: NearbyIndex,
  search: Pick<NearbySearch, 'tenantId' | 'near' | 'radiusKm' | 'filter' | 'now'>,
): Promise<{ hits: NearbyHit[]; stats: { itemsRead: number; queries: number } }> {
  const ranges = coverRanges(search.near, 0, search.radiusKm, [], maxQueriesPerPage);
  const results = await Promise.all(ranges.map((range) => index.readRange(search.tenantId, search.filter, { range })));
  const nowIso = search.now.toISOString();
  const hits = results
    .flatMap((result) => result.entries)
    .filter((entry) => entry.expiresAt > nowIso)
    .map((entry) => ({ entry: stripZ(entry), distanceKm: distanceKm(search.near, entry.location) }))
    .filter((hit) => hit.distanceKm <= search.radiusKm);
  const stats = {
    itemsRead: results.reduce((sum, result) => sum + result.itemsRead, 0),
    queries: results.reduce((sum, result) => sum + result.queries, 0),
  };
  return { hits, stats };
}

/** A range whose end is nearer to the point than its start is read from its end. */
function startsFarther(near: LatLon, range: CurveRange): boolean {
  const start = cellBox({ prefix: range.lo, depth: fullDepth });
  const end = cellBox({ prefix: range.hi, depth: fullDepth });
  return distanceKm(near, { lat: end.minLat, lon: end.minLon }) < distanceKm(near, { lat: start.minLat, lon: start.minLon });
}

/**
 * Posts per km² near the query point, from the first read: the most of two estimates, both low
 * rather than high. The index span the neighbours cover may include empty places (the curve
 * wanders away and back); and j neighbours within d km say at least j / (π d²).
 */
function probeDensity(near: LatLon, entries: IndexedEntry[], span: CurveRange | undefined): number {
  const fromSpan = span
    ? entries.filter((entry) => entry.curveIndex >= span.lo && entry.curveIndex <= span.hi).length / rangeAreaKm2(span, near.lat)
    : 0;
  const distances = entries.map((entry) => distanceKm(near, entry.location)).sort((a, b) => a - b);
  let fromNeighbours = 0;
  distances.forEach((distance, index) => {
    if (index >= 2 && distance > 0) fromNeighbours = Math.max(fromNeighbours, (index + 1) / (Math.PI * distance ** 2));
  });
  return Math.max(fromSpan, fromNeighbours);
}

/** A cursor that no post can equal: after every post nearer than `distance`, before any farther. */
const afterEverythingNearerThan = (distance: number) => ({ distanceKm: distance, createdAt: '9999-12-31T23:59:59.999Z', postId: '0' });

function stripZ(entry: IndexedEntry): NearbyEntry {
  const { curveIndex: _index, ...rest } = entry;
  return rest;
}

/** The API's distance: to 100 m, and measured from the public point (see the note at the top). */
export const roundDistanceKm = (distance: number): number => Math.round(distance * 10) / 10;
