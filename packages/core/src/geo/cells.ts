import ngeohash from 'ngeohash';
import { distanceKm, earthRadiusKm, type LatLon } from './distance.js';

/**
 * Geographic cells: integer geohashes (ngeohash). A point's geohash at the full 52 bits orders the
 * index by a Z-order curve, and every cell at any depth (a geohash prefix of `depth` bits) is one
 * contiguous range of that order: one Query reads a whole cell, whatever its size. The search
 * therefore chooses its cell sizes per request, from the density it meets, with no index per size.
 */
export const fullDepth = 52;
/**
 * A partition of the index (its key) is a cell of this depth: 8 longitude and 8 latitude bits,
 * about 92 × 78 km at 49° N. Small enough to spread a large tenant, large enough that a 60 km
 * search crosses at most a few.
 */
export const partitionDepth = 16;

export interface Cell {
  /** The geohash of the cell's `depth` bits, as an integer. */
  prefix: number;
  depth: number;
}

/** A range of full-depth geohashes, both ends included. */
export interface ZRange {
  lo: number;
  hi: number;
}

export interface Box {
  minLat: number;
  minLon: number;
  maxLat: number;
  maxLon: number;
}

const pow2 = (bits: number): number => 2 ** bits;

/** The full-depth geohash of a point. */
export const zOf = (point: LatLon): number => ngeohash.encode_int(point.lat, point.lon, fullDepth);

export const cellOfZ = (z: number, depth: number): Cell => ({ prefix: Math.floor(z / pow2(fullDepth - depth)), depth });

export const cellRange = (cell: Cell): ZRange => {
  const span = pow2(fullDepth - cell.depth);
  return { lo: cell.prefix * span, hi: (cell.prefix + 1) * span - 1 };
};

export const children = (cell: Cell): [Cell, Cell] => [
  { prefix: cell.prefix * 2, depth: cell.depth + 1 },
  { prefix: cell.prefix * 2 + 1, depth: cell.depth + 1 },
];

/**
 * Decoded boxes, kept: ngeohash decodes bit by bit (about a microsecond a cell), and a search looks
 * at the same few thousand cells again and again (covering, then what is left to read), as do the
 * searches around the same town. Bounded: emptied when full.
 */
const boxes = new Map<string, Box>();
const maxKeptBoxes = 100_000;

export function cellBox(cell: Cell): Box {
  const key = `${cell.depth}/${cell.prefix}`;
  const kept = boxes.get(key);
  if (kept) return kept;
  const [minLat, minLon, maxLat, maxLon] = ngeohash.decode_bbox_int(cell.prefix, cell.depth);
  const box = Object.freeze({ minLat, minLon, maxLat, maxLon });
  if (boxes.size >= maxKeptBoxes) boxes.clear();
  boxes.set(key, box);
  return box;
}

/** Keys sort as the geohashes do: 13 hex digits hold 52 bits. */
export const zKey = (z: number): string => z.toString(16).padStart(13, '0');
export const zFromKey = (key: string): number => parseInt(key.slice(0, 13), 16);
/** A partition in a key: 4 hex digits hold 16 bits. */
export const partitionKey = (partition: number): string => partition.toString(16).padStart(4, '0');

/** Guards against the last bits of floating point: bounds err on the safe side by a millimetre. */
const boundSlackKm = 1e-6;
const toRadians = (degrees: number): number => (degrees * Math.PI) / 180;
const toDegrees = (radians: number): number => (radians * 180) / Math.PI;
const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

/**
 * The nearest and farthest great-circle distances from `from` to any point of a latitude/longitude
 * box (small boxes, as cells are: well under a hemisphere). The nearest point lies on the meridian
 * of `from` when its longitude is inside the box, otherwise on the nearer edge meridian, at the
 * latitude where that meridian comes closest; the farthest is a corner. Both are bounds, never
 * optimistic: the search may only stop reading when nothing unread can be nearer.
 */
export function boxDistanceKm(from: LatLon, box: Box): { min: number; max: number } {
  const fromLat = toRadians(from.lat);
  let min: number;
  if (from.lon >= box.minLon && from.lon <= box.maxLon) {
    min =
      from.lat >= box.minLat && from.lat <= box.maxLat
        ? 0
        : distanceKm(from, { lat: clamp(from.lat, box.minLat, box.maxLat), lon: from.lon });
  } else {
    min = Infinity;
    const tanFromLat = Math.tan(fromLat);
    for (const edgeLon of [box.minLon, box.maxLon]) {
      const deltaLon = toRadians(edgeLon - from.lon);
      const closestLat = Math.cos(deltaLon) > 0 ? toDegrees(Math.atan(tanFromLat / Math.cos(deltaLon))) : from.lat;
      min = Math.min(min, distanceKm(from, { lat: clamp(closestLat, box.minLat, box.maxLat), lon: edgeLon }));
    }
  }
  // The farthest corner: distanceKm's haversine with each term computed once per edge rather than
  // once per corner, the same operations in the same order (so the same value to the last bit),
  // and the arcsine taken once, of the largest `h` (the distance grows with it).
  const cosFrom = Math.cos(fromLat);
  const sinSquaredMinLat = Math.sin(toRadians(box.minLat - from.lat) / 2) ** 2;
  const sinSquaredMaxLat = Math.sin(toRadians(box.maxLat - from.lat) / 2) ** 2;
  const cosMinLat = cosFrom * Math.cos(toRadians(box.minLat));
  const cosMaxLat = cosFrom * Math.cos(toRadians(box.maxLat));
  const sinSquaredMinLon = Math.sin(toRadians(box.minLon - from.lon) / 2) ** 2;
  const sinSquaredMaxLon = Math.sin(toRadians(box.maxLon - from.lon) / 2) ** 2;
  const farthestH = Math.max(
    sinSquaredMinLat + cosMinLat * sinSquaredMinLon,
    sinSquaredMinLat + cosMinLat * sinSquaredMaxLon,
    sinSquaredMaxLat + cosMaxLat * sinSquaredMinLon,
    sinSquaredMaxLat + cosMaxLat * sinSquaredMaxLon,
  );
  const max = 2 * earthRadiusKm * Math.asin(Math.min(1, Math.sqrt(farthestH)));
  return { min: Math.max(0, min - boundSlackKm), max: max + boundSlackKm };
}

const kmPerDegree = (Math.PI * earthRadiusKm) / 180;

/** The area of a box, in km² (spherical, for small boxes). */
export function boxAreaKm2(box: Box): number {
  const middleLat = toRadians((box.minLat + box.maxLat) / 2);
  return (box.maxLat - box.minLat) * kmPerDegree * (box.maxLon - box.minLon) * kmPerDegree * Math.cos(middleLat);
}

/** The area that a range of the Z-order covers near a latitude (a range is a union of cells). */
export function rangeAreaKm2(range: ZRange, nearLat: number): number {
  const unit = boxAreaKm2({ minLat: nearLat, maxLat: nearLat + 180 / pow2(fullDepth / 2), minLon: 0, maxLon: 360 / pow2(fullDepth / 2) });
  return (range.hi - range.lo + 1) * unit;
}

/** The cells of `depth` that a disc touches: those of its bounding box, less the corners it misses. */
export function cellsAroundDisc(center: LatLon, radiusKm: number, depth: number): Cell[] {
  const latSpan = radiusKm / kmPerDegree;
  const lonSpan = Math.min(180, radiusKm / (kmPerDegree * Math.max(0.01, Math.cos(toRadians(center.lat)))));
  const minLat = clamp(center.lat - latSpan, -90, 90);
  const maxLat = clamp(center.lat + latSpan, -90, 90);
  const hashes = ngeohash.bboxes_int(minLat, center.lon - lonSpan, maxLat, center.lon + lonSpan, depth) as unknown as number[];
  return [...new Set(hashes)].map((prefix) => ({ prefix, depth })).filter((cell) => boxDistanceKm(center, cellBox(cell)).min <= radiusKm);
}

/** Sorted, disjoint, merged ranges: what has been read, or what to read. */
export function mergeRanges(ranges: ZRange[]): ZRange[] {
  const sorted = [...ranges].sort((a, b) => a.lo - b.lo);
  const merged: ZRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.lo <= last.hi + 1) last.hi = Math.max(last.hi, range.hi);
    else merged.push({ ...range });
  }
  return merged;
}

/** `ranges` less everything in `done` (both merged). */
export function subtractRanges(ranges: ZRange[], done: ZRange[]): ZRange[] {
  const result: ZRange[] = [];
  for (const range of ranges) {
    let lo = range.lo;
    for (const hole of done) {
      if (hole.hi < lo || hole.lo > range.hi) continue;
      if (hole.lo > lo) result.push({ lo, hi: hole.lo - 1 });
      lo = hole.hi + 1;
      if (lo > range.hi) break;
    }
    if (lo <= range.hi) result.push({ lo, hi: range.hi });
  }
  return result;
}

/** Cuts ranges where partitions change: one Query reads one partition. */
export function splitByPartition(ranges: ZRange[]): ZRange[] {
  const span = pow2(fullDepth - partitionDepth);
  const result: ZRange[] = [];
  for (const range of ranges) {
    let lo = range.lo;
    while (lo <= range.hi) {
      const partitionEnd = (Math.floor(lo / span) + 1) * span - 1;
      const hi = Math.min(range.hi, partitionEnd);
      result.push({ lo, hi });
      lo = hi + 1;
    }
  }
  return result;
}

export const partitionOfZ = (z: number): number => Math.floor(z / pow2(fullDepth - partitionDepth));

/**
 * A disc index ("which discs contain this point?": alerts' circles, listings' delivery zones): a
 * disc is filed under the cells of the finest of these depths whose cells cover it in at most
 * `maxDiscCells`; a point looks up its own cell at each depth (one query each) and meets every disc
 * that may contain it. Depth 16 is about 92 × 78 km at 49° N, 32 about 0.6 × 0.3 km.
 */
export const discCellDepths = [16, 20, 24, 28, 32] as const;
const maxDiscCells = 12;

export function discCells(center: LatLon, radiusKm: number): Cell[] {
  for (const depth of [...discCellDepths].reverse()) {
    // Listing the cells of a depth far too fine costs more than the whole search: skip it by its size alone.
    const latCellKm = (180 / pow2(Math.floor(depth / 2))) * kmPerDegree;
    const lonCellKm = (360 / pow2(Math.ceil(depth / 2))) * kmPerDegree * Math.max(0.01, Math.cos(toRadians(center.lat)));
    if (Math.floor((2 * radiusKm) / latCellKm) * Math.floor((2 * radiusKm) / lonCellKm) > maxDiscCells) continue;
    const cells = cellsAroundDisc(center, radiusKm, depth);
    if (cells.length <= maxDiscCells) return cells;
  }
  return cellsAroundDisc(center, radiusKm, discCellDepths[0]);
}

/** The cells, one per depth, under which the discs that may contain `point` are filed. */
export const discLookupCells = (point: LatLon): Cell[] => discCellDepths.map((depth) => cellOfZ(zOf(point), depth));
