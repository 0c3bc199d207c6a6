import { headerSafe, type MailTransport, type OutgoingMail, type SentMail } from '@entraide/core';
import { SendEmailCommand, sesClientOf, type SdkSesClient, type SesClient } from './ses-client.js';

export { SendEmailCommand, SesHttpClient, type SdkSesClient, type SesClient, type SesHttpClientOptions } from './ses-client.js';

export interface SesMailerOptions {
  /** `Name <address>` of the platform's verified identity. */
  from: string;
  configurationSetName?: string;
  /** Tags every mail with its tenant (and post and purpose): SES bounce and complaint events carry them back. */
  tenantId?: string;
  /**
   * The domain of the Message-ID SES gives every mail (it replaces any the sender sets):
   * `<SES message id>@<region>.amazonses.com`, `email.amazonses.com` in us-east-1. By default
   * from the client's region.
   */
  messageIdDomain?: string;
}

/** The domain SES writes in the Message-ID of mail it sends from `region`. */
export const sesMessageIdDomain = (region: string): string => (region === 'us-east-1' ? 'email.amazonses.com' : `${region}.amazonses.com`);

/** RFC 2047: any display name, whatever it holds, becomes one encoded word that cannot end the header. */
const encodedWord = (text: string): string => `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;

/** `"<fromName> via <platform name>" <platform address>`: the sender's name, never their address. */
export function fromHeader(platformFrom: string, fromName: string | undefined): string {
  if (!fromName) return platformFrom;
  const match = /^\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(platformFrom);
  const platformName = match?.[1]?.replace(/^"|"$/g, '') || 'Entraide';
  const address = match?.[2] ?? platformFrom.trim();
  const name = headerSafe(fromName).slice(0, 80);
  return `${encodedWord(`${name} via ${platformName}`)} <${address}>`;
}

/** SES takes a header value of 870 characters at most: the newest ids that fit (the last is the parent). */
function newestThatFit(ids: string[], maxLength = 870): string {
  const kept: string[] = [];
  let length = -1;
  for (const id of [...ids].reverse()) {
    if (length + 1 + id.length > maxLength) break;
    kept.unshift(id);
    length += 1 + id.length;
  }
  return kept.join(' ');
}

const tagValue = (value: string): string => value.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 256);

/** The transport on SES v2: the only place in the platform that really sends. */
export class SesMailer implements MailTransport {
  private readonly client: SesClient;

  constructor(
    client: SesClient | SdkSesClient,
    private readonly options: SesMailerOptions,
  ) {
    this.client = sesClientOf(client);
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const headers = [
      // RFC 3834: every mail the platform writes itself says so, so that no auto-responder answers it.
      // Only a person's words passed on by the relay go without.
      ...(mail.purpose === 'relay' ? [] : [{ Name: 'Auto-Submitted', Value: 'auto-generated' }]),
      // Threading: SES keeps these (it replaces only Message-ID).
      ...(mail.inReplyTo ? [{ Name: 'In-Reply-To', Value: mail.inReplyTo }] : []),
      ...(mail.references?.length ? [{ Name: 'References', Value: newestThatFit(mail.references) }] : []),
      // RFC 8058: the mail program's own "unsubscribe" button, one POST.
      ...(mail.listUnsubscribe
        ? [
            { Name: 'List-Unsubscribe', Value: `<${mail.listUnsubscribe}>` },
            { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
          ]
        : []),
    ];
    const { MessageId } = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: fromHeader(this.options.from, mail.fromName),
        Destination: { ToAddresses: [mail.to] },
        ...(mail.replyTo ? { ReplyToAddresses: [mail.replyTo] } : {}),
        ...(this.options.configurationSetName ? { ConfigurationSetName: this.options.configurationSetName } : {}),
        ...(this.options.tenantId
          ? {
              EmailTags: [
                { Name: 'tenant', Value: tagValue(this.options.tenantId) },
                ...(mail.postId ? [{ Name: 'post', Value: tagValue(mail.postId) }] : []),
                ...(mail.purpose ? [{ Name: 'purpose', Value: mail.purpose }] : []),
              ],
            }
          : {}),
        Content: {
          Simple: {
            Subject: { Data: headerSafe(mail.subject), Charset: 'UTF-8' },
            Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
            ...(headers.length ? { Headers: headers } : {}),
          },
        },
      }),
    );
    if (!MessageId) throw new Error('SES accepted the mail without a MessageId');
    const domain = this.options.messageIdDomain ?? sesMessageIdDomain(await this.client.region());
    return { messageId: `<${MessageId}@${domain}>` };
  }
}
