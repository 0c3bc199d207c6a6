import type { Mailer } from '../mail/index.js';
import type { PostRecord, PostStore } from '../posts/index.js';
import type { Clock, Page, RandomSource, RateLimiter } from '../shared/index.js';
import type { ActivityCounter } from '../stats/index.js';
import type { TenantConfig } from '../tenant/index.js';
import type {
  AliasRecord,
  Conversation,
  ConversationFlagger,
  ConversationReport,
  FollowUpAnswer,
  FollowUpRecord,
  RelayParty,
} from './relay-records.js';

/** The relay's items in the tenant's table (key layout: docs/contact-relay.md). */
export interface RelayStore {
  /** Stores the aliases, then the conversation unless one exists for that post and resident: answers the one stored. */
  openConversation(conversation: Conversation, retainUntil: Date): Promise<{ conversation: Conversation; created: boolean }>;
  getConversation(tenantId: string, postId: string, residentKey: string): Promise<Conversation | undefined>;
  getAlias(tenantId: string, token: string): Promise<AliasRecord | undefined>;
  /** Schedules the post's follow-up unless one exists: one question per post, after its first connection. */
  scheduleFollowUp(followUp: FollowUpRecord): Promise<boolean>;
  /** Follow-ups due at `now` and not sent yet, oldest first. */
  dueFollowUps(tenantId: string, now: Date, limit: number): Promise<FollowUpRecord[]>;
  /** Marks it sent with the answer token's hash, unless it already was (answers false then). */
  markFollowUpSent(tenantId: string, postId: string, tokenHash: string, now: Date): Promise<boolean>;
  getFollowUp(tenantId: string, postId: string): Promise<FollowUpRecord | undefined>;
  /** Records the answer unless one is recorded: answers false when the post was answered already. */
  answerFollowUp(tenantId: string, postId: string, answer: FollowUpAnswer, now: Date): Promise<boolean>;
  /**
   * Records staff's answer for the author (`answeredBy: staff`) unless one is recorded, whether or
   * not the question was due or sent: the follow-up is created if need be and leaves the due list
   * in the same write, so it is never mailed after. Answers false when the post was answered already.
   */
  answerFollowUpForAuthor(tenantId: string, postId: string, answer: FollowUpAnswer, now: Date): Promise<boolean>;
  /**
   * Flags a conversation to staff: "report this message" by a party (`flaggedBy` its party, by
   * default), or `spoofing`, a reply the relay refused for its SES verdicts. Answers false when
   * that flag was already there.
   */
  flagConversation(alias: AliasRecord, now: Date, flaggedBy?: ConversationFlagger): Promise<boolean>;
  /** Every conversation about a post (to erase them with it). */
  conversationsOf(tenantId: string, postId: string): Promise<Conversation[]>;
  /** Deletes the conversation's aliases and reports, then the conversation: nothing of its resident stays. Idempotent. */
  eraseConversation(conversation: Conversation): Promise<void>;
  /** The reports staff have not dealt with yet, newest first (gsi1 `FLAGGED_CONVERSATIONS`). */
  listReportedConversations(tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<ConversationReport>>;
  /** Marks the conversation closed unless it is (answers false then, or when there is none). */
  closeConversation(tenantId: string, postId: string, residentKey: string, closed: { at: string; by: string }): Promise<boolean>;
  /** Takes the conversation's reports off the staff's list (they stay with the post); nothing to take off is fine. */
  unlistReports(tenantId: string, postId: string, residentKey: string): Promise<void>;
  /**
   * Adds a Message-ID that `party` received to the conversation (the last `maxReferences` kept),
   * by a versioned conditional write; already there, or no conversation (erased): nothing changes.
   */
  recordMessageId(tenantId: string, postId: string, residentKey: string, party: RelayParty, messageId: string): Promise<void>;
}

/**
 * Who may write to a post's author, beyond the relay's own rules: a section's audience may restrict
 * it (offers for health workers). Asked before a first message is relayed; wired by the edge.
 */
export interface ContactPolicy {
  /** Throws a DomainError (403) when `senderEmail` may not write about `post`; else how the author is told who writes. */
  senderFor(post: PostRecord, senderEmail: string): Promise<{ recognisedHealthWorker: boolean }>;
}

/** What the relay's services are built from: its store, the posts, mail, time, randomness, limits and counters. */
export interface RelayDeps {
  tenant: TenantConfig;
  store: PostStore;
  relayStore: RelayStore;
  /** Day counters (the staff side's StatsStore satisfies it); figures, so a fault there never fails a message. */
  stats?: ActivityCounter;
  mailer: Mailer;
  clock: Clock;
  random: RandomSource;
  rateLimiter: RateLimiter;
  siteUrl: string;
  /** Aliases live at `<token>@<tenant>.<relayDomain>`: an SES receipt rule per tenant subdomain routes them. */
  relayDomain: string;
  /** Who may write to whom beyond the relay's rules (health workers' offers); none: anyone may. */
  contactPolicy?: ContactPolicy;
}
