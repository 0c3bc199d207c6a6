import { decodeHTML } from 'entities';

// The whole HTML entity table (~50 KB): the relay loads this module on first use only (an HTML-only
// reply), so no function reads it at init.

/** Elements that start or end a line of text. */
const blockElement = /^<\/?(p|div|li|tr|h[1-6]|table|ul|ol|pre|br|hr)\b/i;

/**
 * HTML → text, the relay forwards text only: markup dropped, every entity (named, decimal,
 * hex) decoded once, after the markup is gone, so the text is escaped once where it is shown.
 * A `<blockquote>` (the quote block of HTML clients) becomes `>` lines: quoted history.
 */
export function htmlToText(html: string): string {
  const visible = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, '');
  const lines: string[] = [];
  let depth = 0;
  let current = '';
  const endLine = () => {
    const text = decodeHTML(current)
      .replace(/[ \t\u00a0]+/g, ' ')
      .trim();
    if (text !== '') lines.push(depth > 0 ? `${'>'.repeat(depth)} ${text}` : text);
    else if (lines.at(-1) !== '') lines.push('');
    current = '';
  };
  for (const token of visible.replace(/\r?\n/g, ' ').split(/(<[^>]*>)/)) {
    if (!token.startsWith('<')) current += token;
    else if (/^<\/?blockquote\b/i.test(token)) {
      if (current.trim() !== '') endLine();
      current = '';
      depth = Math.max(0, depth + (token[1] === '/' ? -1 : 1));
    } else if (/^<br\b/i.test(token)) endLine();
    else if (blockElement.test(token) && current.trim() !== '') endLine();
  }
  endLine();
  return lines.join('\n').trim();
}
