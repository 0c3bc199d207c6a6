import { headerSafe } from '../shared/schemas.js';

/** What replaces an address in a relayed body. */
export const maskedAddress = '[adresse masquée]';

// Anything shaped like an address, also when percent-encoded in a link (mailto:bob%40example.org).
const addressPattern = /[A-Za-z0-9._%+!#$&'*/=?^`{|}~-]+(?:@|%40|&#64;|&#x40;)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/gi;

/** Quote introductions as mail programs write them, e.g. "Le lun. 3 mars 2025 à 10:00, Bob <bob@x> a écrit :". */
const quoteIntroductions = [
  /^.{0,200}\b(a écrit|wrote|schreef|schrieb|ha scritto|escribió)\s*:\s*$/i,
  /^\s*>*\s*(De|From|Von|Van|Envoyé|Sent|Gesendet|À|To|An|Aan|Cc|Objet|Subject|Betreff|Date)\s*:\s.*$/i,
  /^\s*-{2,}\s*(Original Message|Message d'origine|Message d’origine|Ursprüngliche Nachricht|Oorspronkelijk bericht|Forwarded message|Message transféré)\s*-{2,}\s*$/i,
];

/**
 * A relayed body, safe to show the other party: no address at all (the parties', or any other:
 * quoted history carries them), no quote header lines naming who wrote when and from where.
 * Addresses that belong to the relay itself (`keep`) stay.
 */
export function scrubRelayedText(text: string, options: { keepDomainSuffix: string; hide: string[] }): string {
  const keepSuffix = options.keepDomainSuffix.toLowerCase();
  let scrubbed = text.replace(/\r\n?/g, '\n');
  // The parties' own addresses first, in any case, also split by formatting (e.g. "bob @ example.org").
  for (const address of options.hide.filter(Boolean)) {
    const [local, domain] = address.toLowerCase().split('@');
    if (!local || !domain) continue;
    const escape = (part: string) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    scrubbed = scrubbed.replace(
      new RegExp(`${escape(local)}\\s*(?:@|%40|&#64;|&#x40;|\\[at\\]|\\(at\\))\\s*${escape(domain)}`, 'gi'),
      maskedAddress,
    );
  }
  scrubbed = scrubbed.replace(addressPattern, (found) => {
    const normalised = found.toLowerCase().replace(/%40|&#64;|&#x40;/g, '@');
    return normalised.endsWith(keepSuffix) ? found : maskedAddress;
  });
  return scrubbed
    .split('\n')
    .filter((line) => !quoteIntroductions.some((pattern) => pattern.test(line.replace(/^[>\s]+/, ''))))
    .join('\n');
}

/** Decodes the few entities that matter and drops the markup: the relay forwards text only. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6]|blockquote)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_match, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A name from a form or a mail header: one line, no control character, no address, bounded. */
export function displayName(name: string | undefined, fallback: string): string {
  const flat = headerSafe((name ?? '').replace(addressPattern, ''))
    .replace(/[<>"]/g, '')
    .trim()
    .slice(0, 80);
  return flat || fallback;
}
