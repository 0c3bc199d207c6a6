import type * as Leaflet from 'leaflet';
import { api, ApiError, explain, tenantConfig, type Page, type PublicPostView } from '../api.js';
import { h, params, say } from '../dom.js';
import { field, select } from '../form.js';
import { geocoder, localityLabel } from '../geocoder.js';
import { localised, t } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';
import { createMap, groupedOnScreen, groupMarker, mapLegend, postMarker, zoomForRadius, type SiteMap } from '../map.js';
import { alertSubscription } from '../alert-subscribe.js';
import { categoryLabel, kindLabel, postSummary } from '../post-view.js';
import { rememberReaderPosition } from '../reader-position.js';
import { schemas } from '../schemas.js';

const pageSize = 20;

runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: t('search.title'), tenant: config, current: 'recherche.html' });
  const radii = [1, 2, 5, 10, 20, 50, 100].filter((km) => km < config.area.radiusKm).concat(config.area.radiusKm);
  const defaultRadius = radii.find((km) => km >= Math.min(5, config.area.radiusKm)) ?? config.area.radiusKm;

  const whereInput = h('input', { name: 'where', type: 'text', autocomplete: 'street-address', value: params.get('where') ?? '' });
  const radiusSelect = select(
    'radiusKm',
    radii.map((km): [string, string] => [String(km), t('search.radiusValue', { km })]),
    params.get('radiusKm') ?? String(defaultRadius),
  );
  const categorySelect = select(
    'category',
    [['', t('search.anyCategory')], ...config.categories.map((category): [string, string] => [category.id, localised(category.label)])],
    params.get('category') ?? '',
  );
  const kindSelect = select(
    'kind',
    [
      ['', t('kind.any')],
      ['offer', t('kind.offers')],
      ['request', t('kind.requests')],
    ],
    params.get('kind') ?? '',
  );
  const form = h(
    'form',
    { className: 'filters', role: 'search', 'aria-label': t('search.filters') },
    field({ id: 'where', label: t('search.where'), hint: t('search.whereHint') }, whereInput),
    h('button', { type: 'button', className: 'secondary', id: 'search-position', onclick: () => usePosition() }, t('form.usePosition')),
    field({ id: 'radius', label: t('search.radius') }, radiusSelect),
    field({ id: 'category', label: t('search.category') }, categorySelect),
    field({ id: 'kind', label: t('kind.label') }, kindSelect),
    h('button', { type: 'submit' }, t('search.submit')),
  );
  const around = h('p', { className: 'meta' });
  const count = h('p', { role: 'status', id: 'results-status' });
  const widen = h('button', { type: 'button', className: 'secondary', id: 'search-widen', hidden: true });
  const list = h('ol', { className: 'posts', id: 'results' });
  const more = h('button', { type: 'button', className: 'secondary', hidden: true }, t('search.more'));
  const mapBox = h('div', { className: 'map', id: 'results-map', tabindex: 0 });
  main.append(
    form,
    h(
      'div',
      { className: 'search-layout' },
      h(
        'section',
        { 'aria-labelledby': 'results-title' },
        h('h2', { id: 'results-title' }, t('search.results')),
        around,
        count,
        widen,
        list,
        more,
      ),
      h('section', { 'aria-labelledby': 'map-title' }, h('h2', { id: 'map-title' }, t('search.map')), mapBox, mapLegend({ groups: true })),
    ),
  );

  let siteMap: SiteMap | undefined;
  let layer: Leaflet.LayerGroup | undefined;
  let point = config.area.center;
  let placeLabel = t('search.centre');
  /** The resident asked for their device's position: kept until they type an address. */
  let fromPosition = false;
  whereInput.addEventListener('input', () => {
    fromPosition = false;
  });
  let cursor: string | null = null;
  let shown: PublicPostView[] = [];

  /** The alert is for the search whose results are shown, not for filters changed since. */
  const searchNow = () => ({
    near: point,
    place: placeLabel,
    radiusKm: Number(radiusSelect.value),
    category: categorySelect.value,
    kind: kindSelect.value,
    what: [
      categorySelect.value ? categoryLabel(config, categorySelect.value) : t('search.anyCategory'),
      kindSelect.selectedOptions[0]?.textContent ?? '',
    ]
      .join(', ')
      .toLowerCase(),
  });
  let searched = searchNow();
  const alertBox = alertSubscription(() => searched);
  main.append(alertBox.element);

  /** The markers at the map's zoom: posts that would overlap share one marker, whose popup lists them. */
  const placeMarkers = () => {
    if (!siteMap) return;
    const { L, map } = siteMap;
    layer?.remove();
    layer = L.layerGroup().addTo(map);
    L.circleMarker([point.lat, point.lon], { radius: 7, color: '#161616', weight: 3, fillColor: '#ffffff', fillOpacity: 1 })
      .bindTooltip(t('map.you'))
      .addTo(layer);
    const link = (post: PublicPostView) => h('a', { href: pageLink('annonce.html', { post: post.id }) }, post.title);
    for (const group of groupedOnScreen(siteMap, shown)) {
      const [first] = group;
      if (!first) continue;
      const marker =
        group.length === 1
          ? postMarker(siteMap, first, `${kindLabel(first.kind)} : ${first.title}`).bindPopup(link(first))
          : groupMarker(siteMap, first, group.length, t('map.group', { count: group.length })).bindPopup(
              h('ul', { className: 'map-group' }, ...group.map((post) => h('li', {}, `${kindLabel(post.kind)} : `, link(post)))),
            );
      marker.addTo(layer);
    }
  };
  const drawMarkers = () => {
    if (!siteMap) return;
    siteMap.map.setView([point.lat, point.lon], zoomForRadius(Number(radiusSelect.value)));
    placeMarkers();
  };

  /** The geographic search; before it exists on this API, the newest posts filtered and sorted here. */
  const fetchPage = async (): Promise<Page<PublicPostView>> => {
    const query = new URLSearchParams({ near: `${point.lat},${point.lon}`, radiusKm: radiusSelect.value, limit: String(pageSize) });
    if (categorySelect.value) query.set('category', categorySelect.value);
    if (kindSelect.value) query.set('kind', kindSelect.value);
    if (cursor) query.set('cursor', cursor);
    try {
      return await api<Page<PublicPostView>>('GET', `/posts?${query}`);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'invalid_input' && error.details.some((detail) => detail.path.includes('near'))))
        throw error;
      const newest: PublicPostView[] = [];
      let next: string | null = null;
      for (let pages = 0; pages < 5; pages++) {
        const page: Page<PublicPostView> = await api<Page<PublicPostView>>(
          'GET',
          `/posts?limit=${pageSize}${next ? `&cursor=${encodeURIComponent(next)}` : ''}`,
        );
        newest.push(...page.items);
        next = page.nextCursor;
        if (!next) break;
      }
      const { distanceKm } = await schemas();
      const items = newest
        .map((post) => ({ ...post, distanceKm: distanceKm(point, post.location) }))
        .filter((post) => post.distanceKm <= Number(radiusSelect.value))
        .filter((post) => !categorySelect.value || post.category === categorySelect.value)
        .filter((post) => !kindSelect.value || post.kind === kindSelect.value)
        .sort((a, b) => a.distanceKm - b.distanceKm);
      return { items, nextCursor: null };
    }
  };

  const load = async (fresh: boolean) => {
    if (fresh) {
      searched = searchNow();
      alertBox.refresh();
      cursor = null;
      shown = [];
      list.replaceChildren();
    }
    try {
      const page = await fetchPage();
      shown = shown.concat(page.items);
      list.append(...page.items.map((post) => postSummary(post, config)));
      cursor = page.nextCursor;
      more.hidden = !cursor;
      const radiusKm = Number(radiusSelect.value);
      const wider = radii.find((km) => km > radiusKm);
      // Nothing near: say how near, and offer the next distance in one tap.
      say(
        count,
        shown.length > 0 ? t('search.count', { count: shown.length }) : wider ? t('search.noneWithin', { km: radiusKm }) : t('search.none'),
      );
      widen.hidden = shown.length > 0 || !wider;
      widen.textContent = wider ? t('search.widen', { km: wider }) : '';
    } catch (error) {
      say(count, explain(error));
    }
    drawMarkers();
  };

  const locate = async () => {
    if (fromPosition) return;
    const where = whereInput.value.trim();
    if (!where) {
      point = config.area.center;
      placeLabel = t('search.centre');
      say(around, t('search.around', { place: placeLabel }));
      return;
    }
    const [place] = await (await geocoder()).search(where, config.area.center);
    if (place) {
      point = { lat: place.lat, lon: place.lon };
      placeLabel = place.label;
      rememberReaderPosition({ ...point, place: place.label });
      say(around, t('search.around', { place: place.label }));
    } else {
      point = config.area.center;
      placeLabel = t('search.centre');
      say(around, `${t('form.addressNone')} ${t('search.around', { place: t('search.centre') })}`);
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const [name, control] of [
      ['where', whereInput],
      ['radiusKm', radiusSelect],
      ['category', categorySelect],
      ['kind', kindSelect],
    ] as const) {
      if (control.value) query.set(name, control.value);
    }
    history.replaceState(null, '', `?${query}`);
    void locate().then(() => load(true));
  });
  more.addEventListener('click', () => void load(false));
  widen.addEventListener('click', () => {
    const wider = radii.find((km) => km > Number(radiusSelect.value));
    if (!wider) return;
    radiusSelect.value = String(wider);
    void load(true);
  });

  /** "Use my position": the device's point (with the resident's consent), named after its locality. */
  const usePosition = () => {
    if (!navigator.geolocation) return say(around, t('form.positionDenied'));
    navigator.geolocation.getCurrentPosition(
      (position) =>
        void (async () => {
          fromPosition = true;
          whereInput.value = '';
          point = { lat: position.coords.latitude, lon: position.coords.longitude };
          placeLabel = t('search.myPosition');
          const locality = await (await geocoder()).reverse(point).catch(() => null);
          if (locality) placeLabel = t('search.myPositionNear', { place: localityLabel(locality) });
          rememberReaderPosition({ ...point, place: placeLabel });
          say(around, t('search.around', { place: placeLabel }));
          await load(true);
        })(),
      () => say(around, t('form.positionDenied')),
      { timeout: 10_000 },
    );
  };

  await locate();
  await load(true);
  // The list is on screen; the map follows.
  void createMap(mapBox, point, zoomForRadius(Number(radiusSelect.value)))
    .then((created) => {
      siteMap = created;
      created.map.on('zoomend', placeMarkers);
      drawMarkers();
    })
    .catch((error: unknown) => console.error('map', error));
});
