import type { OutboxMail } from '../../packages/local/src/embedded-servers.js';
import { verificationLink, type TestPlatform } from './platform.js';

/** A published post of `tenantId` by `email`, through the API and the verification mail, as its author would. */
export async function publishPost(
  platform: TestPlatform,
  tenantId: string,
  email: string,
  location: { lat: number; lon: number },
  title = 'Je fais vos courses le samedi',
): Promise<{ postId: string; token: string }> {
  const created = await platform.api(tenantId, '/posts', {
    method: 'POST',
    body: {
      kind: 'offer',
      category: 'groceries',
      title,
      description: 'Au marché, puis devant votre porte.',
      location,
      author: { name: 'Ana', email },
    },
  });
  if (created.status !== 201) throw new Error(`post: ${created.status} ${JSON.stringify(created.body)}`);
  const { postId, token } = await verificationLink(platform, email);
  const verified = await platform.api(tenantId, `/posts/${postId}/verify`, { method: 'POST', body: { token } });
  if (verified.body?.status !== 'published') throw new Error(`verify: ${JSON.stringify(verified.body)}`);
  return { postId, token };
}

/** A raw RFC 822 message as a mail program sends it (CRLF, MIME multipart when there is HTML or a file). */
export function rawMail(mail: {
  from: string;
  to: string;
  subject: string;
  text?: string;
  html?: string;
  attachment?: { filename: string; content: string };
  extraHeaders?: string[];
}): string {
  const boundary = 'b0undary-entraide-test';
  const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  const headers = [
    `From: ${mail.from}`,
    `To: ${mail.to}`,
    `Subject: =?UTF-8?B?${base64(mail.subject)}?=`,
    'MIME-Version: 1.0',
    `Message-ID: <${Math.random().toString(36).slice(2)}@mail.example>`,
    ...(mail.extraHeaders ?? []),
  ];
  const parts: string[] = [];
  if (mail.text !== undefined)
    parts.push(['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', base64(mail.text)].join('\r\n'));
  if (mail.html !== undefined)
    parts.push(['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: base64', '', base64(mail.html)].join('\r\n'));
  if (mail.attachment) {
    parts.push(
      [
        `Content-Type: application/octet-stream; name="${mail.attachment.filename}"`,
        `Content-Disposition: attachment; filename="${mail.attachment.filename}"`,
        'Content-Transfer-Encoding: base64',
        '',
        base64(mail.attachment.content),
      ].join('\r\n'),
    );
  }
  if (parts.length === 1 && !mail.attachment) return [...headers, parts[0]].join('\r\n');
  return [
    ...headers,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    ...parts.map((part) => `--${boundary}\r\n${part}`),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** SES's receipt verdicts, as `/_local/inbound-email` takes them (`PASS` when not given). */
export type SesVerdicts = Partial<Record<'spf' | 'dkim' | 'dmarc' | 'spam' | 'virus', string>>;

/** Posts a raw message to `/_local/inbound-email`, as SES inbound would deliver it, with its verdicts. */
export async function deliverInbound(
  platform: TestPlatform,
  raw: string | Buffer,
  verdicts: SesVerdicts = {},
): Promise<{ status: number; body: any }> {
  const query = new URLSearchParams(verdicts as Record<string, string>).toString();
  const response = await fetch(`${platform.url}/_local/inbound-email${query ? `?${query}` : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'message/rfc822' },
    body: typeof raw === 'string' ? raw : new Uint8Array(raw),
  });
  return { status: response.status, body: await response.json() };
}

/** Everything of a mail the recipient's mail program can show: every header SES was given and both bodies. */
export const visibleToRecipient = (mail: OutboxMail): string => JSON.stringify(mail);

export const mailsTo = (mails: OutboxMail[], address: string): OutboxMail[] =>
  mails.filter((mail) => mail.destination.to.includes(address));
