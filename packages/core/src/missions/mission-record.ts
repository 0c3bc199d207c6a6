import type { LatLon } from '../geo/schemas.js';

export type MissionStatus = 'pending_verification' | 'pending_moderation' | 'published' | 'hidden' | 'rejected' | 'closed';

export interface ShiftRecord {
  id: string;
  start: string;
  end: string;
  places: number;
  status: 'open' | 'cancelled';
}

/** An organisation's mission: what it is, where, and its shifts. The organisation's contact is public on purpose. */
export interface MissionRecord {
  tenantId: string;
  id: string;
  section: string;
  status: MissionStatus;
  title: string;
  description: string;
  organisation: { name: string; phone?: string; website?: string };
  address: string;
  location: LatLon;
  requirements?: { minimumAge?: number; equipment?: string; skills?: string };
  shifts: ShiftRecord[];
  /** The organiser, who manages the mission by the mailed link; never shown. */
  author: { name: string; email: string };
  tokenHash: string;
  createdAt: string;
  updatedAt: string;
  publishedAt?: string;
  /** Why staff rejected or hid it (told to the organiser on a rejection). */
  moderationReason?: string;
  version: number;
}

/**
 * Who holds a shift's places and who waits, in the order they confirmed: the one item every change
 * of a shift's places is a single conditional write of (`MissionStore`). The sign-up items follow it.
 */
export interface ShiftLedger {
  places: number;
  /** Sign-up ids holding a place; never more than `places`. */
  confirmed: string[];
  /** Sign-up ids waiting, first first: a position is the index + 1. */
  waiting: string[];
  cancelled: boolean;
}

export type StoredSignUpStatus = 'pending_verification' | 'confirmed' | 'waiting' | 'withdrawn';

export interface SignUpRecord {
  tenantId: string;
  id: string;
  missionId: string;
  shiftId: string;
  /** As last written; the shift's ledger is the truth where they differ (a write that failed halfway). */
  status: StoredSignUpStatus;
  name: string;
  email: string;
  phone?: string;
  message?: string;
  shareContact: boolean;
  /** The address, hashed: one place per address on a shift. */
  personKey: string;
  tokenHash: string;
  createdAt: string;
  updatedAt: string;
  confirmedAt?: string;
  withdrawnAt?: string;
  /** When the day-before reminder went out (at most once). */
  remindedAt?: string;
  version: number;
}

/** What a place on a shift is for a sign-up, from its shift's ledger. */
export type Placement = { status: 'confirmed' } | { status: 'waiting'; position: number } | { status: 'none' };

export function placementIn(ledger: ShiftLedger | undefined, signUpId: string): Placement {
  if (!ledger) return { status: 'none' };
  if (ledger.confirmed.includes(signUpId)) return { status: 'confirmed' };
  const index = ledger.waiting.indexOf(signUpId);
  return index >= 0 ? { status: 'waiting', position: index + 1 } : { status: 'none' };
}

/** The sign-up's status as the volunteer sees it: the ledger's word, else what was stored (not confirmed yet, or withdrawn). */
export function signUpView(signUp: SignUpRecord, ledger: ShiftLedger | undefined) {
  const placement = placementIn(ledger, signUp.id);
  const status =
    placement.status === 'none' ? (signUp.status === 'pending_verification' ? 'pending_verification' : 'withdrawn') : placement.status;
  return {
    id: signUp.id,
    missionId: signUp.missionId,
    shiftId: signUp.shiftId,
    status,
    ...(placement.status === 'waiting' ? { position: placement.position } : {}),
  };
}
export type SignUpView = ReturnType<typeof signUpView>;

/** A shift as anyone may see it: its places, how many are left, whether one may still wait for one. */
export function publicShift(shift: ShiftRecord, ledger: ShiftLedger | undefined, now: Date, maxWaiting: number) {
  const taken = ledger?.confirmed.length ?? 0;
  const waiting = ledger?.waiting.length ?? 0;
  const closed = shift.status === 'cancelled' || Date.parse(shift.start) <= now.getTime();
  return {
    id: shift.id,
    start: shift.start,
    end: shift.end,
    places: shift.places,
    placesLeft: Math.max(0, shift.places - taken),
    waiting,
    waitingListOpen: !closed && taken >= shift.places && waiting < maxWaiting,
    status: shift.status === 'cancelled' ? 'cancelled' : closed ? 'past' : taken >= shift.places ? 'full' : 'open',
  };
}
