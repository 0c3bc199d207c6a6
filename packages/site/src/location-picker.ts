import type * as Leaflet from 'leaflet';
import { h, say } from './dom.js';
import { field } from './form.js';
import { geocoder, localityLabel, type GeocodedPlace } from './geocoder.js';
import { t } from './i18n.js';
import { createMap, zoomForRadius, type SiteMap } from './map.js';

interface Point {
  lat: number;
  lon: number;
}

/**
 * Where a post is, in words: an address or a place typed (the geocoder), "use my position", or a
 * tap on the map (or, by keyboard, the map moved with the arrows and "place the point at the centre
 * of the map"). The point is said as the place chosen or the locality it falls in, never as numbers.
 * Coordinates stay behind a closed disclosure, optional: for staff who were given them on the phone.
 * An address the geocoder does not know is said so, with suggestions: the point is never guessed.
 */
export function locationPicker(area: { center: Point; radiusKm: number }, start?: Point) {
  const latInput = h('input', { name: 'lat', inputmode: 'decimal', autocomplete: 'off' });
  const lonInput = h('input', { name: 'lon', inputmode: 'decimal', autocomplete: 'off' });
  const addressInput = h('input', { name: 'address', type: 'text', autocomplete: 'street-address' });
  const status = h('p', { className: 'point', role: 'status', id: 'location-point' });
  const results = h('div', { className: 'address-results', id: 'address-results' });
  const mapBox = h('div', { className: 'map map-small', id: 'location-map', tabindex: 0 });
  let siteMap: SiteMap | undefined;
  let marker: Leaflet.CircleMarker | undefined;
  /** The words that name the point: the place chosen, or what reverse geocoding said. */
  let pointWords = '';

  const current = (): Point | null => {
    const lat = Number(latInput.value.replace(',', '.'));
    const lon = Number(lonInput.value.replace(',', '.'));
    return latInput.value.trim() && lonInput.value.trim() && Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : null;
  };
  const drawPoint = () => {
    const point = current();
    if (!siteMap) return;
    if (!point) {
      marker?.remove();
      marker = undefined;
      return;
    }
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
  };
  const showPoint = () => {
    say(status, current() ? (pointWords ? t('form.point', { place: pointWords }) : t('form.pointPlaced')) : '');
    drawPoint();
  };
  const setCoordinates = (point: Point) => {
    latInput.value = point.lat.toFixed(5);
    lonInput.value = point.lon.toFixed(5);
  };
  /** A point from the map or the device: named after the locality it falls in, once the geocoder answers. */
  const setPointAndName = (point: Point) => {
    setCoordinates(point);
    pointWords = '';
    showPoint();
    void (async () => {
      const locality = await (await geocoder()).reverse(point).catch(() => null);
      const still = current();
      if (!locality || !still || still.lat !== Number(point.lat.toFixed(5)) || still.lon !== Number(point.lon.toFixed(5))) return;
      pointWords = t('form.pointNear', { place: localityLabel(locality) });
      showPoint();
    })();
  };
  const choosePlace = (place: GeocodedPlace) => {
    addressInput.value = place.label;
    setCoordinates(place);
    pointWords = place.label;
    showPoint();
    results.replaceChildren();
    addressInput.focus();
  };
  /** Coordinates typed by hand (staff): named like a tap on the map. */
  const onTyped = () => {
    const point = current();
    if (point) setPointAndName(point);
    else showPoint();
  };
  latInput.addEventListener('change', onTyped);
  lonInput.addEventListener('change', onTyped);
  addressInput.addEventListener('input', () => {
    // A new address typed: the point chosen for the old one no longer holds.
    if (pointWords && addressInput.value.trim() !== pointWords) {
      latInput.value = '';
      lonInput.value = '';
      pointWords = '';
      showPoint();
    }
  });

  const placeButtons = (places: GeocodedPlace[]) =>
    h(
      'ul',
      {},
      ...places.map((place) =>
        h('li', {}, h('button', { type: 'button', className: 'link-like', onclick: () => choosePlace(place) }, place.label)),
      ),
    );

  /** Looks the typed address up; says what it found, or that it found nothing and what is near. */
  const findAddress = async (): Promise<void> => {
    const query = addressInput.value.trim();
    results.replaceChildren();
    if (!query) return;
    const found = await (await geocoder()).search(query, area.center);
    if (found.length > 0) {
      results.append(h('p', { role: 'status' }, t('form.addressResults')), placeButtons(found));
      return;
    }
    const suggestions = await (await geocoder()).suggest(query, area.center, area.radiusKm);
    results.append(
      h('p', { role: 'alert', className: 'notice error', id: 'address-unknown' }, t('form.addressUnknown', { address: query })),
      ...(suggestions.length > 0 ? [h('p', {}, t('form.addressSuggestions')), placeButtons(suggestions)] : []),
    );
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
      (position) => setPointAndName({ lat: position.coords.latitude, lon: position.coords.longitude }),
      () => say(status, t('form.positionDenied')),
      { timeout: 10_000 },
    );
  };
  const useMapCentre = () => {
    if (!siteMap) return;
    const centre = siteMap.map.getCenter();
    setPointAndName({ lat: centre.lat, lon: centre.lng });
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
    h('button', { type: 'button', className: 'secondary', onclick: useMapCentre }, t('form.useMapCentre')),
    status,
    h(
      'details',
      { className: 'coordinates' },
      h('summary', {}, t('form.coordinates')),
      h('p', { className: 'hint' }, t('form.coordinatesHint')),
      h(
        'div',
        { className: 'row' },
        field({ id: 'lat', label: t('form.lat') }, latInput),
        field({ id: 'lon', label: t('form.lon') }, lonInput),
      ),
    ),
  );

  /** Called once the page is shown: the map comes after the first render. */
  const attachMap = async () => {
    siteMap = await createMap(mapBox, start ?? area.center, zoomForRadius(Math.min(area.radiusKm, 3)), area.radiusKm);
    siteMap.map.on('click', (event: Leaflet.LeafletMouseEvent) => setPointAndName({ lat: event.latlng.lat, lon: event.latlng.lng }));
    drawPoint();
  };

  if (start) setPointAndName(start);
  return {
    element,
    attachMap,
    value: (): Point | null => current(),
    /** What the resident typed in the address field and has not turned into a point yet (empty if none). */
    pendingAddress: (): string => (current() ? '' : addressInput.value.trim()),
    /** Looks up the pending address (on sending the form): the resident then chooses among the answers. */
    findAddress,
    reset: () => {
      latInput.value = '';
      lonInput.value = '';
      addressInput.value = '';
      pointWords = '';
      results.replaceChildren();
      showPoint();
    },
  };
}
