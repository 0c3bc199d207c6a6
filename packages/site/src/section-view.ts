import type { PublicSection, PublicTenantConfig } from '@entraide/core/schemas';
import { explain, type Page } from './api.js';
import { h } from './dom.js';
import { formatDate, localised, t } from './i18n.js';
import { pageLink } from './layout.js';

/**
 * What every kind of section shares on the site (posts, listings, missions, campaigns, drawings):
 * its page's link, its dates in words, and whether it takes entries today (the API's `state`, judged
 * in the tenant's time zone).
 */

/** The section's own page: `rubrique.html?id=…`. */
export const sectionLink = (section: Pick<PublicSection, 'id'>): string => pageLink('rubrique.html', { id: section.id });

/** The section named `id` (of `type`, when given), or undefined. */
export const sectionById = (config: PublicTenantConfig, id: string | null | undefined, type?: PublicSection['type']) =>
  config.sections.find((section) => section.id === id && (type === undefined || section.type === type));

/** The sections of `type` that take entries today: what a form offers. */
export const openSections = (config: PublicTenantConfig, type: PublicSection['type']): PublicSection[] =>
  config.sections.filter((section) => section.type === type && section.state === 'open');

/** "du 1 mars au 29 mars 2027", "jusqu'au …", "à partir du …", or nothing. */
export function sectionDates(section: PublicSection): string | null {
  if (section.startsOn && section.endsOn)
    return t('section.between', { from: formatDate(section.startsOn), to: formatDate(section.endsOn) });
  if (section.endsOn) return t('tenant.sectionUntil', { date: formatDate(section.endsOn) });
  if (section.startsOn) return t('section.from', { date: formatDate(section.startsOn) });
  return null;
}

/** The notice at the top of a section's page when it takes no entries today; null when it is open. */
export function sectionStateNotice(section: PublicSection): HTMLElement | null {
  if (section.state === 'ended') {
    return h('p', { className: 'notice', id: 'section-state' }, t('section.ended', { date: formatDate(section.endsOn ?? '') }));
  }
  if (section.state === 'upcoming') {
    return h('p', { className: 'notice', id: 'section-state' }, t('section.upcoming', { date: formatDate(section.startsOn ?? '') }));
  }
  return null;
}

/** "Rubrique : Votre table de Pâques", linked to its page: how a post or a listing shows its section. */
export function sectionTag(config: PublicTenantConfig, id: string | undefined): HTMLElement | null {
  const section = sectionById(config, id);
  if (!section) return null;
  return h(
    'span',
    { className: 'section-tag' },
    `${t('form.section')} : `,
    h('a', { href: sectionLink(section) }, localised(section.title)),
  );
}

/** A paged list: `fetchPage(cursor)` gives a page, `render` draws an item; a "more" button while there are more. */
export function pagedList<T>(options: {
  fetchPage: (cursor: string | null) => Promise<Page<T>>;
  render: (item: T) => HTMLElement;
  none: string;
  more: string;
}): HTMLElement {
  const list = h('ul', { className: 'posts', id: 'section-items', 'aria-live': 'polite' });
  const status = h('p', { role: 'status' });
  const more = h('button', { type: 'button', className: 'secondary', hidden: true }, options.more);
  let cursor: string | null = null;
  const load = async () => {
    try {
      const page = await options.fetchPage(cursor);
      list.append(...page.items.map(options.render));
      if (list.children.length === 0) status.textContent = options.none;
      cursor = page.nextCursor;
      more.hidden = !cursor;
    } catch (error) {
      status.textContent = explain(error);
    }
  };
  more.addEventListener('click', () => void load());
  void load();
  return h('div', {}, status, list, more);
}
