import { DomainError, assertLinkToken, changeVersioned, invalidInput, notFound, siteLinks } from '../shared/index.js';
import { counterNames, countEvent } from '../stats/index.js';
import { assertTenantChoices } from '../posts/index.js';
import { shiftCancelledMail } from './mission-mails.js';
import { publicShift, type MissionRecord, type ShiftRecord } from './mission-record.js';
import { maxShiftsPerMission, maxWaitingPerShift, type EditMissionInput, type ShiftInput } from './mission-schemas.js';
import type { MissionServiceDeps } from './mission-service.js';

/**
 * The organiser manages the mission with the link of its first mail (`Authorization: Bearer
 * <token>`): edits it, adds a shift, cancels one (every volunteer holding a place or waiting is
 * mailed), closes it (every shift to come cancelled the same way). Cancelling writes the shift's
 * ledger first (no place can be taken from then on), then the mission, then the mails (each keyed:
 * sent once): a failure between them is repaired by cancelling again, which redoes only what is left.
 */
export function missionManagementService(deps: MissionServiceDeps) {
  const { tenant, missionStore: store, clock, random, mailer } = deps;
  const links = siteLinks(deps.siteUrl, tenant.id);

  async function ownMission(missionId: string, token: string): Promise<MissionRecord> {
    const mission = await store.getMission(tenant.id, missionId);
    if (!mission || mission.status === 'pending_verification') throw notFound('Mission');
    assertLinkToken(token, mission.tokenHash, 'mission');
    return mission;
  }

  const change = (missionId: string, token: string, apply: (mission: MissionRecord, now: Date) => MissionRecord) =>
    changeVersioned(
      {
        read: () => store.getMission(tenant.id, missionId),
        write: (record, expected) => store.replaceMission(record, expected),
        clock,
        what: 'Mission',
      },
      (current, now) => {
        assertLinkToken(token, current.tokenHash, 'mission');
        return apply(current, now);
      },
    );

  const assertNotClosed = (mission: MissionRecord) => {
    if (mission.status === 'closed' || mission.status === 'rejected') {
      throw new DomainError(409, 'mission_closed', 'This mission is closed');
    }
  };

  /** Ledger, then mission, then one mail per volunteer of the shift (keyed); every step may run again. */
  async function cancelShift(mission: MissionRecord, shift: ShiftRecord, token: string): Promise<number> {
    await store.cancelShift(tenant.id, mission.id, shift.id);
    const written = await change(mission.id, token, (current) => ({
      ...current,
      shifts: current.shifts.map((candidate) => (candidate.id === shift.id ? { ...candidate, status: 'cancelled' } : candidate)),
    }));
    const ledger = await store.getLedger(tenant.id, mission.id, shift.id);
    const told = [...(ledger?.confirmed ?? []), ...(ledger?.waiting ?? [])];
    for (const signUpId of told) {
      const signUp = await store.getSignUp(tenant.id, signUpId);
      if (signUp) await mailer.send(shiftCancelledMail({ tenant, mission: written, shift, signUp, links }));
    }
    if (shift.status !== 'cancelled') await countEvent(deps.stats, tenant, clock.now(), { [counterNames.shiftsCancelled]: 1 });
    return told.length;
  }

  return {
    /** The organiser's view: the mission and each shift's places, waiting list and confirmed volunteers (their contact as they chose). */
    async own(missionId: string, token: string) {
      const mission = await ownMission(missionId, token);
      const now = clock.now();
      const shifts = await Promise.all(
        mission.shifts.map(async (shift) => {
          const ledger = await store.getLedger(tenant.id, mission.id, shift.id);
          const volunteers = [];
          for (const signUpId of ledger?.confirmed ?? []) {
            const signUp = await store.getSignUp(tenant.id, signUpId);
            if (!signUp) continue;
            volunteers.push({
              name: signUp.name,
              ...(signUp.phone ? { phone: signUp.phone } : {}),
              // The relay's rule: a volunteer's address is shown only if they ticked that it may be.
              ...(signUp.shareContact ? { email: signUp.email } : {}),
              ...(signUp.message ? { message: signUp.message } : {}),
            });
          }
          return { ...publicShift(shift, ledger, now, maxWaitingPerShift), volunteers };
        }),
      );
      const { tokenHash: _token, author: _author, tenantId: _tenant, version: _version, ...shown } = mission;
      return { ...shown, shifts };
    },

    /** Edits what the mission says; where the tenant moderates first, a published mission goes back to review. */
    async edit(missionId: string, token: string, input: EditMissionInput) {
      if (input.location) assertTenantChoices(tenant, { location: input.location }, clock.now());
      const mission = await change(missionId, token, (current) => {
        assertNotClosed(current);
        const backToReview = tenant.features.moderation === 'before' && current.status === 'published';
        return {
          ...current,
          ...input,
          organisation: input.organisation ?? current.organisation,
          ...(backToReview ? { status: 'pending_moderation' as const } : {}),
        };
      });
      return { id: mission.id, status: mission.status };
    },

    /** Adds a shift: its ledger first (a shift is never shown without one), then the mission. */
    async addShift(missionId: string, token: string, input: ShiftInput) {
      const mission = await ownMission(missionId, token);
      assertNotClosed(mission);
      if (Date.parse(input.end) <= clock.now().getTime()) throw invalidInput([{ path: 'end', message: 'in the past' }]);
      if (mission.shifts.length >= maxShiftsPerMission) {
        throw invalidInput([{ path: 'start', message: `at most ${maxShiftsPerMission} shifts on a mission` }]);
      }
      const shift: ShiftRecord = {
        id: random.id(),
        start: new Date(input.start).toISOString(),
        end: new Date(input.end).toISOString(),
        places: input.places,
        status: 'open',
      };
      await store.openShift(tenant.id, mission.id, shift);
      await change(missionId, token, (current) => {
        assertNotClosed(current);
        if (current.shifts.length >= maxShiftsPerMission) {
          throw invalidInput([{ path: 'start', message: `at most ${maxShiftsPerMission} shifts on a mission` }]);
        }
        return { ...current, shifts: [...current.shifts, shift] };
      });
      return { id: shift.id, start: shift.start, end: shift.end, places: shift.places };
    },

    /** Cancels a shift; every volunteer holding a place or waiting is mailed. Cancelling again repairs a half-done cancel. */
    async cancelShift(missionId: string, shiftId: string, token: string): Promise<{ status: 'cancelled'; told: number }> {
      const mission = await ownMission(missionId, token);
      const shift = mission.shifts.find((candidate) => candidate.id === shiftId);
      if (!shift) throw notFound('Shift');
      return { status: 'cancelled', told: await cancelShift(mission, shift, token) };
    },

    /** Closes the mission: every shift still to come is cancelled (its volunteers mailed), then the mission leaves the lists. */
    async close(missionId: string, token: string): Promise<{ status: 'closed'; told: number }> {
      const mission = await ownMission(missionId, token);
      const now = clock.now().getTime();
      let told = 0;
      for (const shift of mission.shifts) {
        if (Date.parse(shift.start) > now) told += await cancelShift(await ownMission(missionId, token), shift, token);
      }
      const closed = await change(missionId, token, (current) => ({ ...current, status: 'closed' }));
      if (mission.status !== 'closed')
        await countEvent(deps.stats, tenant, clock.now(), { [counterNames.missionsReachedStatus('closed')]: 1 });
      return { status: closed.status as 'closed', told };
    },
  };
}

export type MissionManagementService = ReturnType<typeof missionManagementService>;
