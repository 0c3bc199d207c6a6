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
  followUpsSent: 'followup.sent',
  followUp: { yes: 'followup.yes', no: 'followup.no', in_touch: 'followup.in_touch' } satisfies Record<FollowUpAnswer, string>,
  conversationReports: 'relay.reports',
  conversationsClosed: 'relay.closed',
  bounces: 'mail.bounced',
  complaints: 'mail.complained',
} as const;
