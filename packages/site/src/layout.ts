import type { PublicTenantConfig } from '@entraide/core/schemas';
import { tenantId } from './api.js';
import { append, byId, h } from './dom.js';
import { lang, setLang, t } from './i18n.js';
import { menuPages } from './menu.js';
import { contactBlock } from './tenant-contact.js';

/** A link to a page of this tenant (or of the platform, on its own pages). */
export const pageLink = (file: string, query: Record<string, string> = {}): string => {
  const search = new URLSearchParams(query).toString();
  return `${tenantId ? `/t/${tenantId}/` : '/'}${file}${search ? `?${search}` : ''}`;
};

/**
 * The frame of every page: skip link, header with the tenant and the language switch, the main
 * navigation, the footer with the legal pages. `main` is emptied and gets the page's h1.
 */
export function frame(options: { title: string; tenant?: PublicTenantConfig; current?: string }): HTMLElement {
  const { tenant } = options;
  document.title = tenant ? `${options.title} — ${tenant.name} — Entraide` : `${options.title} — Entraide`;
  // The page's description for search engines and shared links, in the tenant's own name.
  const description = document.querySelector<HTMLMetaElement>('meta[name="description"]');
  if (description && tenant && !description.content.startsWith(tenant.name))
    description.content = `${tenant.name} — ${description.content}`;
  const skip = document.querySelector<HTMLAnchorElement>('a.skip');
  if (skip) skip.textContent = t('skip');

  // The shell's header (build/build-site.ts), filled: its boxes stay, so the page below does not move.
  const header = byId('entete');
  const tenantLine = header.querySelector('.tenant-name');
  const menu = header.querySelector('nav');
  if (tenant) {
    if (tenantLine) tenantLine.textContent = tenant.name;
    menu?.setAttribute('aria-label', t('nav.label'));
    menu?.querySelectorAll('a').forEach((link, at) => {
      const [file, label] = menuPages[at]!;
      link.href = pageLink(file);
      link.textContent = t(label);
      if (options.current === file) link.setAttribute('aria-current', 'page');
    });
  } else {
    // A page under a tenant that could not be read: no name, no menu.
    tenantLine?.remove();
    menu?.remove();
  }
  const other = lang === 'fr' ? 'en' : 'fr';
  const languageSwitch = header.querySelector<HTMLButtonElement>('.lang-switch')!;
  languageSwitch.lang = other;
  languageSwitch.setAttribute('aria-label', t('nav.otherLangLabel'));
  languageSwitch.textContent = t('nav.otherLang');
  languageSwitch.onclick = () => setLang(other);

  const footer = byId('pied');
  const footerLinks: [string, string][] = [
    ['accessibilite.html', t('footer.accessibility')],
    ['confidentialite.html', t('footer.privacy')],
    ...(tenant
      ? ([
          ['affiche.html', t('footer.flyer')],
          ['equipe.html', t('footer.staff')],
        ] as [string, string][])
      : []),
  ];
  footer.replaceChildren();
  append(
    footer,
    h('p', {}, t('footer.about')),
    tenant ? contactBlock(tenant) : null,
    h('ul', {}, ...footerLinks.map(([file, label]) => h('li', {}, h('a', { href: pageLink(file) }, label)))),
  );

  const main = byId('contenu');
  main.replaceChildren(h('h1', {}, options.title));
  return main;
}

/** Runs a page; if its first call fails, says so in the page rather than leaving "Chargement…". */
export function runPage(render: () => Promise<void>): void {
  render().catch((error: unknown) => {
    console.error(error);
    const main = byId('contenu');
    main.querySelector('.loading')?.remove();
    append(main, h('p', { className: 'notice error', role: 'alert' }, t('unavailable')));
  });
}
