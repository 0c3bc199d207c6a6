import { lang } from './i18n.js';

export interface ShiftView {
  id: string;
  start: string;
  end: string;
  places: number;
  placesLeft: number;
  waiting?: number;
  waitingListOpen?: boolean;
  status?: 'open' | 'full' | 'past' | 'cancelled';
}

export interface MissionSummary {
  id: string;
  title: string;
  organisation: { name: string };
  address: string;
  distanceKm?: number;
  nextShift: ShiftView;
}

export interface MissionView {
  id: string;
  title: string;
  description: string;
  organisation: { name: string; phone?: string; website?: string };
  address: string;
  requirements?: { minimumAge?: number; equipment?: string; skills?: string };
  shifts: ShiftView[];
}

const locale = () => (lang === 'en' ? 'en-GB' : 'fr-FR');

/** A shift's day and hours, in the resident's language and the browser's time zone. */
export function shiftWhen(shift: { start: string; end: string }): string {
  const day = new Date(shift.start).toLocaleDateString(locale(), { weekday: 'long', day: 'numeric', month: 'long' });
  const hour = (iso: string) => new Date(iso).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' });
  return `${day}, ${hour(shift.start)} – ${hour(shift.end)}`;
}
