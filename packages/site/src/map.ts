import type * as Leaflet from 'leaflet';
import { h } from './dom.js';
import { t } from './i18n.js';
import { runtimeConfig } from './runtime-config.js';

declare global {
  interface Window {
    L?: typeof Leaflet;
  }
}

let leafletPromise: Promise<typeof Leaflet> | undefined;

/**
 * Leaflet, loaded as its own file once the page has rendered: the page never waits for the map
 * (and the map library stays out of each page's budget).
 */
function loadLeaflet(): Promise<typeof Leaflet> {
  return (leafletPromise ??= new Promise((resolve, reject) => {
    document.head.append(h('link', { rel: 'stylesheet', href: '/leaflet.css' }));
    const script = h('script', { src: '/leaflet.js' });
    script.addEventListener('load', () => (window.L ? resolve(window.L) : reject(new Error('Leaflet did not load'))));
    script.addEventListener('error', () => reject(new Error('Leaflet did not load')));
    document.head.append(script);
  }));
}

export interface SiteMap {
  L: typeof Leaflet;
  map: Leaflet.Map;
}

/**
 * A map in `container`, with the configured tile server, or without tiles (offline, tests, a
 * tile server down): then a plain background with the tenant's area drawn, and the points still
 * in place.
 */
export async function createMap(
  container: HTMLElement,
  center: { lat: number; lon: number },
  zoom: number,
  areaRadiusKm?: number,
): Promise<SiteMap> {
  const [L, config] = await Promise.all([loadLeaflet(), runtimeConfig()]);
  container.setAttribute('aria-label', t('map.label'));
  const map = L.map(container, { center: [center.lat, center.lon], zoom, keyboard: true, attributionControl: Boolean(config.tileUrl) });
  if (config.tileUrl) {
    L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 19 }).addTo(map);
    map.attributionControl?.setPrefix(false);
  } else {
    container.classList.add('map-no-tiles');
    container.after(h('p', { className: 'hint' }, t('map.noTiles')));
  }
  if (areaRadiusKm) {
    L.circle([center.lat, center.lon], { radius: areaRadiusKm * 1000, color: '#000091', weight: 2, fill: false, interactive: false }).addTo(
      map,
    );
  }
  return { L, map };
}

/** A post's kind by shape and letter, not by colour alone (RGAA 3.1): a round "P" offers, a square dashed "C" asks. */
const kindSymbol = (kind: string): HTMLElement =>
  h(
    'span',
    { className: `marker marker-${kind === 'offer' ? 'offer' : 'request'}`, 'aria-hidden': 'true' },
    t(kind === 'offer' ? 'map.offerLetter' : 'map.requestLetter'),
  );

/** The symbol of posts sharing one marker: how many they are. */
const groupSymbol = (count: number): HTMLElement => h('span', { className: 'marker marker-group', 'aria-hidden': 'true' }, String(count));

/** A marker drawn as `symbol` at `location`, named `name` for screen readers (from `title`). */
function symbolMarker(siteMap: SiteMap, location: { lat: number; lon: number }, symbol: HTMLElement, name: string): Leaflet.Marker {
  const icon = siteMap.L.divIcon({
    html: symbol,
    className: 'marker-icon',
    iconSize: [28, 28],
    iconAnchor: [14, 14],
    popupAnchor: [0, -14],
  });
  return siteMap.L.marker([location.lat, location.lon], { icon, title: name, keyboard: true, riseOnHover: true });
}

/** A post's marker: the symbol above, its name (kind and title) for screen readers. */
export const postMarker = (
  siteMap: SiteMap,
  post: { kind: string; location: { lat: number; lon: number } },
  name: string,
): Leaflet.Marker => symbolMarker(siteMap, post.location, kindSymbol(post.kind), name);

/**
 * Posts grouped by where their markers fall at the map's zoom: a post whose marker would come closer
 * than `spacingPx` (either way) to a group's first marker joins that group. One marker a group, so
 * no marker hides part of another: each stays a whole target a finger can hit (WCAG 2.5.8, 24 px;
 * the markers are 28). Posts of one place are many in a town, their public points a few hundred
 * metres apart.
 */
export function groupedOnScreen<P extends { location: { lat: number; lon: number } }>(siteMap: SiteMap, posts: P[], spacingPx = 36): P[][] {
  const groups: { x: number; y: number; posts: P[] }[] = [];
  for (const post of posts) {
    const { x, y } = siteMap.map.latLngToLayerPoint([post.location.lat, post.location.lon]);
    const near = groups.find((group) => Math.max(Math.abs(group.x - x), Math.abs(group.y - y)) < spacingPx);
    if (near) near.posts.push(post);
    else groups.push({ x, y, posts: [post] });
  }
  return groups.map((group) => group.posts);
}

/** The marker of posts grouped in one place: how many, at the first one's place, named with `name` for screen readers. */
export const groupMarker = (
  siteMap: SiteMap,
  first: { location: { lat: number; lon: number } },
  count: number,
  name: string,
): Leaflet.Marker => symbolMarker(siteMap, first.location, groupSymbol(count), name);

/** The map's legend: the symbols in words. */
export const mapLegend = (options: { groups?: boolean } = {}): HTMLElement =>
  h(
    'div',
    { className: 'map-legend' },
    h('p', { id: 'map-legend-title' }, t('map.legend')),
    h(
      'ul',
      { 'aria-labelledby': 'map-legend-title' },
      h('li', {}, kindSymbol('offer'), ` ${t('map.legendOffer')}`),
      h('li', {}, kindSymbol('request'), ` ${t('map.legendRequest')}`),
      options.groups ? h('li', {}, groupSymbol(3), ` ${t('map.legendGroup')}`) : null,
      h('li', {}, h('span', { className: 'marker marker-you', 'aria-hidden': 'true' }), ` ${t('map.you')}`),
    ),
  );

/** Zoom at which a circle of `radiusKm` fills about a 400-pixel map. */
export const zoomForRadius = (radiusKm: number): number => Math.max(5, Math.min(16, Math.round(14 - Math.log2(Math.max(radiusKm, 0.25)))));
