import type { LatLon, CurveRange } from '../geo/index.js';
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
