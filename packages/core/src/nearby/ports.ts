import type { LatLon, CurveRange } from '../geo/index.js';
import type { DensityCounts, DensityMap } from './density.js';
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
  /** The full-depth key on the curve of `location`: its place in the index. */
  curveIndex: number;
}

/** Category and kind are in the index key, so a filtered search reads only what it returns. */
export interface NearbyFilter {
  category?: CategoryId;
  kind?: PostKind;
}

export interface RangeRead {
  /** Within one partition (partitionDepth). */
  range: CurveRange;
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

/**
 * The density summary (density.ts): how many posts each cell of `densityDepth` holds, kept beside
 * the index by the index's own writes and recounted daily. It only steers searches.
 */
export interface DensitySummary {
  /** The tenant's counts, maybe from a cache kept a short while; what reading them cost now (0 and 0 when cached). */
  read(tenantId: string): Promise<{ map: DensityMap; queries: number; itemsRead: number }>;
  /** A post's entry without a filter, at `curveIndex` on the curve, entered (+1) or left (-1) the index. A count never goes below 0. */
  add(tenantId: string, curveIndex: number, delta: 1 | -1): Promise<void>;
  /**
   * The repair: sets the stored counts to `counted` (a cell not in it: 0), each only if no add came
   * since it was read (else the next recount does). Says how many cells it counted and corrected.
   */
  correct(tenantId: string, counted: DensityCounts): Promise<{ cells: number; corrected: number }>;
}

/** What a search needs of the summary. */
export type DensitySummaryReader = Pick<DensitySummary, 'read'>;
