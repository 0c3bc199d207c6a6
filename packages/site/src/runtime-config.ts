/** Per deployment settings (`/site-config.json`, written at build or deploy): tiles and geocoder. */
export interface SiteRuntimeConfig {
  tileUrl: string | null;
  tileAttribution: string;
  geocoder: 'stand-in' | 'ban';
}

let loaded: Promise<SiteRuntimeConfig> | undefined;
export const runtimeConfig = (): Promise<SiteRuntimeConfig> =>
  (loaded ??= fetch('/site-config.json')
    .then((response) => (response.ok ? (response.json() as Promise<SiteRuntimeConfig>) : Promise.reject(new Error('no config'))))
    .catch(() => ({ tileUrl: null, tileAttribution: '', geocoder: 'stand-in' as const })));
