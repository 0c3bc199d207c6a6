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

/** Personal data has an end: DynamoDB may drop a post this long after it expires. */
export const retentionAfterExpiryDays = 90;

export const purgeAtEpochSeconds = (post: Pick<PostRecord, 'expiresAt'>): number =>
  Math.floor(Date.parse(post.expiresAt) / 1000) + retentionAfterExpiryDays * 24 * 60 * 60;
