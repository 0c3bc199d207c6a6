import { runtimeConfig } from './runtime-config.js';
import { schemas } from './schemas.js';

interface Point {
  lat: number;
  lon: number;
}

/** A place found for what the resident typed. */
export interface GeocodedPlace extends Point {
  label: string;
}

/** Where a point is, in words: its commune, and its neighbourhood (or arrondissement) where one is known. */
export interface Locality {
  city: string;
  district?: string;
}

/** The port: an address in, a few places out, nearest to `near` first; and a point back to its locality. */
export interface Geocoder {
  search(query: string, near?: Point): Promise<GeocodedPlace[]>;
  /** Places near `near` whose name shares a word with the query: what to offer when nothing matched. */
  suggest(query: string, near: Point, withinKm: number): Promise<GeocodedPlace[]>;
  reverse(point: Point): Promise<Locality | null>;
}

/** Words that say nothing about where ("rue", "de", "la"…): a suggestion must share a word that does. */
const emptyWords = new Set(['rue', 'avenue', 'boulevard', 'place', 'de', 'du', 'des', 'la', 'le', 'les', 'l', 'd', 'et', 'a', 'au', 'aux']);

type Distance = (a: Point, b: Point) => number;

const nearestFirst = <T extends Point>(distanceKm: Distance, places: T[], near: Point): T[] =>
  places
    .map((place) => ({ place, km: distanceKm(place, near) }))
    .sort((a, b) => a.km - b.km)
    .map(({ place }) => place);

/** A locality in words: "Bécon, Courbevoie", or "Niort". */
export const localityLabel = (locality: Locality): string => (locality.district ? `${locality.district}, ${locality.city}` : locality.city);

interface StandInPlace extends GeocodedPlace, Locality {}

let standInPlaces: Promise<StandInPlace[]> | undefined;
const loadStandIn = () =>
  (standInPlaces ??= fetch('/geocoder-stand-in.json').then((response) =>
    response.ok ? (response.json() as Promise<StandInPlace[]>) : Promise.reject(new Error('no geocoder list')),
  ));

/** How far a point may be from the nearest known place and still be named after its commune. */
const standInReverseKm = 12;

/**
 * Locally and in tests: the demo tenants' streets and places, served with the site; every word typed
 * must match. Reverse geocoding names the commune (and neighbourhood) of the nearest known place.
 */
const standInGeocoder: Geocoder = {
  async search(query, near) {
    const [{ distanceKm, foldText }, places] = await Promise.all([schemas(), loadStandIn()]);
    const words = foldText(query).split(' ').filter(Boolean);
    if (words.length === 0) return [];
    const found = places.filter((place) => words.every((word) => foldText(place.label).includes(word)));
    return (near ? nearestFirst(distanceKm, found, near) : found).slice(0, 5).map(({ label, lat, lon }) => ({ label, lat, lon }));
  },
  async suggest(query, near, withinKm) {
    const [{ distanceKm, foldText }, places] = await Promise.all([schemas(), loadStandIn()]);
    const words = foldText(query)
      .split(' ')
      .filter((word) => word.length > 2 && !emptyWords.has(word));
    const inArea = places.filter((place) => distanceKm(place, near) <= withinKm);
    const sharing = inArea.filter((place) => words.some((word) => foldText(place.label).split(' ').includes(word)));
    return nearestFirst(distanceKm, sharing.length > 0 ? sharing : inArea, near)
      .slice(0, 3)
      .map(({ label, lat, lon }) => ({ label, lat, lon }));
  },
  async reverse(point) {
    const [{ distanceKm }, places] = await Promise.all([schemas(), loadStandIn()]);
    const [nearest] = nearestFirst(distanceKm, places, point);
    if (!nearest || distanceKm(nearest, point) > standInReverseKm) return null;
    return nearest.district ? { city: nearest.city, district: nearest.district } : { city: nearest.city };
  },
};

const banOrigin = 'https://api-adresse.data.gouv.fr';

interface BanFeatures {
  features: { properties: { label: string; city?: string; district?: string }; geometry: { coordinates: [number, number] } }[];
}

/** In production in France: the national address service (Base Adresse Nationale), which already forgives typing mistakes. */
const banGeocoder: Geocoder = {
  async search(query, near) {
    const url = new URL('/search/', banOrigin);
    url.searchParams.set('q', query);
    url.searchParams.set('limit', '5');
    if (near) {
      url.searchParams.set('lat', String(near.lat));
      url.searchParams.set('lon', String(near.lon));
    }
    const response = await fetch(url);
    if (!response.ok) return [];
    const body = (await response.json()) as BanFeatures;
    return body.features.map((feature) => ({
      label: feature.properties.label,
      lon: feature.geometry.coordinates[0],
      lat: feature.geometry.coordinates[1],
    }));
  },
  async suggest(query, near, withinKm) {
    // A looser query: the service's municipality and street names near the area, kept if inside it.
    const url = new URL('/search/', banOrigin);
    url.searchParams.set('q', query);
    url.searchParams.set('limit', '5');
    url.searchParams.set('autocomplete', '1');
    url.searchParams.set('lat', String(near.lat));
    url.searchParams.set('lon', String(near.lon));
    const response = await fetch(url);
    if (!response.ok) return [];
    const body = (await response.json()) as BanFeatures;
    const { distanceKm } = await schemas();
    return body.features
      .map((feature) => ({ label: feature.properties.label, lon: feature.geometry.coordinates[0], lat: feature.geometry.coordinates[1] }))
      .filter((place) => distanceKm(place, near) <= withinKm)
      .slice(0, 3);
  },
  async reverse(point) {
    const url = new URL('/reverse/', banOrigin);
    url.searchParams.set('lat', String(point.lat));
    url.searchParams.set('lon', String(point.lon));
    const response = await fetch(url);
    if (!response.ok) return null;
    const [feature] = ((await response.json()) as BanFeatures).features;
    const city = feature?.properties.city;
    if (!city) return null;
    return feature.properties.district ? { city, district: feature.properties.district } : { city };
  },
};

export async function geocoder(): Promise<Geocoder> {
  return (await runtimeConfig()).geocoder === 'ban' ? banGeocoder : standInGeocoder;
}
