import * as z from 'zod';
import { categoryIds, postKindIds, type CategoryId, type PostKind } from './categories.js';
import type { LatLon } from './geo.js';

/** Text a resident types: trimmed, no control characters but newlines and tabs. */
const residentText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    .refine((text) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text), { error: 'control characters are not allowed' });

/** A single line: names and titles end up in mail headers and must never carry CR/LF. */
const residentLine = (max: number) =>
  residentText(max).refine((text) => !/[\r\n]/.test(text), { error: 'must be a single line' });

export const locationSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

/** A tenant's section ("rubrique", e.g. shops that deliver); which ones exist is the tenant's. */
const sectionId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'a section id of this tenant (GET /config)' }).max(40);

export const createPostSchema = z.strictObject({
  kind: z.enum(postKindIds),
  category: z.enum(categoryIds),
  /** Optional: a post without one is in the tenant's general listing. */
  section: sectionId.optional(),
  title: residentLine(120),
  description: residentText(4000),
  location: locationSchema,
  author: z.strictObject({
    name: residentLine(80),
    email: z.email().max(254),
  }),
});
export type CreatePostInput = z.infer<typeof createPostSchema>;

export const editPostSchema = z
  .strictObject({
    category: z.enum(categoryIds),
    section: sectionId,
    title: residentLine(120),
    description: residentText(4000),
    location: locationSchema,
  })
  .partial()
  .refine((edit) => Object.keys(edit).length > 0, { error: 'nothing to change' });
export type EditPostInput = z.infer<typeof editPostSchema>;

export const closePostSchema = z.strictObject({
  reason: z.enum(['fulfilled', 'no_longer_needed']),
});
export type CloseReason = z.infer<typeof closePostSchema>['reason'];

export const tokenSchema = z.strictObject({ token: z.string().min(16).max(128) });

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
  } | null;
  /** sha256 of the author's secret token; the token itself is only ever in the author's mailbox. */
  tokenHash: string | null;
  closedReason?: CloseReason;
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
    post.status === 'published' || post.status === 'pending_verification' || post.status === 'pending_moderation' || post.status === 'hidden';
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
}

export function toPublicPost(post: PostRecord): PublicPost {
  if (!post.content) throw new Error(`post ${post.id} has no content`);
  return {
    id: post.id,
    kind: post.kind,
    category: post.category,
    ...(post.section ? { section: post.section } : {}),
    title: post.content.title,
    description: post.content.description,
    location: post.content.publicLocation,
    authorName: post.content.author.name,
    createdAt: post.publishedAt ?? post.createdAt,
    expiresAt: post.expiresAt,
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
}

export function toAuthorPost(post: PostRecord, now: Date): AuthorPost {
  if (!post.content) throw new Error(`post ${post.id} has no content`);
  return {
    id: post.id,
    kind: post.kind,
    category: post.category,
    ...(post.section ? { section: post.section } : {}),
    status: effectiveStatus(post, now),
    ...(post.closedReason ? { closedReason: post.closedReason } : {}),
    title: post.content.title,
    description: post.content.description,
    location: post.content.location,
    publicLocation: post.content.publicLocation,
    author: post.content.author,
    createdAt: post.createdAt,
    updatedAt: post.updatedAt,
    expiresAt: post.expiresAt,
  };
}
