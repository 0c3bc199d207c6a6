import { api, tenantConfig, type Page, type PublicPostView } from '../api.js';
import { append, h, params } from '../dom.js';
import { formatDate, localised, t } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';
import { postSummary } from '../post-view.js';

runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: config.name, tenant: config, current: 'tenant' });
  const list = h('ul', { className: 'posts', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', className: 'secondary', hidden: true }, t('tenant.more'));
  // Arriving from a section's flyer (its QR code carries `?section=`): say where the resident is, and post in it.
  const section = config.sections.find((candidate) => candidate.id === params.get('section'));
  const inSection: Record<string, string> = section ? { section: section.id } : {};
  append(
    main,
    h('p', { className: 'lead' }, t('tenant.intro')),
    section
      ? h(
          'p',
          { className: 'notice' },
          `${t('flyer.section')} : ${localised(section.title)}`,
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
    config.sections.length
      ? h(
          'section',
          { 'aria-labelledby': 'sections-title' },
          h('h2', { id: 'sections-title' }, t('tenant.sections')),
          h(
            'ul',
            { className: 'sections' },
            ...config.sections.map((section) =>
              h(
                'li',
                {},
                h('strong', {}, localised(section.title)),
                section.endsOn ? ` (${t('tenant.sectionUntil', { date: formatDate(section.endsOn) })})` : null,
                section.description ? h('p', {}, localised(section.description)) : null,
              ),
            ),
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
