import { maxReferences, messageIdPattern, type OutgoingMail } from '../mail/index.js';
import type { RelayStore } from './ports.js';
import type { Conversation, RelayParty } from './relay-records.js';

/**
 * Threading. SES gives every mail its own Message-ID (it replaces any the sender sets); the mail
 * sender reports it back for mails with a thread key, and the conversation keeps, per party, the
 * last ones that party received. A mail to a party then answers the last one it received
 * (`In-Reply-To`) and names the ones before (`References`): in a conversation of two, that is the
 * message being answered, so both clients thread it. A party's own Message-ID, and the headers of
 * a reply, never go to the other party: only ids the recipient itself received.
 */

/** The key of a party's thread in a conversation, as the mail sender hands it back. */
export const conversationThreadKey = (conversation: Pick<Conversation, 'postId' | 'residentKey'>, party: RelayParty): string =>
  `${conversation.postId}/${conversation.residentKey}/${party}`;

const threadKeyPattern = /^([A-Za-z0-9_-]{1,32})\/([0-9a-f]{32})\/(author|resident)$/;

/** A mail to `party` of the conversation, threaded after the last one that party received. */
export function threaded(mail: OutgoingMail, conversation: Conversation, party: RelayParty): OutgoingMail {
  const received = (conversation.messageIds?.[party] ?? []).slice(-maxReferences);
  return {
    ...mail,
    threadKey: conversationThreadKey(conversation, party),
    ...(received.length ? { inReplyTo: received.at(-1)!, references: received } : {}),
  };
}

/** The mail sender's `sent`: records the Message-ID a party received in its conversation (idempotent). */
export function threadRecorder(relayStore: RelayStore, tenantId: string) {
  return async (threadKey: string, messageId: string): Promise<void> => {
    const match = threadKeyPattern.exec(threadKey);
    if (!match || !messageIdPattern.test(messageId)) return;
    await relayStore.recordMessageId(tenantId, match[1]!, match[2]!, match[3] as RelayParty, messageId);
  };
}
