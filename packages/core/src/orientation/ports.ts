import type { Page } from '../shared/index.js';
import type { OrientationRecord, WishRecord, WishStatus } from './wish-record.js';

/** Storage of one tenant's wishes and orientations: single-item conditional writes only. */
export interface WishStore {
  insertWish(wish: WishRecord): Promise<void>;
  getWish(tenantId: string, wishId: string): Promise<WishRecord | undefined>;
  /** Writes `wish` if the stored version is still `expectedVersion`, else throws ConcurrentUpdateError. */
  replaceWish(wish: WishRecord, expectedVersion: number): Promise<void>;
  /** The tenant's wishes of one status, oldest first; `cursor` is one this list gave. */
  listWishes(tenantId: string, status: WishStatus, page: { limit: number; cursor?: string }): Promise<Page<WishRecord>>;
  insertOrientation(orientation: OrientationRecord): Promise<void>;
  getOrientation(tenantId: string, orientationId: string): Promise<OrientationRecord | undefined>;
  /** Records that suggestion `index` was followed: true the first time only (a conditional write). */
  markFollowed(tenantId: string, orientationId: string, index: number): Promise<boolean>;
}
