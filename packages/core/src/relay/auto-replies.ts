/**
 * Mail no person wrote: out-of-office replies, auto-responders, lists and delivery reports. The
 * relay does not pass them on as messages (two auto-responders could otherwise answer each other
 * through it until a limit stops them); it counts them, and tells the other party once a day per
 * conversation that the person is away.
 */

/** A header as the MIME parser gives it: lowercase name, decoded value. */
export interface MailHeader {
  key: string;
  value: string;
}

/** Subjects that out-of-office replies carry when their client adds no header (French, English, German, Dutch, Spanish, Italian). */
const awaySubject =
  /^\s*(réponse automatique|reponse automatique|absence du bureau|absent du bureau|automatic reply|auto(matic)?[ -]?reply|out of (the )?office|abwesenheitsnotiz|automatische antwort|afwezig|automatisch antwoord|respuesta automática|fuera de la oficina|risposta automatica|fuori sede)\b/i;

/**
 * Why a mail is automatic, or undefined when a person wrote it. RFC 3834 `Auto-Submitted`
 * (anything but `no`), `Precedence: bulk|junk|list|auto_reply`, `X-Autoreply`, `X-Autorespond`,
 * delivery status
 * notifications (`multipart/report`, a mailer-daemon sender), and the subjects of out-of-office
 * replies.
 */
export function automaticMailReason(headers: MailHeader[], subject: string, from: string): string | undefined {
  const value = (name: string) =>
    headers
      .find((header) => header.key === name)
      ?.value.trim()
      .toLowerCase();
  const autoSubmitted = value('auto-submitted');
  if (autoSubmitted && !/^no\b/.test(autoSubmitted)) return 'auto-submitted';
  if (/^(bulk|junk|list|auto_reply)\b/.test(value('precedence') ?? '')) return 'precedence';
  if (value('x-autoreply') !== undefined || value('x-autorespond') !== undefined || value('x-autoresponse') !== undefined)
    return 'x-autoreply';
  if (/^multipart\/report\b/.test(value('content-type') ?? '') || /^(mailer-daemon|postmaster)@/i.test(from)) return 'delivery-report';
  if (awaySubject.test(subject)) return 'away-subject';
  return undefined;
}
