import type * as Leaflet from 'leaflet';
import { h, say } from './dom.js';
import { field } from './form.js';
import { geocoder } from './geocoder.js';
import { formatNumber, t } from './i18n.js';
import { createMap, zoomForRadius, type SiteMap } from './map.js';

/**
 * Where a post is: an address typed (the geocoder), "use my position", or a click on the map.
 * The point always shows as numbers the resident can read and correct, and on the map.
 */
export function locationPicker(area: { center: { lat: number; lon: number }; radiusKm: number }, start?: { lat: number; lon: number }) {
  const latInput = h('input', { name: 'lat', inputmode: 'decimal', autocomplete: 'off' });
  const lonInput = h('input', { name: 'lon', inputmode: 'decimal', autocomplete: 'off' });
  const addressInput = h('input', { name: 'address', type: 'text', autocomplete: 'street-address' });
  const status = h('p', { className: 'point', role: 'status' });
  const results = h('div', { className: 'address-results' });
  const mapBox = h('div', { className: 'map map-small', id: 'location-map', tabindex: 0 });
  let siteMap: SiteMap | undefined;
  let marker: Leaflet.CircleMarker | undefined;

  const current = (): { lat: number; lon: number } | null => {
    const lat = Number(latInput.value.replace(',', '.'));
    const lon = Number(lonInput.value.replace(',', '.'));
    return latInput.value.trim() && lonInput.value.trim() && Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : null;
  };
  const showPoint = () => {
    const point = current();
    say(status, point ? t('form.point', { lat: formatNumber(point.lat, 5), lon: formatNumber(point.lon, 5) }) : '');
    if (point && siteMap) {
      if (marker) marker.setLatLng([point.lat, point.lon]);
      else
        marker = siteMap.L.circleMarker([point.lat, point.lon], {
          radius: 9,
          color: '#000091',
          weight: 3,
          fillColor: '#ffffff',
          fillOpacity: 1,
        }).addTo(siteMap.map);
      siteMap.map.panTo([point.lat, point.lon]);
    }
  };
  const setPoint = (lat: number, lon: number) => {
    latInput.value = lat.toFixed(5);
    lonInput.value = lon.toFixed(5);
    showPoint();
  };
  latInput.addEventListener('change', showPoint);
  lonInput.addEventListener('change', showPoint);

  const findAddress = async () => {
    const query = addressInput.value.trim();
    results.replaceChildren();
    if (!query) return;
    const places = await (await geocoder()).search(query, area.center);
    if (places.length === 0) {
      results.append(h('p', { role: 'status' }, t('form.addressNone')));
      return;
    }
    const list = h(
      'ul',
      {},
      ...places.map((place) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              className: 'link-like',
              onclick: () => {
                addressInput.value = place.label;
                setPoint(place.lat, place.lon);
                results.replaceChildren();
                addressInput.focus();
              },
            },
            place.label,
          ),
        ),
      ),
    );
    results.append(h('p', { role: 'status' }, t('form.addressResults')), list);
  };
  addressInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void findAddress();
    }
  });

  const usePosition = () => {
    if (!navigator.geolocation) return say(status, t('form.positionDenied'));
    navigator.geolocation.getCurrentPosition(
      (position) => setPoint(position.coords.latitude, position.coords.longitude),
      () => say(status, t('form.positionDenied')),
      { timeout: 10_000 },
    );
  };

  const element = h(
    'fieldset',
    { className: 'location' },
    h('legend', {}, t('form.where'), h('span', { className: 'required' }, ` (${t('form.required')})`)),
    h('p', { className: 'hint', id: 'where-hint' }, t('form.whereHint')),
    h(
      'div',
      { className: 'address-row' },
      field({ id: 'address', label: t('form.address'), hint: t('form.addressHint') }, addressInput),
      h('button', { type: 'button', className: 'secondary', onclick: () => void findAddress() }, t('form.findAddress')),
    ),
    results,
    h('button', { type: 'button', className: 'secondary', onclick: usePosition }, t('form.usePosition')),
    h('p', { className: 'hint' }, t('form.mapHint')),
    mapBox,
    h(
      'div',
      { className: 'row' },
      field({ id: 'lat', label: t('form.lat'), required: true }, latInput),
      field({ id: 'lon', label: t('form.lon'), required: true }, lonInput),
    ),
    status,
    h('p', { className: 'field-error', id: 'location-error' }),
  );

  /** Called once the page is shown: the map comes after the first render. */
  const attachMap = async () => {
    siteMap = await createMap(mapBox, start ?? area.center, zoomForRadius(Math.min(area.radiusKm, 3)), area.radiusKm);
    siteMap.map.on('click', (event: Leaflet.LeafletMouseEvent) => setPoint(event.latlng.lat, event.latlng.lng));
    showPoint();
  };

  if (start) setPoint(start.lat, start.lon);
  return {
    element,
    attachMap,
    value: (): { lat: number; lon: number } | null => current(),
    reset: () => {
      latInput.value = '';
      lonInput.value = '';
      addressInput.value = '';
      marker?.remove();
      marker = undefined;
      showPoint();
    },
  };
}
