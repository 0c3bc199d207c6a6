import { automaticMailReason, relayService, type InboundMessage, type InboundOutcome, type RelayDeps } from '@entraide/core';
import PostalMime from 'postal-mime';
import type { SESEvent } from 'aws-lambda';
import { eventHandler, type Logger } from '../shared/logger.js';
import { repairDecodedText } from './charsets.js';

/** Beyond this a mail is not relayed at all (SES accepts up to 40 MB; the relay passes text only). */
export const maxInboundBytes = 10 * 1024 * 1024;

type Email = Awaited<ReturnType<typeof PostalMime.parse>>;
type Address = NonNullable<Email['to']>[number];
const flatten = (addresses: Address[] | undefined): { name: string; address: string }[] =>
  (addresses ?? []).flatMap((entry) =>
    entry.group ? entry.group : entry.address !== undefined ? [{ name: entry.name, address: entry.address }] : [],
  );

const header = (email: Email, name: string): string | undefined => email.headers.find((entry) => entry.key === name)?.value;

/** RFC 822 bytes → what the relay needs: sender, alias recipients, subject, text, how many files. */
export async function parseRawMail(raw: Buffer): Promise<InboundMessage> {
  const email = await PostalMime.parse(raw, { maxNestingDepth: 20, maxHeadersSize: 256 * 1024 });
  const from = flatten(email.from ? [email.from] : [])[0];
  const recipients = [...flatten(email.to), ...flatten(email.cc)].map((entry) => entry.address);
  if (email.deliveredTo) recipients.push(email.deliveredTo);
  const spamVerdict = header(email, 'x-ses-spam-verdict');
  const virusVerdict = header(email, 'x-ses-virus-verdict');
  const subject = repairDecodedText(email.subject ?? '');
  const automatic = automaticMailReason(email.headers, subject, from?.address ?? '');
  return {
    from: from?.address ?? '',
    ...(from?.name ? { fromName: repairDecodedText(from.name) } : {}),
    recipients,
    subject,
    ...(email.text !== undefined ? { text: repairDecodedText(email.text) } : {}),
    ...(email.html !== undefined ? { html: repairDecodedText(email.html) } : {}),
    // Inline images referenced by the HTML are files too: none is relayed.
    attachmentCount: email.attachments.length,
    ...(spamVerdict ? { spamVerdict } : {}),
    ...(virusVerdict ? { virusVerdict } : {}),
    ...(automatic ? { automatic } : {}),
  };
}

/** What SES knew beyond the headers: the envelope recipients and its verdicts (locally, the route's query). */
export type InboundEnvelope = Partial<
  Pick<InboundMessage, 'recipients' | 'spamVerdict' | 'virusVerdict' | 'spfVerdict' | 'dkimVerdict' | 'dmarcVerdict'>
>;

export type InboundResult = InboundOutcome | { delivered: 0; dropped: ['too_large' | 'unparsable'] };

/**
 * The one inbound path: raw bytes in, relayed mail out. The S3-triggered function calls it with
 * the object SES stored; the local runtime's `POST /_local/inbound-email` calls it with the body.
 */
export function inboundMailProcessor(deps: RelayDeps & { logger: Logger }) {
  const relay = relayService(deps);
  /** `envelope`: what SES knew beyond the headers (recipients, verdicts). */
  return async (raw: Buffer | 'too_large', envelope: InboundEnvelope = {}): Promise<InboundResult> => {
    if (raw === 'too_large' || raw.length > maxInboundBytes) return { delivered: 0, dropped: ['too_large'] };
    let message: InboundMessage;
    try {
      message = await parseRawMail(raw);
    } catch (error) {
      deps.logger.warn('inbound mail does not parse', { error: (error as Error).message });
      return { delivered: 0, dropped: ['unparsable'] };
    }
    const outcome = await relay.receive({
      ...message,
      recipients: [...message.recipients, ...(envelope.recipients ?? [])],
      // SES's own verdicts win over headers a sender could have written; SPF, DKIM and DMARC come from it alone.
      ...(envelope.spamVerdict ? { spamVerdict: envelope.spamVerdict } : {}),
      ...(envelope.virusVerdict ? { virusVerdict: envelope.virusVerdict } : {}),
      ...(envelope.spfVerdict ? { spfVerdict: envelope.spfVerdict } : {}),
      ...(envelope.dkimVerdict ? { dkimVerdict: envelope.dkimVerdict } : {}),
      ...(envelope.dmarcVerdict ? { dmarcVerdict: envelope.dmarcVerdict } : {}),
    });
    // Counts and reasons only: never an address or a word of the mail in the logs.
    deps.logger.info('inbound mail handled', { delivered: outcome.delivered, dropped: outcome.dropped });
    return outcome;
  };
}

export interface RawMailSource {
  /** The raw mail SES stored (`<prefix><SES message id>`); `too_large` beyond the cap. */
  read(messageId: string): Promise<Buffer | 'too_large'>;
  /** Raw mails are personal data: each is removed once handled (the bucket's lifecycle is the backstop). */
  remove(messageId: string): Promise<void>;
}

/**
 * The tenant's receipt rule: an S3 action stores the mail, then a Lambda action (asynchronous)
 * calls this with the receipt. It reads what S3 holds, adds SES's envelope recipients and
 * verdicts (a Bcc'd alias is found too), and runs the one inbound path.
 */
export function sesInboundHandler(options: {
  process: ReturnType<typeof inboundMailProcessor>;
  source: RawMailSource;
  logger: Logger;
  tenantId: string;
}) {
  return eventHandler(options, async (event: SESEvent): Promise<void> => {
    for (const record of event.Records) {
      const { mail, receipt } = record.ses;
      await options.process(await options.source.read(mail.messageId), {
        recipients: receipt.recipients,
        spamVerdict: receipt.spamVerdict?.status,
        virusVerdict: receipt.virusVerdict?.status,
        spfVerdict: receipt.spfVerdict?.status,
        dkimVerdict: receipt.dkimVerdict?.status,
        dmarcVerdict: receipt.dmarcVerdict?.status,
      });
      await options.source.remove(mail.messageId);
    }
  });
}
