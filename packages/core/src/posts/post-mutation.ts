import { ConcurrentUpdateError, notFound, type Clock } from '../shared/index.js';
import type { TenantConfig } from '../tenant/index.js';
import type { PostStore } from './ports.js';
import type { PostRecord } from './post-record.js';

/** A change to a stored post: gets the post as read and the time, returns the post to write. */
export type PostChange = (post: PostRecord, now: Date) => PostRecord;

/** How many times a change is tried again after someone else wrote the post in between. */
const retriesOnConflict = 2;

/**
 * Reads a post, applies a change, writes it if nobody wrote in between (the version is the
 * condition), and tries again a few times if someone did. A post that is missing, deleted or erased
 * is not found. The one read-change-write of posts, for residents' and staff's use cases alike.
 */
export async function mutatePost(
  deps: { tenant: Pick<TenantConfig, 'id'>; store: PostStore; clock: Clock },
  postId: string,
  change: PostChange,
): Promise<PostRecord> {
  for (let attempt = 0; ; attempt++) {
    const post = await deps.store.get(deps.tenant.id, postId);
    if (!post || post.status === 'deleted' || !post.content) throw notFound('Post');
    const now = deps.clock.now();
    const changed = { ...change(post, now), updatedAt: now.toISOString(), version: post.version + 1 };
    try {
      await deps.store.replace(changed, post.version);
      return changed;
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= retriesOnConflict) throw error;
    }
  }
}
