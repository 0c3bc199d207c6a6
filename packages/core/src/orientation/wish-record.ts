export type WishStatus = 'pending_verification' | 'open' | 'oriented' | 'withdrawn';

/** A resident's wish to help; staff answer it with suggestions. Never public. */
export interface WishRecord {
  tenantId: string;
  id: string;
  status: WishStatus;
  name: string;
  email: string;
  skills?: string[];
  availability?: string;
  area?: string;
  causes?: string[];
  languages?: string[];
  message?: string;
  tokenHash: string;
  createdAt: string;
  updatedAt: string;
  /** After the tenant's lifetime, the wish is no longer shown to staff (filtered on read). */
  expiresAt: string;
  orientedAt?: string;
  version: number;
}

/** A wish as staff see it (the staff API's answer): no token; the address, since staff write to the resident. */
export type StaffWishView = Omit<WishRecord, 'tokenHash' | 'tenantId' | 'version'>;

/** A suggestion as stored: where its link leads (a mission's page, an association's site, a mission elsewhere). */
export interface StoredSuggestion {
  kind: 'mission' | 'association' | 'external';
  title: string;
  detail?: string;
  /** Where the mailed link leads, through the counting redirect; none for an association without a site. */
  url?: string;
  missionId?: string;
}

/** Staff's answer to a wish: the suggestions mailed, and which were followed (each counted once). */
export interface OrientationRecord {
  tenantId: string;
  id: string;
  wishId: string;
  suggestions: StoredSuggestion[];
  /** Indexes of the suggestions whose link was followed. */
  followed: number[];
  by: string;
  createdAt: string;
}
