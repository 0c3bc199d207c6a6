import { tenantId } from './api.js';

/** Where the reader last searched from (an address or their position), kept for this tab and tenant. */
export interface ReaderPosition {
  lat: number;
  lon: number;
  /** The place in words: the address chosen, or "your position". */
  place: string;
}

const storageKey = () => `entraide:reader:${tenantId ?? ''}`;

export function rememberReaderPosition(position: ReaderPosition): void {
  try {
    sessionStorage.setItem(storageKey(), JSON.stringify(position));
  } catch {
    // No storage (private browsing): the post page then shows no distance.
  }
}

export function readerPosition(): ReaderPosition | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(storageKey()) ?? 'null') as Partial<ReaderPosition> | null;
    return stored && typeof stored.lat === 'number' && typeof stored.lon === 'number' && typeof stored.place === 'string'
      ? { lat: stored.lat, lon: stored.lon, place: stored.place }
      : null;
  } catch {
    return null;
  }
}
