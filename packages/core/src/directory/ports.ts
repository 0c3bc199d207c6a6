import type { LatLon } from '../geo/index.js';
import type { Page } from '../shared/index.js';
import type { ListingRecord } from './listing-record.js';
import type { ZoneEntry } from './listing-zone.js';

/** What a zone lookup read: the entries filed under the point's cells and commune, and the cost. */
export interface ZoneHits {
  /** Every entry met (a listing's may come more than once): a superset of the listings delivering there, as their entries say. */
  entries: ZoneEntry[];
  queries: number;
  /** Index items read (and records, where an entry of an older format had to be read from its record). */
  itemsRead: number;
}

/** Storage of one tenant's listings and their delivery-zone index. Implemented by the DynamoDB adapter and by test fakes. */
export interface ListingStore {
  /** Fails if a listing with that id exists. */
  insert(listing: ListingRecord): Promise<void>;
  get(tenantId: string, listingId: string): Promise<ListingRecord | undefined>;
  /**
   * Writes `listing` if the stored version is still `previous.version` (else ConcurrentUpdateError),
   * then its zone index as it should be: entries of the new zone written, those of `previous` no
   * longer in it removed. A failure in between leaves stale or missing entries, which the search
   * (`settleZoneEntries` on a page's record of another version) and `reindex` repair.
   */
  replace(listing: ListingRecord, previous: ListingRecord): Promise<void>;
  /** Writes the listing's index entries again, as they should be (idempotent): a repair. */
  reindex(listing: ListingRecord): Promise<void>;
  /** Public listings (published, not expired at `now`, not paused), newest first, of one section if asked. */
  listPublished(tenantId: string, query: { limit: number; cursor?: string; section?: string; now: Date }): Promise<Page<ListingRecord>>;
  /** Listings awaiting a staff decision (`pending_moderation`, `hidden`), oldest first. */
  listForModeration(tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<ListingRecord>>;
  /**
   * The entries filed under `point`'s cells of geo's disc index and under `commune`. An entry of
   * the format before entries carried their listing's data is read from its record and written again.
   */
  zoneEntries(tenantId: string, point: LatLon, commune: string | undefined): Promise<ZoneHits>;
  /**
   * The repair when an entry and its record disagree (the record wins): writes the entries `record`
   * should have (none when it is gone or no longer public), and deletes those `met` was filed under
   * that the record no longer justifies. Idempotent.
   */
  settleZoneEntries(tenantId: string, met: ZoneEntry, record: ListingRecord | undefined): Promise<void>;
}
