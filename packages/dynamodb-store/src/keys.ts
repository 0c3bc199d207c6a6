import type { PostRecord } from '@entraide/core';

/** Every key of a tenant's items starts with this, so a pooled table can lock a tenant to its keys. */
export const tenantKeyPrefix = (tenantId: string): string => `T#${tenantId}#`;

export const postKeys = (tenantId: string, postId: string) => ({
  pk: `${tenantKeyPrefix(tenantId)}POST#${postId}`,
  sk: 'POST',
});

/** gsi1: a tenant's published posts, sorted by publication time then id (ties broken stably). */
export const publishedIndexKeys = (post: Pick<PostRecord, 'tenantId' | 'id' | 'publishedAt' | 'createdAt'>) => ({
  gsi1pk: `${tenantKeyPrefix(post.tenantId)}PUBLISHED`,
  gsi1sk: `${post.publishedAt || post.createdAt}#${post.id}`,
});

/** gsi2: a tenant's published posts of one section, in gsi1's order (only a published post with a section has them). */
export const sectionListKey = (tenantId: string, section: string): string => `${tenantKeyPrefix(tenantId)}SECTION#${section}`;
export const sectionIndexKeys = (post: Pick<PostRecord, 'tenantId' | 'id' | 'status' | 'section' | 'publishedAt' | 'createdAt'>) =>
  post.status === 'published' && post.section
    ? { gsi2pk: sectionListKey(post.tenantId, post.section), gsi2sk: publishedIndexKeys(post).gsi1sk }
    : {};

/**
 * gsi1 for every other status, so staff lists are queries: `MODERATION` holds what awaits a staff
 * decision (pending_moderation, hidden), oldest first; each remaining status its own list. Sorted by
 * creation time then id.
 */
export const statusListName = (status: PostRecord['status']): string =>
  status === 'published' ? 'PUBLISHED' : status === 'pending_moderation' || status === 'hidden' ? 'MODERATION' : `STATUS#${status}`;

export const statusIndexKeys = (post: Pick<PostRecord, 'tenantId' | 'id' | 'status' | 'publishedAt' | 'createdAt'>) =>
  post.status === 'published'
    ? publishedIndexKeys(post)
    : { gsi1pk: `${tenantKeyPrefix(post.tenantId)}${statusListName(post.status)}`, gsi1sk: `${post.createdAt}#${post.id}` };

/** Every status list, to read a tenant's posts of a period without a scan. */
export const allStatusLists: string[] = ['PUBLISHED', 'MODERATION', ...(['pending_verification', 'rejected', 'closed', 'deleted'] as const).map(statusListName)];

/** Personal data has an end: DynamoDB may drop a post this long after it expires. */
export const retentionAfterExpiryDays = 90;

export const purgeAtEpochSeconds = (post: Pick<PostRecord, 'expiresAt'>): number =>
  Math.floor(Date.parse(post.expiresAt) / 1000) + retentionAfterExpiryDays * 24 * 60 * 60;
