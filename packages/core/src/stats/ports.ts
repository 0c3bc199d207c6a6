/**
 * Atomic counters per tenant and day, for the figures (stats and the staff digest).
 */
export interface ActivityCounter {
  count(tenantId: string, day: string, counts: Record<string, number>): Promise<void>;
}

/**
 * Counters, kept by atomic ADDs on one item per tenant and day (in the tenant's time zone), never
 * computed by scanning. Names are documented in counters.ts (`counterNames`).
 */
export interface StatsStore extends ActivityCounter {
  /** Day items in [fromDay, toDay] (YYYY-MM-DD), oldest first; days with nothing are absent. */
  readDays(tenantId: string, fromDay: string, toDay: string): Promise<{ day: string; counts: Record<string, number> }[]>;
  /** The last digest: when, which day, and the counters of that day it already reported. */
  lastDigest(tenantId: string): Promise<{ at: string; day: string; reportedOfDay: Record<string, number> } | undefined>;
  recordDigest(tenantId: string, digest: { at: string; day: string; reportedOfDay: Record<string, number> }): Promise<void>;
}
