import type { DropReason, FollowUpAnswer } from './relay-records.js';

/**
 * The relay's counter names (per tenant and day), as the staff side's `counterNames` (stats.ts)
 * spells the shared ones: `connections`, `followup.<answer>`, `mail.bounced`.
 */
export const relayCounters = {
  connections: 'connections',
  contactMessages: 'relay.contact_messages',
  relayedMessages: 'relay.messages',
  relayDropped: 'relay.dropped',
  relayDroppedBecause: (reason: DropReason) => `relay.dropped.${reason}`,
  honeypot: 'relay.honeypot',
  /** Replies relayed with a warning: SES's spam verdict was FAIL. */
  suspect: 'relay.suspect',
  /** "Away" notices sent for automatic replies (at most one per conversation, party and day). */
  awayNotices: 'relay.away_notices',
  followUpsSent: 'followup.sent',
  followUp: { yes: 'followup.yes', no: 'followup.no', in_touch: 'followup.in_touch' } satisfies Record<FollowUpAnswer, string>,
  conversationReports: 'relay.reports',
  /** Messages staff wrote to a post's author from its record. */
  staffMessages: 'relay.staff_messages',
  conversationsClosed: 'relay.closed',
  bounces: 'mail.bounced',
  complaints: 'mail.complained',
} as const;
