import { api, explain, tenantConfig, type Page, type PublicListingView } from '../api.js';
import { append, h, params, say } from '../dom.js';
import { field } from '../form.js';
import { geocoder } from '../geocoder.js';
import { localised, t } from '../i18n.js';
import { frame, runPage } from '../layout.js';
import { listingSummary } from '../listing-view.js';
import { sectionById, sectionLink } from '../section-view.js';

/**
 * "Qui livre chez moi ?" (`livraison.html[?section=…][&where=…]`): an address or a place, then the
 * listings whose delivery zone holds it, nearest first (`GET /listings?deliversTo=…`), a page at a time.
 */
runPage(async () => {
  const config = await tenantConfig();
  const section = sectionById(config, params.get('section'), 'directory');
  const main = frame({ title: t('deliveries.title'), tenant: config });
  const whereInput = h('input', { name: 'where', type: 'text', autocomplete: 'street-address', value: params.get('where') ?? '' });
  const form = h(
    'form',
    { className: 'filters', role: 'search', 'aria-label': t('deliveries.title') },
    field({ id: 'where', label: t('deliveries.where'), hint: t('deliveries.whereHint'), required: true }, whereInput),
    h('button', { type: 'submit' }, t('deliveries.submit')),
  );
  const around = h('p', { className: 'meta', id: 'deliveries-around' });
  const status = h('p', { role: 'status', id: 'deliveries-status' });
  const list = h('ol', { className: 'posts', id: 'deliveries' });
  const more = h('button', { type: 'button', className: 'secondary', hidden: true }, t('deliveries.more'));
  append(
    main,
    section
      ? h('p', { className: 'lead' }, t('deliveries.inSection'), ' ', h('a', { href: sectionLink(section) }, localised(section.title)))
      : null,
    form,
    h(
      'section',
      { 'aria-labelledby': 'deliveries-title' },
      h('h2', { id: 'deliveries-title' }, t('deliveries.results')),
      around,
      status,
      list,
      more,
    ),
  );

  let point: { lat: number; lon: number } | undefined;
  let cursor: string | null = null;
  let shown = 0;
  const load = async () => {
    if (!point) return;
    const query = new URLSearchParams({ deliversTo: `${point.lat},${point.lon}`, limit: '10' });
    if (section) query.set('section', section.id);
    if (cursor) query.set('cursor', cursor);
    try {
      const page = await api<Page<PublicListingView>>('GET', `/listings?${query}`);
      list.append(...page.items.map((listing) => listingSummary(listing, config)));
      shown += page.items.length;
      cursor = page.nextCursor;
      more.hidden = !cursor;
      say(status, shown > 0 ? t('deliveries.count', { count: shown }) : t('deliveries.none'));
    } catch (error) {
      say(status, explain(error));
    }
  };
  const search = async () => {
    const where = whereInput.value.trim();
    if (!where) {
      say(status, t('deliveries.askAddress'));
      whereInput.focus();
      return;
    }
    const [place] = await (await geocoder()).search(where, config.area.center);
    list.replaceChildren();
    cursor = null;
    shown = 0;
    more.hidden = true;
    if (!place) {
      point = undefined;
      say(around, '');
      say(status, t('deliveries.unknownPlace', { where }));
      return;
    }
    point = { lat: place.lat, lon: place.lon };
    say(around, t('search.around', { place: place.label }));
    await load();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void search();
  });
  more.addEventListener('click', () => void load());
  if (whereInput.value) await search();
});
