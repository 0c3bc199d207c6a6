export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
  /** Display name shown before the platform's own address (`<fromName> via Entraide`); flattened to one line. */
  fromName?: string;
  /** Sending the same key twice sends one mail (the queue's sender keeps a ledger); a random one by default. */
  idempotencyKey?: string;
  /** What the mail is about, as SES tags: a bounce then flags the post to staff. */
  postId?: string;
  /** `relay`: a person's words (the only mails without `Auto-Submitted: auto-generated`); `relay_notice`: the relay's own notice. */
  purpose?: 'verification' | 'relay' | 'relay_notice' | 'follow_up' | 'reminder' | 'digest' | 'staff';
  /** Threading (RFC 5322): the Message-ID this mail answers, and the ones before it, as its recipient received them. */
  inReplyTo?: string;
  references?: string[];
  /**
   * Opaque to the mail context: once the transport has accepted the mail, the sender hands this key
   * back with the Message-ID the recipient receives (`DeliveryDeps.sent`), so that the next mail
   * of the same thread can answer it.
   */
  threadKey?: string;
  /**
   * RFC 8058 one-click unsubscribe: an https URL that unsubscribes on one POST with the body
   * `List-Unsubscribe=One-Click` (sent as `List-Unsubscribe` and `List-Unsubscribe-Post`).
   */
  listUnsubscribe?: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/** What the real transport answers once it accepted a mail: the Message-ID its recipient receives. */
export interface SentMail {
  messageId: string;
}

/** The one transport that really sends (SES): it tells which Message-ID the recipient gets. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<SentMail>;
}
