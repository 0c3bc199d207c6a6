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
  purpose?: 'verification' | 'relay' | 'relay_notice' | 'follow_up' | 'digest' | 'staff';
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}
