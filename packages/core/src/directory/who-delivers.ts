import { distanceKm, type LatLon } from '../geo/index.js';
import { isListingPublic, type ListingRecord } from './listing-record.js';
import { entryDeliversTo, listingZoneEntry, type ZoneEntry } from './listing-zone.js';
import type { ListingStore } from './ports.js';

/** Where a page of a distance order starts: after the last listing of the page before (its distance, then its id). */
export interface DistanceCursor {
  d: number;
  id: string;
}

export const isAfter = (entry: { distance: number; id: string }, after: DistanceCursor | undefined): boolean =>
  !after || entry.distance > after.d || (entry.distance === after.d && entry.id > after.id);

export const byDistance = (a: { distance: number; id: string }, b: { distance: number; id: string }): number =>
  a.distance - b.distance || a.id.localeCompare(b.id);

export interface WhoDeliversQuery {
  point: LatLon;
  commune?: string;
  category?: string;
  section?: string;
  limit: number;
  after?: DistanceCursor;
}

interface Candidate {
  id: string;
  distance: number;
  entry: ZoneEntry;
  /** Read this request and of the entry's version: what is shown. */
  record?: ListingRecord;
}

/**
 * "Who delivers to me", one page, nearest first: the exact test and the order run on the zone
 * entries (each carries its listing's point, radius, communes, section, categories and expiry), and
 * only the page's records are read. The record wins: a page's record of another version than its
 * entry (a write that failed between the record and its entries, or two writes crossing) is judged
 * by what it says, its entries are written again (`settleZoneEntries`), and the page is cut again
 * until every listing on it was read at the version its entry said. A listing whose entries disagree
 * among themselves is read before the order is made.
 */
export async function whoDeliversPage(
  store: ListingStore,
  tenantId: string,
  now: Date,
  query: WhoDeliversQuery,
): Promise<{ page: { listing: ListingRecord; distance: number }[]; more: boolean; queries: number; itemsRead: number }> {
  const hits = await store.zoneEntries(tenantId, query.point, query.commune);
  let itemsRead = hits.itemsRead;
  const read = async (ids: string[]) => {
    itemsRead += ids.length;
    return Promise.all(ids.map((id) => store.get(tenantId, id)));
  };

  const entries = new Map<string, ZoneEntry[]>();
  for (const entry of hits.entries) entries.set(entry.listingId, [...(entries.get(entry.listingId) ?? []), entry]);
  const candidates = new Map<string, Candidate>();
  const consider = (entry: ZoneEntry, record?: ListingRecord) => {
    const shown =
      Date.parse(entry.expiresAt) > now.getTime() &&
      entryDeliversTo(entry, query.point, query.commune) &&
      (!query.category || entry.categories.includes(query.category)) &&
      (!query.section || entry.section === query.section);
    if (shown)
      candidates.set(entry.listingId, {
        id: entry.listingId,
        distance: distanceKm(query.point, entry.location),
        entry,
        ...(record ? { record } : {}),
      });
    else candidates.delete(entry.listingId);
  };
  /** The record wins: its own entry (if it is public) replaces what was met, and the index is put right. */
  const settle = async (met: ZoneEntry[], record: ListingRecord | undefined) => {
    const versions = [...new Map(met.map((entry) => [entry.version, entry])).values()];
    await Promise.all(versions.map((entry) => store.settleZoneEntries(tenantId, entry, record)));
    const own = record && isListingPublic(record, now) ? listingZoneEntry(record) : undefined;
    if (own) consider(own, record);
    else candidates.delete(met[0]!.listingId);
  };

  const doubtful: string[] = [];
  for (const [id, met] of entries) {
    if (met.some((entry) => entry.version !== met[0]!.version)) doubtful.push(id);
    else consider(met[0]!);
  }
  const doubtfulRecords = await read(doubtful);
  await Promise.all(doubtful.map((id, index) => settle(entries.get(id)!, doubtfulRecords[index])));

  // Cut the page; read its records not read yet; again while one disagreed with its entry.
  for (;;) {
    const sorted = [...candidates.values()].filter((candidate) => isAfter(candidate, query.after)).sort(byDistance);
    const page = sorted.slice(0, query.limit);
    const unread = page.filter((candidate) => !candidate.record);
    if (unread.length === 0)
      return {
        page: page.map((c) => ({ listing: c.record!, distance: c.distance })),
        more: sorted.length > page.length,
        queries: hits.queries,
        itemsRead,
      };
    const records = await read(unread.map((candidate) => candidate.id));
    await Promise.all(
      unread.map(async (candidate, index) => {
        const record = records[index];
        if (record && record.version === candidate.entry.version) candidate.record = record;
        else await settle(entries.get(candidate.id) ?? [candidate.entry], record);
      }),
    );
  }
}
