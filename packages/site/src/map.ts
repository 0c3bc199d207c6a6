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
export function loadLeaflet(): Promise<typeof Leaflet> {
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
export async function createMap(container: HTMLElement, center: { lat: number; lon: number }, zoom: number, areaRadiusKm?: number): Promise<SiteMap> {
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
    L.circle([center.lat, center.lon], { radius: areaRadiusKm * 1000, color: '#000091', weight: 2, fill: false, interactive: false }).addTo(map);
  }
  return { L, map };
}

/** Zoom at which a circle of `radiusKm` fills about a 400-pixel map. */
export const zoomForRadius = (radiusKm: number): number => Math.max(5, Math.min(16, Math.round(14 - Math.log2(Math.max(radiusKm, 0.25)))));
