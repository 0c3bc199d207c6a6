import type { LatLon } from '../geo/schemas.js';
import type { CategoryId, PostKind } from '../tenant/schemas.js';
import type { CloseReason, EquipmentInput, HousingInput } from './post-schemas.js';

/**
 * A housing offer as stored and shown: its input, and how far it is from each of the tenant's
 * hospitals (by hospital id), measured from the exact point at write and rounded up to the whole
 * kilometre (health-offers.ts says why).
 */
export type HousingDetails = HousingInput & { hospitalDistancesKm: Record<string, number> };
export type EquipmentDetails = EquipmentInput;

/** What is stored. `status` is what was written; `effectiveStatus` adds expiry, which is judged on read. */
/** `hidden`: taken off the site (reports, or staff) until staff decide; `rejected`: refused by staff. */
export type StoredStatus = 'pending_verification' | 'pending_moderation' | 'published' | 'hidden' | 'rejected' | 'closed' | 'deleted';
export type PostStatus = StoredStatus | 'expired';

export interface PostRecord {
  tenantId: string;
  id: string;
  kind: PostKind;
  category: CategoryId;
  /** One of the tenant's sections, when the author chose one. */
  section?: string;
  status: StoredStatus;
  /** Erased (null) when the post is deleted. */
  content: {
    title: string;
    description: string;
    location: LatLon;
    /** Drawn once at creation (or on a move) and kept: see blurLocation. */
    publicLocation: LatLon;
    author: { name: string; email: string };
    /**
     * A post taken by phone: the caller's number and staff's note. For staff only (never in a public,
     * author's or non-admin's view); erased with the rest of the content.
     */
    caller?: { phone?: string; note?: string };
    /** An offer in a section for health workers: housing near the hospitals, or equipment to drop at one. */
    housing?: HousingDetails;
    equipment?: EquipmentDetails;
  } | null;
  /** sha256 of the author's secret token; the token itself is only ever in the author's mailbox. */
  tokenHash: string | null;
  closedReason?: CloseReason;
  /** When it was closed: its author may reopen it for the tenant's `reopenWithinDays`. */
  closedAt?: string;
  /** The staff address that closed it (with its outcome), when staff did. */
  closedBy?: string;
  /**
   * The "still needed?" mail of one expiry (`forExpiresAt`): `sentAt` once it is queued (null while a
   * send is under way or failed: the next run sends it), the hashes of its link's secret (one per
   * attempt: the mail's idempotency key lets one of them out; each opens it) and `usedAt`, once its
   * link has answered (one extension per mail).
   */
  expiryReminder?: { forExpiresAt: string; sentAt: string | null; tokenHashes: string[]; usedAt: string | null };
  /** How many times its author extended it from a reminder (at most the tenant's `expiryReminder.maxExtensions`). */
  extensions?: number;
  createdAt: string;
  updatedAt: string;
  publishedAt?: string;
  expiresAt: string;
  /** Incremented on every write; a write names the version it read (optimistic concurrency). */
  version: number;
  /**
   * Entered by staff for a resident without internet (a phone call to the town hall): the author's
   * email is then the staff mailbox, so contacts reach staff; it is never shown.
   */
  enteredByStaff?: true;
  /** Residents' reports ("signaler"): how many, and the latest reasons (resident text, escaped wherever shown). */
  reportCount?: number;
  reports?: { at: string; reason: string }[];
  /** Why a `hidden` post was taken off the site. */
  hiddenBecause?: 'reports' | 'staff';
  /** Staff's reason for a rejection or for hiding a post. */
  moderationReason?: string;
}

export function effectiveStatus(post: PostRecord, now: Date): PostStatus {
  const expirable =
    post.status === 'published' ||
    post.status === 'pending_verification' ||
    post.status === 'pending_moderation' ||
    post.status === 'hidden';
  return expirable && now.getTime() >= Date.parse(post.expiresAt) ? 'expired' : post.status;
}

export function isPubliclyVisible(post: PostRecord, now: Date): boolean {
  return effectiveStatus(post, now) === 'published' && post.content !== null;
}

/** What anyone may see: never an email, never the exact point. */
export interface PublicPost {
  id: string;
  kind: PostKind;
  category: CategoryId;
  section?: string;
  title: string;
  description: string;
  location: LatLon;
  authorName: string;
  createdAt: string;
  expiresAt: string;
  housing?: HousingDetails;
  equipment?: EquipmentDetails;
}

/** What only an offer for health workers has: its housing or its equipment. */
const healthOfferParts = (content: NonNullable<PostRecord['content']>) => ({
  ...(content.housing ? { housing: content.housing } : {}),
  ...(content.equipment ? { equipment: content.equipment } : {}),
});

/** The post's content (a deleted post has none: it cannot be shown), and what every view of it starts with. */
function viewable(post: PostRecord) {
  if (!post.content) throw new Error(`post ${post.id} has no content`);
  return {
    content: post.content,
    head: { id: post.id, kind: post.kind, category: post.category, ...(post.section ? { section: post.section } : {}) },
  };
}

export function toPublicPost(post: PostRecord): PublicPost {
  const { content, head } = viewable(post);
  return {
    ...head,
    title: content.title,
    description: content.description,
    location: content.publicLocation,
    authorName: content.author.name,
    createdAt: post.publishedAt ?? post.createdAt,
    expiresAt: post.expiresAt,
    ...healthOfferParts(content),
  };
}

/** What the author sees with their token: their own data, and where the post stands. */
export interface AuthorPost {
  id: string;
  kind: PostKind;
  category: CategoryId;
  section?: string;
  status: PostStatus;
  closedReason?: CloseReason;
  title: string;
  description: string;
  location: LatLon;
  publicLocation: LatLon;
  author: { name: string; email: string };
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  housing?: HousingDetails;
  equipment?: EquipmentDetails;
}

export function toAuthorPost(post: PostRecord, now: Date): AuthorPost {
  const { content, head } = viewable(post);
  return {
    ...head,
    status: effectiveStatus(post, now),
    ...(post.closedReason ? { closedReason: post.closedReason } : {}),
    title: content.title,
    description: content.description,
    location: content.location,
    publicLocation: content.publicLocation,
    author: content.author,
    createdAt: post.createdAt,
    updatedAt: post.updatedAt,
    expiresAt: post.expiresAt,
    ...healthOfferParts(content),
  };
}
