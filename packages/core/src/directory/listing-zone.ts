import { discCells, discLookupCells, type Cell, type LatLon } from '../geo/index.js';
import type { ListingRecord } from './listing-record.js';

/**
 * The delivery-zone index: "which listings deliver here?" without a scan. A zone is a disc (radius
 * around the listing's point) and/or communes:
 * - the disc is filed in geo's disc index (`discCells`: at most 12 cells of the finest depth that
 *   covers it in so few); a point looks up its own cell at each of the 5 depths (5 queries) and meets
 *   every disc whose cells hold it; the exact distance is checked on the listing's record;
 * - each commune is one entry under the commune's code; a point's commune (from the address search)
 *   is one more query.
 * Only a public listing has entries; an expired one keeps them until its purge (reads check the record).
 */
export interface ZoneEntries {
  cells: Cell[];
  communes: string[];
}

const none: ZoneEntries = { cells: [], communes: [] };

/** The entries a listing should have in the zone index, given what its record says (expiry aside). */
export function listingZoneEntries(listing: ListingRecord): ZoneEntries {
  if (listing.status !== 'published' || listing.paused || !listing.content) return none;
  const zone = listing.content.deliveryZone;
  return {
    cells: zone.radiusKm !== undefined ? discCells(listing.content.location, zone.radiusKm) : [],
    communes: (zone.communes ?? []).map((commune) => commune.code),
  };
}

/** What a point looks up: one cell per depth of the disc index, and its commune if known. */
export const zoneLookup = (point: LatLon, commune: string | undefined): ZoneEntries => ({
  cells: discLookupCells(point),
  communes: commune ? [commune] : [],
});
