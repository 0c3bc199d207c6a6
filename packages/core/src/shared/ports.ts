export interface Page<T> {
  items: T[];
  /** Opaque; null on the last page. */
  nextCursor: string | null;
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
  /** `count` random bytes (e.g. an alias token's 160 bits). */
  bytes(count: number): Uint8Array;
}

/** Fixed-window counters shared by every instance of a tenant's functions. */
export interface RateLimiter {
  /** Counts one event for `subjectKey` in the current window unless `max` is already reached. */
  consume(subjectKey: string, max: number, windowSeconds: number, now: Date): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}
