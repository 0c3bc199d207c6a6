import type { Mailer } from '../mail/index.js';
import type { Clock, RandomSource, RateLimiter } from '../shared/index.js';
import type { StatsStore } from '../stats/index.js';
import type { TenantConfig } from '../tenant/index.js';

/**
 * What every service of residents' entries is given (posts, alerts, listings, missions and their
 * sign-ups, campaign volunteers): each entry is verified by a mailed link, rate-limited, counted.
 * A service's own deps extend it with its stores and listeners.
 */
export interface EntryServiceDeps {
  tenant: TenantConfig;
  mailer: Mailer;
  clock: Clock;
  random: RandomSource;
  rateLimiter: RateLimiter;
  /** The public origin of the site, for links in mails. */
  siteUrl: string;
  /** The day counters behind staff figures and digests (stats' counters); without it nothing is counted. */
  stats?: StatsStore;
}
