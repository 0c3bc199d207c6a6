import { discCells, discLookupCells, type Cell, type LatLon } from '../geo/index.js';
import { zoneHolds, type ListingRecord } from './listing-record.js';

/**
 * The delivery-zone index: "which listings deliver here?" without a scan. A zone is a disc (radius
 * around the listing's point) and/or communes:
 * - the disc is filed in geo's disc index (`discCells`: at most 12 cells of the finest depth that
 *   covers it in so few); a point looks up its own cell at each of the 5 depths (5 queries) and meets
 *   every disc whose cells hold it;
 * - each commune is one entry under the commune's code; a point's commune (from the address search)
 *   is one more query.
 * Each entry carries what the search needs of its listing (`ZoneEntry`: point, radius, communes,
 * section, categories, expiry, and the version it was written from), so the exact test and the
 * nearest-first order run on the entries and only a page's records are read. The record wins: a
 * page's record of another version than its entry is judged by the record, and its entries are
 * written again (`ListingStore.settleZoneEntries`).
 * Only a public listing has entries; an expired one keeps them until its purge (the entry's expiry is checked).
 */
export interface ZoneEntries {
  cells: Cell[];
  communes: string[];
}

/** What every zone entry of a listing says of it: written from one version of its record. */
export interface ZoneEntry {
  listingId: string;
  /** The record's version the entry was written from. */
  version: number;
  location: LatLon;
  radiusKm?: number;
  /** INSEE codes. */
  communes: string[];
  section: string;
  categories: string[];
  expiresAt: string;
}

const none: ZoneEntries = { cells: [], communes: [] };

/** The entry a listing should have in the zone index, or none (not published, paused, erased); expiry aside. */
export function listingZoneEntry(listing: ListingRecord): ZoneEntry | undefined {
  if (listing.status !== 'published' || listing.paused || !listing.content) return undefined;
  const zone = listing.content.deliveryZone;
  return {
    listingId: listing.id,
    version: listing.version,
    location: listing.content.location,
    ...(zone.radiusKm !== undefined ? { radiusKm: zone.radiusKm } : {}),
    communes: (zone.communes ?? []).map((commune) => commune.code),
    section: listing.section,
    categories: listing.categories,
    expiresAt: listing.expiresAt,
  };
}

/** Where an entry is filed: its disc's cells, its communes. */
export const zoneEntryPlaces = (entry: ZoneEntry | undefined): ZoneEntries =>
  entry ? { cells: entry.radiusKm !== undefined ? discCells(entry.location, entry.radiusKm) : [], communes: entry.communes } : none;

/** The entries a listing should have in the zone index, given what its record says (expiry aside). */
export const listingZoneEntries = (listing: ListingRecord): ZoneEntries => zoneEntryPlaces(listingZoneEntry(listing));

/** Whether the entry's listing delivers to the point: `deliversTo`'s rule on what the entry says. */
export const entryDeliversTo = (entry: ZoneEntry, point: LatLon, commune?: string): boolean =>
  zoneHolds(entry.location, entry.radiusKm, entry.communes, point, commune);

/** What a point looks up: one cell per depth of the disc index, and its commune if known. */
export const zoneLookup = (point: LatLon, commune: string | undefined): ZoneEntries => ({
  cells: discLookupCells(point),
  communes: commune ? [commune] : [],
});
