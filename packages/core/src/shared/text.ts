const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** User content inside HTML: text, never markup. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);

/** User content inside a mail header (a subject): one line, no way to start another header. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
export const headerSafe = (text: string): string => text.replace(/[\r\n\u0000-\u001f\u007f]+/g, ' ').trim();

/** Text to compare, not to show: lowercase, without accents, punctuation runs as one space ("Crèche" finds "creche"). */
export const foldText = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
