/** What the relay keeps: conversations, aliases, follow-ups, and what arrives at an alias. */

/** Who an alias is bound to: only mail from that party's address is relayed through it. */
export type RelayParty = 'author' | 'resident';

/** Who flagged a conversation to staff: a party ("report this message"), or `spoofing` (a reply refused for SES's verdicts). */
export const conversationFlaggers = ['author', 'resident', 'spoofing'] as const;
export type ConversationFlagger = (typeof conversationFlaggers)[number];

/**
 * One resident in touch with one post's author. The conversation holds the resident's address
 * (the author's stays on the post: deleting the post erases it, and kills every alias with it).
 */
export interface Conversation {
  tenantId: string;
  postId: string;
  /** sha256 of the resident's address (lowercased), truncated: the conversation's key within the post. */
  residentKey: string;
  resident: { name: string; email: string };
  /** The alias bound to the author: the author writes to it to reach the resident. */
  authorAlias: string;
  /** The alias bound to the resident: the resident writes to it to reach the author. */
  residentAlias: string;
  createdAt: string;
  /**
   * Staff wrote to the author from the post's record: the "resident" party is the team's mailbox
   * (`staffMailboxOf`). It relays while the post exists, whatever its status (staff write about a
   * hidden post too), counts no connection and asks no follow-up.
   */
  withStaff?: true;
  /** Closed by staff (a reported conversation): neither alias relays any more, the contact form refuses it. */
  closedAt?: string;
  /** The staff address that closed it. */
  closedBy?: string;
  /** Per party, the Message-IDs it received from the relay, oldest first (the last few): relay-threads.ts. */
  messageIds?: Partial<Record<RelayParty, string[]>>;
  /** Counts the changes of `messageIds`: each is a conditional write on it. */
  threadVersion?: number;
}

/** A party's report of a conversation ("report this message"), as staff list them. */
export interface ConversationReport {
  postId: string;
  residentKey: string;
  reportedBy: ConversationFlagger;
  at: string;
}

export interface AliasRecord {
  tenantId: string;
  token: string;
  postId: string;
  residentKey: string;
  party: RelayParty;
}

export type FollowUpAnswer = 'yes' | 'no' | 'in_touch';

export interface FollowUpRecord {
  tenantId: string;
  postId: string;
  dueAt: string;
  sentAt?: string;
  tokenHash?: string;
  answer?: FollowUpAnswer;
  answeredAt?: string;
  /** `staff`: answered by staff for an author without internet (the question is then never mailed). */
  answeredBy?: 'staff';
}

/** What arrived at an alias, already parsed from MIME (functions/inbound-mail). */
export interface InboundMessage {
  /** The `From:` address; the envelope sender is not kept by SES in the stored mail. */
  from: string;
  fromName?: string;
  /** Every address in To and Cc. */
  recipients: string[];
  subject: string;
  text?: string;
  html?: string;
  attachmentCount: number;
  /** SES's verdicts (X-SES-Spam-Verdict, X-SES-Virus-Verdict), when it stored them. */
  spamVerdict?: string;
  virusVerdict?: string;
  /** SES's sender checks, from its receipt only (a header could be written by anyone): PASS, FAIL, GRAY… */
  spfVerdict?: string;
  dkimVerdict?: string;
  dmarcVerdict?: string;
  /** Why no person wrote it (an out-of-office reply, an auto-responder, a delivery report): see auto-replies.ts. */
  automatic?: string;
}

export type DropReason =
  | 'no_such_alias'
  | 'not_bound_party'
  | 'conversation_cap'
  | 'spam_or_virus'
  | 'no_alias_recipient'
  /** DMARC FAIL, or SPF and DKIM both FAIL: the From address is not the sender's. */
  | 'spoofed'
  /** An out-of-office reply, an auto-responder, a delivery report: not a message from the person. */
  | 'auto_reply';

export interface InboundOutcome {
  delivered: number;
  dropped: DropReason[];
}
