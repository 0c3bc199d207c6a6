import { escapeHtml } from '../shared/index.js';

/**
 * The one HTML layout of every mail the platform sends: French first (`lang="fr"`, an English
 * part marks itself `lang="en"`), a readable width, the title escaped here. `body` is HTML the
 * template built, with every piece of user content already escaped.
 */
export function mailHtml(title: string, body: string): string {
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:sans-serif;line-height:1.5;max-width:40em">
${body}
</body></html>`;
}

/** A mail's main action, as a button that survives clients without CSS (it stays a link). */
export const mailButton = (href: string, label: string): string =>
  `<a href="${escapeHtml(href)}" style="display:inline-block;padding:.6em 1em;background:#000091;color:#fff;text-decoration:none">${escapeHtml(label)}</a>`;
