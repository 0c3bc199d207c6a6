import { api, tenantConfig, type Page, type PublicPostView } from '../api.js';
import { append, h, params } from '../dom.js';
import { localised, t } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';
import { postSummary } from '../post-view.js';
import { sectionById, sectionDates, sectionLink } from '../section-view.js';
import { callLine } from '../tenant-contact.js';

runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: config.name, tenant: config, current: '' });
  const list = h('ul', { className: 'posts', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', className: 'secondary', hidden: true }, t('tenant.more'));
  // Arriving from a section's flyer (its QR code carries `?section=`): say where the resident is, and post in it.
  const section = sectionById(config, params.get('section'));
  // Only the sections that take entries today are offered; an ended one keeps its page (and its flyer's link).
  const openSectionList = config.sections.filter((candidate) => candidate.state === 'open');
  const inSection: Record<string, string> = section ? { section: section.id } : {};
  append(
    main,
    h('p', { className: 'lead' }, t('tenant.intro')),
    callLine(config, t('tenant.help'), t('tenant.helpAfter')),
    section
      ? h(
          'p',
          { className: 'notice' },
          `${t('flyer.section')} : `,
          h('a', { href: sectionLink(section) }, localised(section.title)),
          section.description ? ` — ${localised(section.description)}` : null,
        )
      : null,
    h(
      'div',
      { className: 'actions big' },
      h('a', { className: 'button', href: pageLink('publier.html', { kind: 'offer', ...inSection }) }, t('tenant.offer')),
      h('a', { className: 'button', href: pageLink('publier.html', { kind: 'request', ...inSection }) }, t('tenant.request')),
      h('a', { className: 'button secondary', href: pageLink('recherche.html') }, t('tenant.search')),
    ),
    openSectionList.length
      ? h(
          'section',
          { 'aria-labelledby': 'sections-title' },
          h('h2', { id: 'sections-title' }, t('tenant.sections')),
          h(
            'ul',
            { className: 'sections' },
            ...openSectionList.map((section) => {
              const dates = sectionDates(section);
              return h(
                'li',
                {},
                h('a', { href: sectionLink(section) }, h('strong', {}, localised(section.title))),
                dates ? ` (${dates})` : null,
                section.description ? h('p', {}, localised(section.description)) : null,
              );
            }),
          ),
        )
      : null,
    h('section', { 'aria-labelledby': 'latest-title' }, h('h2', { id: 'latest-title' }, t('tenant.latest')), list, more),
  );

  let cursor: string | null = null;
  const load = async () => {
    const page = await api<Page<PublicPostView>>('GET', `/posts?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    list.append(...page.items.map((post) => postSummary(post, config)));
    if (list.children.length === 0) list.append(h('li', {}, t('tenant.none')));
    cursor = page.nextCursor;
    more.hidden = !cursor;
  };
  more.addEventListener('click', () => void load());
  await load();
});
