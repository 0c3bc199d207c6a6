import { tenantId, tenantConfig } from './api.js';
import { h } from './dom.js';
import { lang, t } from './i18n.js';
import { contactBlock } from './tenant-contact.js';
import { frame, runPage } from './layout.js';

/** A text page (statement, privacy): sections of paragraphs and lists, in both languages. */
interface TextSection {
  heading: string;
  paragraphs?: string[];
  items?: string[];
}
export type TextPage = { title: string; sections: TextSection[] };

type TextPages = { fr: TextPage; en: TextPage };

/** `content` may depend on the tenant (its name, country, settings), when the page is one of a tenant's. */
export function textPage(
  content: TextPages | ((tenant?: Awaited<ReturnType<typeof tenantConfig>>) => TextPages),
  options: { withContact?: boolean } = {},
): void {
  runPage(async () => {
    const tenant = tenantId ? await tenantConfig() : undefined;
    const page = (typeof content === 'function' ? content(tenant) : content)[lang];
    const main = frame({ title: page.title, ...(tenant ? { tenant } : {}) });
    for (const section of page.sections) {
      main.append(
        h('h2', {}, section.heading),
        ...(section.paragraphs ?? []).map((paragraph) => h('p', {}, paragraph)),
        section.items ? h('ul', {}, ...section.items.map((item) => h('li', {}, item))) : '',
      );
    }
    const contact = options.withContact && tenant ? contactBlock(tenant) : null;
    if (contact) main.append(h('h2', {}, t('privacy.contact')), contact);
  });
}
