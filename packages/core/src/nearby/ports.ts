import type { Cell, LatLon, ZRange } from '../geo/index.js';
import type { EquipmentDetails, HousingDetails } from '../posts/index.js';
import type { CategoryId, PostKind } from '../tenant/index.js';

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
  section?: string;
  /** An offer for health workers: its housing (days, people, distances to the hospitals) or equipment. */
  housing?: HousingDetails;
  equipment?: EquipmentDetails;
  /**
   * The entry carries the post's whole public view (its section and health offer's parts, even when
   * it has none). Entries written before they did lack it: a reader needing those parts reads the
   * post and writes its entries again (`PostStore.reindex`).
   */
  full?: true;
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

/** What a read of the density summary cost, for the page's stats. */
export interface SummaryReadResult {
  /** One count per cell asked, in the same order (0: no post counted there). */
  counts: number[];
  /** Items and queries the store read for it (0 when all came from the cache). */
  itemsRead: number;
  queries: number;
}

/**
 * The per-tenant density summary: how many posts the index holds (no filter) in each cell of the
 * depths `densityDepths`, kept by an atomic add of ±1 per depth when a post's entry enters or leaves
 * the index, corrected by the expiry job. It only steers the search: a count that is wrong costs
 * reads, never a post (a post is final once nothing unread is nearer, whatever was expected).
 */
export interface DensitySummary {
  /** The counts of `cells` (every cell of one of `densityDepths`), possibly from a short-lived cache. */
  counts(tenantId: string, cells: Cell[]): Promise<SummaryReadResult>;
  /** A post's entry at geohash `z` entered (+1) or left (-1) the index: each depth's cell of `z`; a count never goes below 0. */
  add(tenantId: string, z: number, delta: 1 | -1): Promise<void>;
  /**
   * The repair: sets the counts of one partition's cells to `counted` (by `densityCellKey`; a cell
   * not in it counted 0), each only if no add came since it was read (else the next recount does).
   */
  correct(tenantId: string, partition: number, counted: ReadonlyMap<string, number>): Promise<{ cells: number; corrected: number }>;
}

/** What the search needs of the summary: its counts. */
export type DensitySummaryReader = Pick<DensitySummary, 'counts'>;
