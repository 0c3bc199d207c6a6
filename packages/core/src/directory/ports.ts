import type { LatLon } from '../geo/index.js';
import type { Page } from '../shared/index.js';
import type { ListingRecord } from './listing-record.js';

/** What a zone lookup read: the listings whose index entries may contain the point, and the cost. */
export interface ZoneCandidates {
  /** A superset of the listings delivering to the point (each read from its record): the caller filters exactly. */
  listings: ListingRecord[];
  queries: number;
  /** Index entries and records read. */
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
   * longer in it removed. A failure in between leaves stale or missing entries, which `zoneCandidates`
   * and `reindex` repair.
   */
  replace(listing: ListingRecord, previous: ListingRecord): Promise<void>;
  /** Writes the listing's index entries again, as they should be (idempotent): a repair. */
  reindex(listing: ListingRecord): Promise<void>;
  /** Public listings (published, not expired at `now`, not paused), newest first, of one section if asked. */
  listPublished(tenantId: string, query: { limit: number; cursor?: string; section?: string; now: Date }): Promise<Page<ListingRecord>>;
  /** Listings awaiting a staff decision (`pending_moderation`, `hidden`), oldest first. */
  listForModeration(tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<ListingRecord>>;
  /**
   * The listings whose zone index has an entry for `point` (a delivery disc's cell) or for `commune`,
   * read from their records; entries that their record no longer justifies are deleted as they are met.
   */
  zoneCandidates(tenantId: string, point: LatLon, commune: string | undefined): Promise<ZoneCandidates>;
}
