import { runtimeConfig } from './runtime-config.js';

/** A place found for what the resident typed. */
interface GeocodedPlace {
  label: string;
  lat: number;
  lon: number;
}

/** The port: an address in, a few places out, nearest to `near` first. */
export interface Geocoder {
  search(query: string, near?: { lat: number; lon: number }): Promise<GeocodedPlace[]>;
}

const normalise = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

const squaredDistance = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) => (a.lat - b.lat) ** 2 + (a.lon - b.lon) ** 2;

/** Locally and in tests: a short list of places served with the site, every word must match. */
const standInGeocoder: Geocoder = {
  async search(query, near) {
    const response = await fetch('/geocoder-stand-in.json');
    const places = (await response.json()) as GeocodedPlace[];
    const words = normalise(query).split(' ').filter(Boolean);
    const found = places.filter((place) => words.length > 0 && words.every((word) => normalise(place.label).includes(word)));
    if (near) found.sort((a, b) => squaredDistance(a, near) - squaredDistance(b, near));
    return found.slice(0, 5);
  },
};

/** In production in France: the national address service (Base Adresse Nationale). */
const banGeocoder: Geocoder = {
  async search(query, near) {
    const url = new URL('https://api-adresse.data.gouv.fr/search/');
    url.searchParams.set('q', query);
    url.searchParams.set('limit', '5');
    if (near) {
      url.searchParams.set('lat', String(near.lat));
      url.searchParams.set('lon', String(near.lon));
    }
    const response = await fetch(url);
    if (!response.ok) return [];
    const body = (await response.json()) as { features: { properties: { label: string }; geometry: { coordinates: [number, number] } }[] };
    return body.features.map((feature) => ({
      label: feature.properties.label,
      lon: feature.geometry.coordinates[0],
      lat: feature.geometry.coordinates[1],
    }));
  },
};

export async function geocoder(): Promise<Geocoder> {
  return (await runtimeConfig()).geocoder === 'ban' ? banGeocoder : standInGeocoder;
}
