import { headerSafe } from '../shared/schemas.js';

/** What replaces an address in a relayed body. */
export const maskedAddress = '[adresse masquée]';

// Anything shaped like an address, also when percent-encoded in a link (mailto:bob%40example.org).
// Parts are bounded (RFC 5321: 64 for the local part, 63 a label) so a long run of letters costs
// linear time, not a backtracking search from every position.
const addressPattern =
  /[A-Za-z0-9._%+!#$&'*/=?^`{|}~-]{1,64}(?:@|%40|&#64;|&#x40;)[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/gi;

/** A client's reply header, e.g. "Le lun. 3 mars 2025 à 10:00, Bob <bob@x> a écrit :" or "On …, Bob wrote:". */
const replyHeader = /^.{0,300}\b(a écrit|wrote|schreef|schrieb|ha scritto|escribió)\s*:\s*$/i;
/** A separator a client writes above the message it forwards or answers. */
const historySeparator =
  /^\s*(-{2,}\s*(Original Message|Message d'origine|Message d’origine|Ursprüngliche Nachricht|Oorspronkelijk bericht|Forwarded message|Message transféré)\s*-{2,}|_{10,})\s*$/i;
/** One line of a quoted message's header block ("De : …", "Objet : …"): removed in quoted history only. */
const quotedHeaderLine =
  /^(De|From|Von|Van|Envoyé|Sent|Gesendet|Verzonden|À|A|To|An|Aan|Cc|Objet|Subject|Betreff|Onderwerp|Date|Datum)\s*:\s?.*$/i;
const headerBlockStart = /^(De|From|Von|Van)\s*:\s?\S/i;

/**
 * Where the quoted history starts, as line indexes: every `>` line, everything after a
 * client's reply header or separator, and an Outlook header block ("De : …" followed by two or
 * more header lines) with what follows it. A line the person wrote themselves ("Date : samedi
 * 12 décembre", "Voici ce que Marie a écrit :") is never quoted history.
 */
function quotedHistoryStart(lines: string[]): number {
  const isQuoted = (line: string | undefined) => line !== undefined && /^\s*>/.test(line);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (historySeparator.test(line)) return index;
    if (replyHeader.test(line)) {
      const next = lines.slice(index + 1).find((candidate) => candidate.trim() !== '');
      // A reply header names a date or an address, or stands right above the quoted lines.
      if (isQuoted(next) || /\d|@|\[adresse masquée\]/.test(line)) return index;
    }
    if (headerBlockStart.test(line)) {
      let headerLines = 1;
      while (index + headerLines < lines.length && quotedHeaderLine.test(lines[index + headerLines]!.trim())) headerLines++;
      if (headerLines >= 3) return index;
    }
  }
  return lines.length;
}

/** The relay's "report this message" links (`…/signaler-message.html?post=…&alias=…`), also inside `<…>` or HTML. */
const reportLinkPage = /signaler-message\.html\?[^\s<>"']*/gi;
const linkDelimiter = /[\s<>"']/;
const reportLinkRemoved = '[lien de signalement retiré]';

/**
 * Replaces each report link, from the delimiter before it to the one after. Found by the page's
 * name, then extended back no further than the previous link: linear on any text (a pattern that
 * starts with `[^\s]*` would rescan a long word from each of its letters).
 */
function removeReportLinks(text: string): string {
  let kept = '';
  let from = 0;
  for (const found of text.matchAll(reportLinkPage)) {
    let start = found.index;
    while (start > from && !linkDelimiter.test(text[start - 1]!)) start--;
    kept += text.slice(from, start) + reportLinkRemoved;
    from = found.index + found[0].length;
  }
  return kept + text.slice(from);
}

/** Masks every address but the relay's own aliases (`keepDomainSuffix`); the parties' own also when spelt out. */
function maskAddresses(text: string, options: { keepDomainSuffix: string; hide: string[] }): string {
  const keepSuffix = options.keepDomainSuffix.toLowerCase();
  let masked = text;
  // The parties' own addresses first, in any case, also split by formatting (e.g. "bob @ example.org").
  for (const address of options.hide.filter(Boolean)) {
    const [local, domain] = address.toLowerCase().split('@');
    if (!local || !domain) continue;
    const escape = (part: string) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    masked = masked.replace(
      new RegExp(`${escape(local)}\\s*(?:@|%40|&#64;|&#x40;|\\[at\\]|\\(at\\))\\s*${escape(domain)}`, 'gi'),
      maskedAddress,
    );
  }
  return masked.replace(addressPattern, (found) => {
    const normalised = found.toLowerCase().replace(/%40|&#64;|&#x40;/g, '@');
    return normalised.endsWith(keepSuffix) ? found : maskedAddress;
  });
}

/**
 * A relayed body, safe to show the other party: no address at all (the parties', or any other:
 * quoted history carries them), and in the quoted history no header line naming who wrote when
 * and from where. Every line the person wrote stays. Addresses that belong to the relay itself
 * (`keepDomainSuffix`) stay.
 */
export function scrubRelayedText(text: string, options: { keepDomainSuffix: string; hide: string[] }): string {
  // A "report this message" link quoted back carries the replier's own token: never passed on.
  const lines = removeReportLinks(maskAddresses(text.replace(/\r\n?/g, '\n'), options)).split('\n');
  const historyStart = quotedHistoryStart(lines);
  return lines
    .filter((line, index) => {
      const unquoted = line.replace(/^[>\s]+/, '').trim();
      const inHistory = index >= historyStart || /^\s*>/.test(line);
      if (!inHistory) return true;
      return !(quotedHeaderLine.test(unquoted) || replyHeader.test(unquoted) || historySeparator.test(unquoted));
    })
    .join('\n');
}

/**
 * Cuts a text (already masked) to at most `maxChars`, at the last line break, else the last
 * space, before the limit: an address or alias is never split, whatever its position. A text
 * with no break at all in its last quarter before the limit loses its last, unfinished word.
 */
export function cutText(text: string, maxChars: number): { text: string; truncated: boolean } {
  if (text.length <= maxChars) return { text, truncated: false };
  const head = text.slice(0, maxChars + 1);
  const lineBreak = head.lastIndexOf('\n');
  if (lineBreak >= maxChars * 0.75) return { text: head.slice(0, lineBreak).trimEnd(), truncated: true };
  const space = head.search(/\s\S*$/);
  return { text: (space >= 0 ? head.slice(0, space) : '').trimEnd(), truncated: true };
}

/** A name from a form or a mail header: one line, no control character, no address, bounded. */
export function displayName(name: string | undefined, fallback: string): string {
  const flat = headerSafe((name ?? '').replace(addressPattern, ''))
    .replace(/[<>"]/g, '')
    .trim()
    .slice(0, 80);
  return flat || fallback;
}
