import type { CampaignEvent, VolunteerRecord } from './campaign-record.js';

/**
 * Storage of a tenant's campaigns: per campaign, one counter item (the stock and the figures, and
 * the events written there but not yet in their volunteer's history), the volunteers, and each
 * volunteer's events. No transaction: an event is recorded in three single-item writes, each one
 * idempotent, so a failure between two of them is repaired by doing the rest again
 * (`pendingEvents`, then `putEvent` and `settle`).
 */
export interface CampaignStore {
  /**
   * One conditional write on the campaign's counter item: adds `counts` and notes the event as
   * pending there. False (nothing written) when the stock is below `inStockAtLeast` or the event
   * was already counted.
   */
  countEvent(event: CampaignEvent, counts: Record<string, number>, guard: { inStockAtLeast?: number }): Promise<boolean>;
  /** Writes the event into its history (its volunteer's, or the campaign's for a delivery): idempotent. */
  putEvent(event: CampaignEvent): Promise<void>;
  /** Drops the event's pending note from the counter item, once its history has it: idempotent. */
  settle(event: CampaignEvent): Promise<void>;
  /** The counter item: every counter, and the events still pending there (counted, maybe not in their history). */
  readCounters(tenantId: string, campaignId: string): Promise<{ counters: Record<string, number>; pending: CampaignEvent[] }>;
  /** A volunteer's events, oldest first. */
  volunteerEvents(tenantId: string, campaignId: string, volunteerId: string): Promise<CampaignEvent[]>;
  /** Every event of a campaign, oldest first. */
  campaignEvents(tenantId: string, campaignId: string): Promise<CampaignEvent[]>;

  /** Fails if a volunteer with that id exists. */
  insertVolunteer(volunteer: VolunteerRecord): Promise<void>;
  /** Undefined for an id of another campaign or tenant. */
  getVolunteer(tenantId: string, campaignId: string, volunteerId: string): Promise<VolunteerRecord | undefined>;
  /** Writes the volunteer if its status is still `expectedStatus`, else throws ConcurrentUpdateError. */
  replaceVolunteer(volunteer: VolunteerRecord, expectedStatus: VolunteerRecord['status']): Promise<void>;
  /** A campaign's volunteers, in sign-up order. */
  listVolunteers(tenantId: string, campaignId: string): Promise<VolunteerRecord[]>;
}
