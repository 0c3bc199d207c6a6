import { mutateVersioned, type Clock } from '../shared/index.js';
import type { TenantConfig } from '../tenant/index.js';
import type { PostStore } from './ports.js';
import type { PostRecord } from './post-record.js';

/** A change to a stored post: gets the post as read and the time, returns the post to write. */
export type PostChange = (post: PostRecord, now: Date) => PostRecord;

/**
 * Reads a post, applies a change, writes it if nobody wrote in between (`mutateVersioned`). A post
 * that is missing, deleted or erased is not found. The one read-change-write of posts, for
 * residents' and staff's use cases alike.
 */
export function mutatePost(
  deps: { tenant: Pick<TenantConfig, 'id'>; store: PostStore; clock: Clock },
  postId: string,
  change: PostChange,
): Promise<PostRecord> {
  return mutateVersioned({ store: deps.store, tenantId: deps.tenant.id, id: postId, clock: deps.clock, what: 'Post' }, change);
}
