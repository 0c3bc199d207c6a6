import type { LatLon } from '../geo/index.js';
import { badCursor, decodeCursor, encodeCursor } from '../shared/index.js';

/** Where the next page starts: strictly after (distance, newest first, id). */
export interface NearbyCursor {
  distanceKm: number;
  createdAt: string;
  postId: string;
  /** Posts per km² met at the end of the previous page: sizes the next page's first read. */
  density: number;
}

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
  return encodeCursor({ q: queryFingerprint(query), d: cursor.distanceKm, c: cursor.createdAt, i: cursor.postId, r: cursor.density });
}

/** A cursor comes back from a client: anything but one of ours, for this very search, is a 400. */
export function decodeNearbyCursor(cursor: string, query: NearbyQueryKey): NearbyCursor {
  const message = 'not a cursor from this search';
  const { q, d, c, i, r, ...rest } = decodeCursor(cursor, message);
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
    throw badCursor(message);
  }
  return { distanceKm: d, createdAt: c, postId: i, density: r };
}
