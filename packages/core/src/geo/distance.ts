export interface LatLon {
  lat: number;
  lon: number;
}

/** The mean Earth radius (IUGG), for distances and cell sizes alike. */
export const earthRadiusKm = 6371.0088;
const toRadians = (degrees: number): number => (degrees * Math.PI) / 180;
const toDegrees = (radians: number): number => (radians * 180) / Math.PI;

/** Great-circle distance (haversine). */
export function distanceKm(from: LatLon, to: LatLon): number {
  const dLat = toRadians(to.lat - from.lat);
  const dLon = toRadians(to.lon - from.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(from.lat)) * Math.cos(toRadians(to.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusKm * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The point reached by going `distance` km from `from` on an initial `bearing` (radians). */
export function destination(from: LatLon, distance: number, bearing: number): LatLon {
  const angular = distance / earthRadiusKm;
  const lat1 = toRadians(from.lat);
  const lon1 = toRadians(from.lon);
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(angular) + Math.cos(lat1) * Math.sin(angular) * Math.cos(bearing));
  const lon2 =
    lon1 + Math.atan2(Math.sin(bearing) * Math.sin(angular) * Math.cos(lat1), Math.cos(angular) - Math.sin(lat1) * Math.sin(lat2));
  return { lat: toDegrees(lat2), lon: ((toDegrees(lon2) + 540) % 360) - 180 };
}

/** Public views never show a point closer than this to the real one. */
export const minimumBlurKm = 0.5;
const maximumBlurKm = 1.0;
/** The farthest a public point lies from its exact one: the blur, and its rounding to ~10 m. */
export const publicPointReachKm = maximumBlurKm + 0.02;

/**
 * A public stand-in for a private point: between 500 m and 1 km away in a random direction.
 * Drawn once per post and stored, so that asking from several places cannot average it away.
 * `fractions` are two uniform draws in [0, 1).
 */
export function blurLocation(exact: LatLon, fractions: [number, number]): LatLon {
  const distance = minimumBlurKm + 0.02 + fractions[0] * (maximumBlurKm - minimumBlurKm - 0.02);
  const blurred = destination(exact, distance, fractions[1] * 2 * Math.PI);
  // Rounded to ~10 m: more digits would only pretend to a precision the point does not have.
  return { lat: Math.round(blurred.lat * 1e4) / 1e4, lon: Math.round(blurred.lon * 1e4) / 1e4 };
}
