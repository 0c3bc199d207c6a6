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
  /** Writes the post's derived index entries again, as they should be (idempotent): a repair. */
  reindex(post: PostRecord): Promise<void>;
  /** Published posts not expired at `now`, newest first. A bad cursor throws an invalid_input DomainError. */
  listPublished(tenantId: string, query: { limit: number; cursor?: string; section?: string; now: Date }): Promise<Page<PostRecord>>;
}

/** The lists staff work from: a tenant's posts by where they stand, beyond the public list. */
export interface StaffPostQueries {
  /** Posts awaiting a staff decision (`pending_moderation`, `hidden`), oldest first. */
  listForModeration(tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<PostRecord>>;
  /** Every post (any status, deleted ones without content) created in [from, to), in pages. */
  listCreatedBetween(tenantId: string, query: { from: string; to: string; limit: number; cursor?: string }): Promise<Page<PostRecord>>;
}

/** Single-use login links and the tenant's session secret. */
export interface StaffAccessStore {
  saveLoginLink(link: { tenantId: string; tokenHash: string; email: string; expiresAt: string }): Promise<void>;
  /** Removes the link and returns it: a second call with the same hash returns undefined (single use). */
  takeLoginLink(tenantId: string, tokenHash: string): Promise<{ email: string; expiresAt: string } | undefined>;
  /** The tenant's session secret: `candidate` is kept if none exists yet (conditional put), else the stored one wins. */
  sessionSecret(tenantId: string, candidate: string): Promise<string>;
}

export type StaffRole = 'staff' | 'admin';
export interface StaffSession {
  tenantId: string;
  email: string;
  role: StaffRole;
  expiresAt: Date;
}

/** Signs and checks staff sessions (a JWT, HS256, audience and issuer = the tenant). */
export interface SessionSigner {
  sign(session: StaffSession): Promise<string>;
  /** `other_tenant`: well formed, but issued for another tenant (its signature cannot be checked here). */
  verify(token: string): Promise<StaffSession | 'invalid' | 'other_tenant'>;
}

/**
 * Counters, kept by atomic ADDs on one item per tenant and day (in the tenant's time zone), never
 * computed by scanning. Names are documented in stats.ts (`counterNames`).
 */
export interface StatsStore {
  count(tenantId: string, day: string, counts: Record<string, number>): Promise<void>;
  /** Day items in [fromDay, toDay] (YYYY-MM-DD), oldest first; days with nothing are absent. */
  readDays(tenantId: string, fromDay: string, toDay: string): Promise<{ day: string; counts: Record<string, number> }[]>;
  /** The last digest: when, which day, and the counters of that day it already reported. */
  lastDigest(tenantId: string): Promise<{ at: string; day: string; reportedOfDay: Record<string, number> } | undefined>;
  recordDigest(tenantId: string, digest: { at: string; day: string; reportedOfDay: Record<string, number> }): Promise<void>;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
  /** Display name shown before the platform's own address (`<fromName> via Entraide`); flattened to one line. */
  fromName?: string;
  /** Sending the same key twice sends one mail (the queue's sender keeps a ledger); a random one by default. */
  idempotencyKey?: string;
  /** What the mail is about, as SES tags: a bounce then flags the post to staff. */
  postId?: string;
  purpose?: 'verification' | 'relay' | 'follow_up' | 'digest' | 'staff';
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
