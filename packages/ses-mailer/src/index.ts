import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { headerSafe, type Mailer, type OutgoingMail } from '@entraide/core';

export interface SesMailerOptions {
  /** `Name <address>` of the platform's verified identity. */
  from: string;
  configurationSetName?: string;
  /** Tags every mail with its tenant (and post and purpose): SES bounce and complaint events carry them back. */
  tenantId?: string;
}

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

const tagValue = (value: string): string => value.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 256);

/** The mailer port on SES v2. */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly options: SesMailerOptions,
  ) {}

  async send(mail: OutgoingMail): Promise<void> {
    await this.client.send(
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
            // RFC 3834: every mail the platform writes itself says so, so that no auto-responder answers it.
            // Only a person's words passed on by the relay go without.
            ...(mail.purpose === 'relay' ? {} : { Headers: [{ Name: 'Auto-Submitted', Value: 'auto-generated' }] }),
          },
        },
      }),
    );
  }
}
