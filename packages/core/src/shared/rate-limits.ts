import { RateLimitedError } from './errors.js';
import type { RateLimiter } from './ports.js';
import { hashSecret } from './random.js';

/** One limit: at most `max` events per `windowSeconds` for one subject (an IP, an email, a post). */
export interface RateLimitCheck {
  /** What is limited and for whom, e.g. `post:ip:192.0.2.1`. Hashed before it is stored. */
  subject: string;
  max: number;
  windowSeconds: number;
}

/**
 * Counts one event against each limit; refuses with a 429 (and when to come back) as soon as one
 * is exceeded. Subjects are hashed: the counters never hold an address or an email in clear.
 * Call it after everything that refuses a request for what it is (404, 403, 400): those must
 * not cost the caller anything.
 */
export async function enforceRateLimits(limiter: RateLimiter, checks: RateLimitCheck[], now: Date): Promise<void> {
  for (const check of checks) {
    const outcome = await limiter.consume(hashSecret(check.subject).slice(0, 32), check.max, check.windowSeconds, now);
    if (!outcome.allowed) throw new RateLimitedError(outcome.retryAfterSeconds);
  }
}
