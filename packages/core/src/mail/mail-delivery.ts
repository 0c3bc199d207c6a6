import * as z from 'zod/mini';
import { type Clock, hashSecret } from '../shared/index.js';
import type { MailTransport, OutgoingMail, SentMail } from './ports.js';

/**
 * Outgoing mail that is never lost: every `Mailer.send` of the platform hands a `QueuedMail` to
 * the tenant's one sender function (an asynchronous Invoke in AWS, its local stand-in on one
 * machine), which delivers it with `deliverQueuedMail`: suppressed addresses get nothing, a mail
 * delivered twice is sent once (a ledger keyed on `mailId`), throttling is retried with backoff,
 * and what still fails is retried later (then put in the dead-letter queue).
 */
export interface QueuedMail {
  /** The idempotency key: the mail's own `idempotencyKey`, or a random id drawn at enqueue. */
  mailId: string;
  tenantId: string;
  enqueuedAt: string;
  mail: OutgoingMail;
}

/** A Message-ID as a header holds it: `<left@right>`, printable ASCII, no space. */
export const messageIdPattern = /^<[!-;=?-~]{1,200}@[!-;=?-~]{1,200}>$/;
const messageIdSchema = z.string().check(z.regex(messageIdPattern));
/** Enough for any client to thread: the ids a recipient received last. */
export const maxReferences = 10;

const maxLength = (length: number) => z.string().check(z.maxLength(length));

// On zod/mini: the mail sender and the SES events function need no other schema, and load ~15 KB
// of zod at init instead of ~95 (docs/performance.md). Only the failing fields' paths are used.
const mailSchema = z.strictObject({
  to: z.email(),
  subject: maxLength(998),
  text: z.string(),
  html: z.string(),
  replyTo: z.optional(z.email()),
  fromName: z.optional(maxLength(200)),
  idempotencyKey: z.optional(maxLength(200)),
  postId: z.optional(maxLength(64)),
  purpose: z.optional(z.enum(['verification', 'relay', 'relay_notice', 'follow_up', 'reminder', 'digest', 'staff'])),
  inReplyTo: z.optional(messageIdSchema),
  references: z.optional(z.array(messageIdSchema).check(z.maxLength(maxReferences))),
  threadKey: z.optional(maxLength(200)),
  listUnsubscribe: z.optional(z.url({ protocol: /^https?$/ }).check(z.maxLength(800))),
});

export const queuedMailSchema = z.strictObject({
  mailId: z.string().check(z.minLength(1), z.maxLength(200)),
  tenantId: z.string().check(z.minLength(1), z.maxLength(40)),
  enqueuedAt: z.iso.datetime(),
  mail: mailSchema,
});

/** The queue message for a mail; its id is what makes a second delivery a no-op. */
export function toQueuedMail(tenantId: string, mail: OutgoingMail, now: Date, randomId: () => string): QueuedMail {
  return { mailId: mail.idempotencyKey ?? randomId(), tenantId, enqueuedAt: now.toISOString(), mail };
}

/** A payload that is not one of ours (or no longer parses) is a poison message: it ends in the dead-letter queue. */
export class PoisonMessageError extends Error {
  constructor(reason: string) {
    super(`poison message: ${reason}`);
    this.name = 'PoisonMessageError';
  }
}

/** A queued mail from its JSON text or from the value Lambda decoded (an asynchronous Invoke's payload). */
export function parseQueuedMail(payload: unknown): QueuedMail {
  let json = payload;
  if (typeof payload === 'string') {
    try {
      json = JSON.parse(payload);
    } catch {
      throw new PoisonMessageError('not JSON');
    }
  }
  const parsed = queuedMailSchema.safeParse(json);
  if (!parsed.success) throw new PoisonMessageError(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', '));
  return parsed.data as QueuedMail;
}

/** What the sender keeps in the tenant's table: sent markers and the suppression list. */
export interface MailLedger {
  /**
   * Takes the right to send `mailId`: `claimed` (send it), `sent` (already sent: do nothing),
   * `busy` (another invocation holds an unexpired claim: try again later).
   */
  claim(mailId: string, now: Date, leaseSeconds: number): Promise<'claimed' | 'sent' | 'busy'>;
  /** Marks it sent, with the Message-ID its recipient got (to hand it back again on a redelivery). */
  markSent(mailId: string, now: Date, messageId?: string): Promise<void>;
  /** The Message-ID recorded with a sent marker, if any. */
  sentMessageId(mailId: string): Promise<string | undefined>;
  /** Gives a claim back after a failed send, so a redelivery may try again at once. */
  release(mailId: string): Promise<void>;
  isSuppressed(email: string): Promise<boolean>;
  /** Records that `email` bounced or complained; answers false when it already was. */
  suppress(email: string, reason: SuppressionReason, now: Date): Promise<boolean>;
  /** Flags a post to staff: mail about it could not be delivered to its author (key: docs/contact-relay.md). */
  flagUndeliverable(postId: string, reason: SuppressionReason, now: Date): Promise<void>;
}

export type SuppressionReason = 'bounce' | 'complaint';

/** The key of an address in the suppression list: never the address in clear. */
export const addressKey = (email: string): string => hashSecret(email.trim().toLowerCase()).slice(0, 40);

export interface DeliveryDeps {
  ledger: MailLedger;
  /** The real transport (SES). */
  transport: MailTransport;
  /**
   * Told the Message-ID the recipient received, for a mail with a `threadKey`: after the sent
   * marker is written, and again on a redelivery of a mail already sent (so a failure here is
   * repaired by the queue's next delivery, without sending the mail twice). Must be idempotent.
   */
  sent?(threadKey: string, messageId: string): Promise<void>;
  clock: Clock;
  /** Throttling and transient faults: worth retrying now. Anything else fails the message at once. */
  isTransient(error: unknown): boolean;
  sleep(ms: number): Promise<void>;
  /** Attempts per delivery before the message goes back to the queue. */
  maxAttempts?: number;
  baseDelayMs?: number;
}

export type DeliveryOutcome = 'sent' | 'duplicate' | 'suppressed';

/** Sends one queued mail at most once. Throws when the queue should deliver it again later. */
export async function deliverQueuedMail(deps: DeliveryDeps, queued: QueuedMail): Promise<DeliveryOutcome> {
  if (await deps.ledger.isSuppressed(queued.mail.to)) return 'suppressed';
  const claim = await deps.ledger.claim(queued.mailId, deps.clock.now(), 120);
  const { threadKey } = queued.mail;
  if (claim === 'sent') {
    // Sent already; its Message-ID may not have reached the thread (the last attempt failed there).
    const messageId = threadKey && deps.sent ? await deps.ledger.sentMessageId(queued.mailId) : undefined;
    if (threadKey && messageId) await deps.sent!(threadKey, messageId);
    return 'duplicate';
  }
  if (claim === 'busy') throw new Error(`mail ${queued.mailId} is being sent by another invocation`);
  const maxAttempts = deps.maxAttempts ?? 4;
  const baseDelayMs = deps.baseDelayMs ?? 200;
  let accepted: SentMail;
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        accepted = await deps.transport.send(queued.mail);
        break;
      } catch (error) {
        if (!deps.isTransient(error) || attempt >= maxAttempts) throw error;
        // Exponential backoff with full jitter, so throttled senders do not retry in step.
        await deps.sleep(Math.round(baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2)));
      }
    }
  } catch (error) {
    await deps.ledger.release(queued.mailId);
    throw error;
  }
  await deps.ledger.markSent(queued.mailId, deps.clock.now(), accepted.messageId);
  if (threadKey && deps.sent) await deps.sent(threadKey, accepted.messageId);
  return 'sent';
}

/** What SES publishes (configuration set event destination → SNS) about a sent mail, reduced to what matters here. */
export interface MailEvent {
  kind: SuppressionReason;
  addresses: string[];
  tenantId?: string;
  postId?: string;
}

const recipients = z.array(z.object({ emailAddress: z.string() }));
const sesEventSchema = z.object({
  eventType: z.optional(z.string()),
  notificationType: z.optional(z.string()),
  bounce: z.optional(z.object({ bounceType: z.string(), bouncedRecipients: recipients })),
  complaint: z.optional(z.object({ complainedRecipients: recipients })),
  mail: z.optional(z.object({ tags: z.optional(z.record(z.string(), z.array(z.string()))) })),
});

/**
 * An SES event (bounce or complaint) as SNS carries it. Only permanent bounces count: a full
 * mailbox or a greylisting server (transient) may take mail again tomorrow.
 */
export function parseMailEvent(message: string): MailEvent | undefined {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return undefined;
  }
  const parsed = sesEventSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const event = parsed.data;
  const type = event.eventType ?? event.notificationType;
  const tags = event.mail?.tags ?? {};
  const context = { ...(tags.tenant?.[0] ? { tenantId: tags.tenant[0] } : {}), ...(tags.post?.[0] ? { postId: tags.post[0] } : {}) };
  if (type === 'Bounce' && event.bounce?.bounceType === 'Permanent') {
    return { kind: 'bounce', addresses: event.bounce.bouncedRecipients.map((recipient) => recipient.emailAddress), ...context };
  }
  if (type === 'Complaint' && event.complaint) {
    return { kind: 'complaint', addresses: event.complaint.complainedRecipients.map((recipient) => recipient.emailAddress), ...context };
  }
  return undefined;
}

/** Suppresses the addresses of a bounce or complaint, and flags the post the mail was about. */
export async function recordMailEvent(deps: { ledger: MailLedger; clock: Clock }, event: MailEvent): Promise<{ suppressed: number }> {
  let suppressed = 0;
  for (const address of event.addresses) {
    if (await deps.ledger.suppress(address, event.kind, deps.clock.now())) suppressed++;
  }
  if (event.postId) await deps.ledger.flagUndeliverable(event.postId, event.kind, deps.clock.now());
  return { suppressed };
}
