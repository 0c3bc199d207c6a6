import iconv from 'iconv-lite';
import MimeNode from 'nodemailer/lib/mime-node/index.js';

/**
 * Replies as mail programs write them, composed by nodemailer's MIME composer (not by hand):
 * a text or HTML body in a given charset (encoded with iconv-lite's tables) and transfer
 * encoding, quoted or not, with whatever headers a client or an auto-responder adds.
 */
export interface ComposedReply {
  from: string;
  to: string;
  subject: string;
  text?: string;
  html?: string;
  /** `utf-8` by default; the body is encoded in it, and the subject too (an RFC 2047 word in that charset). */
  charset?: string;
  /** The table the bytes are really written with, when a client labels them otherwise (windows-1252 bytes labelled iso-8859-1). */
  bytesIn?: string;
  transferEncoding?: 'quoted-printable' | 'base64' | '8bit';
  headers?: Record<string, string>;
}

function bodyPart(
  contentType: 'text/plain' | 'text/html',
  content: string,
  charset: string,
  bytesIn: string,
  transferEncoding: string,
): MimeNode {
  const part = new MimeNode(`${contentType}; charset=${charset}`);
  part.setHeader('Content-Transfer-Encoding', transferEncoding);
  part.setContent(iconv.encode(content, bytesIn));
  return part;
}

export async function composeReply(reply: ComposedReply): Promise<Buffer> {
  const charset = reply.charset ?? 'utf-8';
  const bytesIn = reply.bytesIn ?? charset;
  const transferEncoding = reply.transferEncoding ?? 'quoted-printable';
  const parts = [
    ...(reply.text !== undefined ? [bodyPart('text/plain', reply.text, charset, bytesIn, transferEncoding)] : []),
    ...(reply.html !== undefined ? [bodyPart('text/html', reply.html, charset, bytesIn, transferEncoding)] : []),
  ];
  const root = parts.length === 1 ? parts[0]! : new MimeNode('multipart/alternative');
  if (parts.length > 1) for (const part of parts) root.appendChild(part);
  root.setHeader({
    From: reply.from,
    To: reply.to,
    // An encoded word in the mail's own charset, as the client would write it.
    Subject: `=?${charset}?B?${iconv.encode(reply.subject, bytesIn).toString('base64')}?=`,
    Date: 'Sat, 12 Dec 2026 10:00:00 +0100',
    ...reply.headers,
  });
  return root.build();
}

/** A control character a reader cannot see (line breaks and tabs aside): C0, DEL or C1. */
export const hasControlCharacter = (text: string): boolean => {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
};
