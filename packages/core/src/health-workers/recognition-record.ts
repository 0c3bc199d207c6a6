import type { RecognitionStatus } from './health-worker-schemas.js';

/**
 * A resident's recognition as a health worker: one per address in a tenant (its id is derived from
 * the address, so a second request replaces the first). Never public: staff see it, the resident
 * hears of it by mail.
 */
export interface RecognitionRecord {
  tenantId: string;
  /** `recognitionIdOf(email)`: the address's key, so a contact finds it from the sender's address alone. */
  id: string;
  /** Lowercased and trimmed. */
  email: string;
  status: RecognitionStatus;
  /** How it was recognised: the address's domain is one of the tenant's, or staff approved the request. */
  via?: 'email_domain' | 'staff';
  /** What staff judge a request by (none for an address at one of the tenant's domains). */
  request?: { name: string; profession: string; employer: string };
  /** sha256 of the mailed link's secret. */
  tokenHash: string;
  createdAt: string;
  updatedAt: string;
  verifiedAt?: string;
  decidedAt?: string;
  /** The staff address that approved or refused it. */
  decidedBy?: string;
  refusalReason?: string;
  /**
   * When it ends (`recognitionLifetimeMonths` after its last change of status): no longer
   * recognised, and erased by the daily job. Absent on records written before recognitions ended.
   */
  expiresAt?: string;
  /** Set by the resident's own erasure: withdrawn, then deleted (the daily job finishes one that stopped between). */
  erasing?: true;
  /** Who changed its status, when, to what (the resident, the mailed link, staff): the latest `recognitionHistoryKept`. */
  history?: RecognitionChange[];
  version: number;
}

export interface RecognitionChange {
  at: string;
  /** A staff address, `resident` (their link) or `expiry`. */
  by: string;
  status: RecognitionStatus;
  reason?: string;
}

/** The changes kept in a recognition's history. */
export const recognitionHistoryKept = 20;

/** What staff see of a request. */
export interface StaffRecognitionView {
  id: string;
  email: string;
  status: RecognitionStatus;
  via?: RecognitionRecord['via'];
  request?: RecognitionRecord['request'];
  createdAt: string;
  verifiedAt?: string;
  decidedAt?: string;
  decidedBy?: string;
  refusalReason?: string;
  expiresAt?: string;
  history?: RecognitionChange[];
}

export const toStaffRecognitionView = (record: RecognitionRecord): StaffRecognitionView => {
  const { tenantId: _tenant, tokenHash: _hash, version: _version, updatedAt: _updated, erasing: _erasing, ...view } = record;
  return view;
};
