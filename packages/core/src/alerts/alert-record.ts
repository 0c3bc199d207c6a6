import type { LatLon } from '../geo/index.js';
import type { CategoryId, PostKind } from '../tenant/index.js';

export interface AlertRecord {
  tenantId: string;
  id: string;
  email: string;
  near: LatLon;
  radiusKm: number;
  category?: CategoryId;
  kind?: PostKind;
  status: 'pending_verification' | 'active';
  /** sha256 of the secret of the verification link, which only the verification mail holds. */
  tokenHash: string;
  /**
   * The secret of the one-click unsubscribe link that every mail of this alert carries. Kept as it
   * is (the daily digest needs it), and worth little: it can only erase this alert.
   */
  unsubscribeToken: string;
  createdAt: string;
  verifiedAt?: string;
  /**
   * When the alert ends: the tenant's `alertExpiry.months` after its confirmation or its last
   * renewal. Past it, the digest skips it and the daily job erases it. (Alerts confirmed before
   * alerts expired have none: `alertExpiresAt` reads their confirmation.)
   */
  expiresAt?: string;
  /** The `expiresAt` whose "still want it?" mail went out: one mail per expiry. */
  renewalNoticeFor?: string;
  version: number;
}

/** What the index of alerts keeps of an alert, to tell whether a post matches it. */
export type AlertTarget = Pick<AlertRecord, 'id' | 'near' | 'radiusKm' | 'category' | 'kind'>;

/** A published post that matched an alert, waiting for the next digest. */
export interface PendingMatch {
  postId: string;
  matchedAt: string;
}
