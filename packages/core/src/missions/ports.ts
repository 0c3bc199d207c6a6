import type { CurveRange } from '../geo/index.js';
import type { Page } from '../shared/index.js';
import type { MissionRecord, MissionStatus, ShiftLedger, SignUpRecord } from './mission-record.js';

/** A shift as the list by start holds it: its ledger's counts, and where it is in that list (a page goes on after it). */
export interface UpcomingShift {
  missionId: string;
  shiftId: string;
  start: string;
  places: number;
  taken: number;
  position: string;
}

/** What taking a place gave: a place, a position on the waiting list, or a refusal. */
export type TakeOutcome =
  /**
   * `placedNow`: this call's own write took the place. False when an earlier attempt for the same
   * sign-up already had (a retry whose first answer was lost): only a place taken now can have
   * filled the shift.
   */
  | { outcome: 'confirmed'; taken: number; places: number; placedNow: boolean }
  | { outcome: 'waiting'; position: number }
  | { outcome: 'already_signed_up' }
  | { outcome: 'waiting_list_full' }
  | { outcome: 'shift_closed' };

/**
 * Storage of one tenant's missions, shifts and sign-ups. A shift's places are one ledger item per
 * shift, changed only by single conditional writes (no transaction): it can never hold more
 * confirmed sign-ups than places, whatever runs at once. The sign-up items are written after it and
 * brought back in line with it by `repair` (the service's) when a write between the two failed.
 */
export interface MissionStore {
  insertMission(mission: MissionRecord): Promise<void>;
  getMission(tenantId: string, missionId: string): Promise<MissionRecord | undefined>;
  /** Writes `mission` if the stored version is still `expectedVersion`, else throws ConcurrentUpdateError. */
  replaceMission(mission: MissionRecord, expectedVersion: number): Promise<void>;
  /** The tenant's missions of one status, oldest first (staff's lists); `cursor` is one this list gave. */
  listMissionsByStatus(tenantId: string, status: MissionStatus, page: { limit: number; cursor?: string }): Promise<Page<MissionRecord>>;
  /**
   * The published missions whose point's key on the curve lies in `range` (within one partition cell, as
   * geo's `splitByPartition` gives), read whole: the nearest-first list's reads. Counted for the bench.
   */
  publishedMissionsIn(tenantId: string, range: CurveRange): Promise<{ missions: MissionRecord[]; itemsRead: number; queries: number }>;
  /** Creates a shift's ledger (idempotent: an existing one is left as it is). */
  openShift(tenantId: string, missionId: string, shift: { id: string; places: number; start: string }): Promise<void>;
  getLedger(tenantId: string, missionId: string, shiftId: string): Promise<ShiftLedger | undefined>;
  /** Marks the shift's ledger cancelled: no place or position is taken from then on (idempotent). */
  cancelShift(tenantId: string, missionId: string, shiftId: string): Promise<void>;
  /**
   * Gives the sign-up a place while there are some, else the end of the waiting list. Idempotent:
   * a sign-up already placed gets its place back. One address holds one place or one position.
   */
  takePlace(
    tenantId: string,
    missionId: string,
    shiftId: string,
    signUp: { id: string; personKey: string },
    maxWaiting: number,
  ): Promise<TakeOutcome>;
  /** Takes the sign-up off the shift (its place or its position); false when it held neither. */
  releasePlace(tenantId: string, missionId: string, shiftId: string, signUp: { id: string; personKey: string }): Promise<boolean>;
  /** Moves the first waiting sign-ups to the places left; answers who got one. */
  promoteWaiting(tenantId: string, missionId: string, shiftId: string): Promise<string[]>;

  insertSignUp(signUp: SignUpRecord): Promise<void>;
  getSignUp(tenantId: string, signUpId: string): Promise<SignUpRecord | undefined>;
  /** Writes `signUp` if the stored version is still `expectedVersion`, else throws ConcurrentUpdateError. */
  replaceSignUp(signUp: SignUpRecord, expectedVersion: number): Promise<void>;
  /** Every sign-up of a shift, in the order they were made. */
  signUpsOfShift(tenantId: string, missionId: string, shiftId: string): Promise<SignUpRecord[]>;
  /** Shifts starting in [from, to] (ISO instants), soonest first, at most `limit`; a page goes on after a `position` it gave. */
  shiftsStartingBetween(
    tenantId: string,
    from: string,
    to: string,
    page: { after?: string; limit: number },
  ): Promise<{ items: UpcomingShift[]; more: boolean }>;
  /** Sets the sign-up's `remindedAt` (and a new version) unless it is set: true when this call set it. */
  markReminded(tenantId: string, signUpId: string, at: string): Promise<boolean>;
}
