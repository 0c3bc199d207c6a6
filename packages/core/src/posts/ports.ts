import type { Page } from '../shared/index.js';
import type { PostRecord } from './post-record.js';

/** Storage of one tenant's posts. Implemented by the DynamoDB adapter and by test fakes. */
export interface PostStore {
  /** Fails if a post with that id exists. */
  insert(post: PostRecord): Promise<void>;
  get(tenantId: string, postId: string): Promise<PostRecord | undefined>;
  /** Writes `post` if the stored version is still `expectedVersion`, else throws ConcurrentUpdateError. */
  replace(post: PostRecord, expectedVersion: number): Promise<void>;
  /** Writes the post's derived index entries again, as they should be (idempotent): a repair. */
  reindex(post: PostRecord): Promise<void>;
  /** Published posts not expired at `now`, newest first. A bad cursor throws an invalid_input DomainError. */
  listPublished(tenantId: string, query: { limit: number; cursor?: string; section?: string; now: Date }): Promise<Page<PostRecord>>;
  /**
   * Published posts expiring from `from` to `to`, soonest first (the "still needed?" job): read by
   * their expiry, never through the newest-first list. `nextCursor` continues the same range.
   */
  listExpiring(tenantId: string, query: { from: Date; to: Date; limit: number; cursor?: string }): Promise<Page<PostRecord>>;
}

/** Told when a post becomes public for the first time, and again by a repair: must be idempotent. */
export interface PublicationListener {
  postPublished(post: PostRecord): Promise<unknown>;
}

/**
 * Told before a post's personal data is erased, and once more after it (what arrived in between):
 * erases what other contexts keep about the post (the relay's conversations: the contacts' names and
 * addresses). Must be idempotent: a deletion that failed halfway is finished by the next one.
 */
export interface PostErasureListener {
  postErasing(post: PostRecord): Promise<unknown>;
}
