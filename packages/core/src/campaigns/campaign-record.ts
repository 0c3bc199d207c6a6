/**
 * What happens in a campaign, one event each: a delivery of kits into the stock, kits handed out to
 * a volunteer, items made and unused kits returned (one event), a volunteer's declaration ("I have
 * made N"). The
 * events are the record; the campaign's counters are derived from them (campaign-figures.ts).
 */
export const campaignEventKinds = ['stock_received', 'handed_out', 'returned', 'declared'] as const;
export type CampaignEventKind = (typeof campaignEventKinds)[number];

export interface CampaignEvent {
  tenantId: string;
  campaignId: string;
  /** Unique per event (RandomSource.id): what makes each write of it idempotent. */
  id: string;
  kind: CampaignEventKind;
  /** Kits delivered, handed out or returned unused; 0 for a declaration. */
  kits: number;
  /** Items returned or declared; 0 for a delivery or a hand-out. */
  items: number;
  /** Every event but a delivery into the stock is a volunteer's. */
  volunteerId?: string;
  /** Where it happened: the counter's pick-up point, or for a declaration the volunteer's. */
  pickupPoint?: string;
  at: string;
  /** The calendar day of `at` in the tenant's time zone (YYYY-MM-DD): the figures per day. */
  day: string;
}

/** A volunteer signed up to a campaign. Their address is never shown to other volunteers. */
export interface VolunteerRecord {
  tenantId: string;
  campaignId: string;
  id: string;
  status: 'pending_verification' | 'active';
  name: string;
  email: string;
  phone?: string;
  pickupPoint: string;
  /** The hash of the secret of their link (verification, then declarations). */
  tokenHash: string;
  createdAt: string;
  verifiedAt?: string;
  /** The last reminder staff sent (kits out, nothing returned). */
  remindedAt?: string;
}
