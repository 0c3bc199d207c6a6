import type { CategoryId, PostKind } from './categories.js';
import { invalidInput } from './errors.js';
import { distanceKm, type LatLon } from './geo.js';
import {
  boxDistanceKm,
  cellBox,
  cellRange,
  cellsAroundDisc,
  children,
  mergeRanges,
  partitionDepth,
  partitionOfZ,
  rangeAreaKm2,
  splitByPartition,
  subtractRanges,
  zOf,
  type Cell,
  type ZRange,
} from './geo-cells.js';

/**
 * Nearest-first search over the geographic cell index.
 *
 * Privacy: every distance here (the radius test, the order, `distanceKm`) is measured from the
 * post's public point, the blurred point drawn once when the post was written and stored
 * (blurLocation). It is the point the post already shows, so no set of queries, from however many
 * places, learns more than that point: the exact location never enters the index at all.
 */

/** What the index holds for a post: its public view, nothing more (no email, no exact point). */
export interface NearbyEntry {
  postId: string;
  kind: PostKind;
  category: CategoryId;
  title: string;
  description: string;
  authorName: string;
  /** The public (blurred, stable) point. */
  location: LatLon;
  /** When it was published: the list's "newest". */
  createdAt: string;
  expiresAt: string;
}

export interface IndexedEntry extends NearbyEntry {
  /** The full-depth geohash of `location`: its place in the index. */
  z: number;
}

/** Category and kind are in the index key, so a filtered search reads only what it returns. */
export interface NearbyFilter {
  category?: CategoryId;
  kind?: PostKind;
}

export interface RangeRead {
  /** Within one partition (partitionDepth). */
  range: ZRange;
  /** Stop after this many items (a probe); absent: read the whole range. */
  limit?: number;
  descending?: boolean;
}

export interface RangeReadResult {
  /** In index order (descending if asked). */
  entries: IndexedEntry[];
  /** Items DynamoDB read (ScannedCount), expired ones included. */
  itemsRead: number;
  queries: number;
  /** False when `limit` stopped the read before the end of the range. */
  complete: boolean;
}

/** The index port: the DynamoDB adapter implements it, tests use an in-memory one. */
export interface NearbyIndex {
  readRange(tenantId: string, filter: NearbyFilter, read: RangeRead): Promise<RangeReadResult>;
}

/** Where the next page starts: strictly after (distance, newest first, id). */
export interface NearbyCursor {
  distanceKm: number;
  createdAt: string;
  postId: string;
  /** Posts per km² met at the end of the previous page: sizes the next page's first read. */
  density: number;
}

export interface NearbySearch {
  tenantId: string;
  near: LatLon;
  radiusKm: number;
  filter: NearbyFilter;
  limit: number;
  after?: NearbyCursor;
  now: Date;
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

/** DESIGN.md's budget: never more than this many queries for one page. */
export const maxQueriesPerPage = 24;
/** The first read: this many index neighbours on each side of the query point's geohash. */
const probeSize = 6;
/** Rounds after the first read; the queries left are shared between them. */
const maxRounds = 3;

/** Nearest first; equal distances newest first; then by id, so the order is total and stable. */
export function compareHits(a: { distanceKm: number; createdAt: string; postId: string }, b: { distanceKm: number; createdAt: string; postId: string }): number {
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
export function coverRanges(center: LatLon, innerKm: number, outerKm: number, done: ZRange[], maxRanges: number): ZRange[] {
  const widthKm = Math.max(0.001, Math.min(outerKm, outerKm - innerKm));
  const smallestEdgeKm = widthKm / 6;
  const classify = (cell: Cell): Piece | undefined => {
    const box = cellBox(cell);
    const bounds = boxDistanceKm(center, box);
    if (bounds.min > outerKm || bounds.max < innerKm) return undefined;
    if (subtractRanges([cellRange(cell)], done).length === 0) return undefined;
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
function trimRanges(ranges: ZRange[], done: ZRange[]): ZRange[] {
  return ranges.flatMap((range) => {
    let { lo, hi } = range;
    for (const hole of done) if (hole.lo <= lo && hole.hi >= lo) lo = hole.hi + 1;
    for (const hole of [...done].reverse()) if (hole.lo <= hi && hole.hi >= hi) hi = hole.lo - 1;
    return lo <= hi ? [{ lo, hi }] : [];
  });
}

/** Over budget (a read area broken up by earlier reads): read across the smallest gaps again. */
function coalesce(ranges: ZRange[], maxRanges: number): ZRange[] {
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
 * One page of the posts within `radiusKm` of `near`, nearest first, after `after`.
 *
 * It reads outward in rounds. A first read takes the few index neighbours of the query point's
 * geohash on both sides: they are near, and how much of the index they span tells the local
 * density. Each round then covers the ring that the density says holds the rest of the page
 * (ranges read in parallel), and learns the density again from what it read. A post is final once
 * everything nearer than it has been read; the page ends when it holds `limit` final posts, or when
 * the whole disc has been read. Every query and item read is counted.
 */
export async function searchNearby(index: NearbyIndex, search: NearbySearch): Promise<NearbyResult> {
  const { near, radiusKm, limit, after } = search;
  const stats = { itemsRead: 0, queries: 0, rounds: 0 };
  const candidates = new Map<string, NearbyHit>();
  let done: ZRange[] = [];
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

  // Everything nearer than this (and after the cursor) has been read.
  let coveredKm = after ? Math.min(after.distanceKm, radiusKm) : 0;
  const innerKm = after?.distanceKm ?? 0;
  const valid = (entry: IndexedEntry) => entry.expiresAt > nowIso;
  let density: number;
  let areaFactor: number;

  if (after) {
    density = after.density;
    areaFactor = 1.1;
  } else {
    const zq = zOf(near);
    const partition = cellRange({ prefix: partitionOfZ(zq), depth: partitionDepth });
    const [forward, backward] = await Promise.all([
      read({ range: { lo: zq, hi: partition.hi }, limit: probeSize }),
      zq > partition.lo
        ? read({ range: { lo: partition.lo, hi: zq - 1 }, limit: probeSize, descending: true })
        : Promise.resolve({ entries: [], itemsRead: 0, queries: 0, complete: true }),
    ]);
    // Items at the last geohash reached may continue beyond the limit: that geohash is not done.
    const lo = backward.complete ? partition.lo : backward.entries.at(-1)!.z + 1;
    const hi = forward.complete ? partition.hi : forward.entries.at(-1)!.z - 1;
    if (lo <= hi) done = mergeRanges([{ lo, hi }]);
    density = probeDensity(near, [...forward.entries, ...backward.entries].filter(valid), lo <= hi ? { lo, hi } : undefined);
    // Aim short: a second round measures the density exactly and reads the rest.
    areaFactor = 0.6;
  }

  for (;;) {
    const exhausted = coveredKm >= radiusKm;
    const final = [...candidates.values()].filter((hit) => exhausted || hit.distanceKm < coveredKm).sort((a, b) => compareHits(keyOf(a), keyOf(b)));
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
    if (roundsLeft <= 0 || budget < 3) {
      // Out of rounds (posts spread in a way no estimate foresaw): a short page, the next goes on.
      const last = final.at(-1);
      return { items: final, next: last ? { ...keyOf(last), density } : { ...afterEverythingNearerThan(coveredKm), density }, stats };
    }
    const rangesThisRound = Math.max(1, Math.floor(budget / roundsLeft));
    const needed = limit - final.length;
    // The last round must fill the page: it aims long.
    const factor = roundsLeft === 1 ? Math.max(areaFactor, 2) : areaFactor;
    let targetKm = density > 0 ? Math.sqrt(coveredKm ** 2 + (needed * factor) / (Math.PI * density)) : radiusKm;
    targetKm = Math.min(radiusKm, Math.max(targetKm, coveredKm * 1.1, coveredKm + 0.005));

    const ringInnerKm = Math.max(innerKm, coveredKm);
    const ranges = coverRanges(near, ringInnerKm, targetKm, done, rangesThisRound);
    await Promise.all(ranges.map((range) => read({ range })));
    stats.rounds += 1;
    done = mergeRanges([...done, ...ranges]);
    coveredKm = targetKm;
    // Now known exactly: how many posts the ring just read holds, per km².
    const inRing = [...seen.values()].filter((hit) => hit.distanceKm >= ringInnerKm && hit.distanceKm < coveredKm).length;
    const ringArea = Math.PI * (coveredKm ** 2 - ringInnerKm ** 2);
    if (ringArea > 0) density = inRing / ringArea;
    areaFactor = 1.25;
  }
}

/**
 * Posts per km² near the query point, from the first read: the most of two estimates, both low
 * rather than high. The index span the neighbours cover may include empty places (the geohash
 * order jumps); and j neighbours within d km say at least j / (π d²).
 */
function probeDensity(near: LatLon, entries: IndexedEntry[], span: ZRange | undefined): number {
  const fromSpan = span ? entries.filter((entry) => entry.z >= span.lo && entry.z <= span.hi).length / rangeAreaKm2(span, near.lat) : 0;
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
  const { z: _z, ...rest } = entry;
  return rest;
}

/** The API's distance: to 100 m, and measured from the public point (see the note at the top). */
export const roundDistanceKm = (distance: number): number => Math.round(distance * 10) / 10;

/** What a cursor is bound to: a cursor of another search is refused. */
export interface NearbyQueryKey {
  near: LatLon;
  radiusKm: number;
  category?: string;
  kind?: string;
  scope?: string;
}

const queryFingerprint = (query: NearbyQueryKey): string =>
  [query.scope ?? 'posts', query.near.lat, query.near.lon, query.radiusKm, query.category ?? '', query.kind ?? ''].join('|');

export function encodeNearbyCursor(cursor: NearbyCursor, query: NearbyQueryKey): string {
  const payload = { q: queryFingerprint(query), d: cursor.distanceKm, c: cursor.createdAt, i: cursor.postId, r: cursor.density };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** A cursor comes back from a client: anything but one of ours, for this very search, is a 400. */
export function decodeNearbyCursor(cursor: string, query: NearbyQueryKey): NearbyCursor {
  const bad = invalidInput([{ path: 'cursor', message: 'not a cursor from this search' }]);
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad;
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw bad;
  const { q, d, c, i, r, ...rest } = payload as Record<string, unknown>;
  if (
    Object.keys(rest).length > 0 ||
    q !== queryFingerprint(query) ||
    typeof d !== 'number' ||
    !Number.isFinite(d) ||
    d < 0 ||
    typeof c !== 'string' ||
    c.length > 40 ||
    typeof i !== 'string' ||
    !/^[A-Za-z0-9_-]{1,64}$/.test(i) ||
    typeof r !== 'number' ||
    !Number.isFinite(r) ||
    r < 0
  ) {
    throw bad;
  }
  return { distanceKm: d, createdAt: c, postId: i, density: r };
}
