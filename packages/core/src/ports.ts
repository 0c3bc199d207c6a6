import type { PostRecord } from './post.js';

export interface Page<T> {
  items: T[];
  /** Opaque; null on the last page. */
  nextCursor: string | null;
}

/** Storage of one tenant's posts. Implemented by the DynamoDB adapter and by test fakes. */
export interface PostStore {
  /** Fails if a post with that id exists. */
  insert(post: PostRecord): Promise<void>;
  get(tenantId: string, postId: string): Promise<PostRecord | undefined>;
  /** Writes `post` if the stored version is still `expectedVersion`, else throws ConcurrentUpdateError. */
  replace(post: PostRecord, expectedVersion: number): Promise<void>;
  /** Published posts not expired at `now`, newest first. A bad cursor throws an invalid_input DomainError. */
  listPublished(tenantId: string, query: { limit: number; cursor?: string; now: Date }): Promise<Page<PostRecord>>;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

export interface Clock {
  now(): Date;
}

/** Everything random, behind one port so tests can be exact. */
export interface RandomSource {
  /** A public identifier: unique, URL-safe. */
  id(): string;
  /** A secret: at least 128 bits, URL-safe. */
  secret(): string;
  /** Uniform in [0, 1). */
  fraction(): number;
}

/** Fixed-window counters shared by every instance of a tenant's functions. */
export interface RateLimiter {
  /** Counts one event for `subjectKey` in the current window unless `max` is already reached. */
  consume(subjectKey: string, max: number, windowSeconds: number, now: Date): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}
