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
  version: number;
}

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
}

export const toStaffRecognitionView = (record: RecognitionRecord): StaffRecognitionView => {
  const { tenantId: _tenant, tokenHash: _hash, version: _version, updatedAt: _updated, ...view } = record;
  return view;
};
