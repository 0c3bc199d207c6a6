/**
 * The site's Content-Security-Policy: no inline script or style, nothing from elsewhere but what a
 * deployment names (a tile server's origin for the map, the geocoder's for addresses).
 */
export function contentSecurityPolicy(
  options: { tileOrigin?: string | null; geocoderOrigin?: string | null; uploadOrigin?: string | null } = {},
): string {
  const img = ["'self'", 'data:', ...(options.tileOrigin ? [options.tileOrigin] : [])].join(' ');
  // The gallery's presigned uploads go straight to the bucket's own origin (decision 0015).
  const connect = [
    "'self'",
    ...(options.geocoderOrigin ? [options.geocoderOrigin] : []),
    ...(options.uploadOrigin ? [options.uploadOrigin] : []),
  ].join(' ');
  return `default-src 'self'; script-src 'self'; style-src 'self'; img-src ${img}; connect-src ${connect}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'`;
}

/** The national address service (France), when a deployment picks `geocoder: 'ban'`. */
export const banGeocoderOrigin = 'https://api-adresse.data.gouv.fr';
