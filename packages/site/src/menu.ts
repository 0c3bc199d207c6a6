import type { MessageKey } from './messages-fr.js';

/**
 * The menu of a tenant's pages, in its order: the file of each page (its home is '') and its label.
 * The HTML shell draws it (build/build-site.ts), the page's script names it in the reader's
 * language (layout.ts's `frame`). Imports nothing that runs: the build reads it in Node.
 */
export const menuPages: readonly (readonly [file: string, label: MessageKey])[] = [
  ['', 'nav.home'],
  ['publier.html', 'nav.publish'],
  ['recherche.html', 'nav.search'],
];
