import { addressKey } from '../mail/index.js';
import { DomainError, changeVersioned, enforceRateLimits, notFound, siteLinks, assertLinkToken, newLinkSecret } from '../shared/index.js';
import { counterNames, countEvent } from '../stats/index.js';
import { placeConfirmedMail, signUpVerificationMail, waitingListMail } from './mission-mails.js';
import { placementIn, signUpView, type MissionRecord, type ShiftRecord, type SignUpRecord, type SignUpView } from './mission-record.js';
import { maxWaitingPerShift, type SignUpInput } from './mission-schemas.js';
import type { MissionServiceDeps } from './mission-service.js';

const shiftClosed = () => new DomainError(409, 'shift_closed', 'This shift is cancelled or already started');

/**
 * Volunteers' sign-ups to a shift. The place is taken when the address is confirmed, in the order of
 * confirmation: the shift's ledger (one item) gives a place while some remain, else a position on
 * the waiting list. The sign-up item is written after the ledger; `repairShift` brings sign-ups back
 * in line with their ledger when that second write failed (the next confirmation of the same link
 * does it too, for its own sign-up).
 */
export function signUpService(deps: MissionServiceDeps) {
  const { tenant, missionStore: store, clock, random, mailer } = deps;
  const links = siteLinks(deps.siteUrl, tenant.id);

  async function missionAndShift(missionId: string, shiftId: string): Promise<{ mission: MissionRecord; shift: ShiftRecord }> {
    const mission = await store.getMission(tenant.id, missionId);
    const shift = mission?.shifts.find((candidate) => candidate.id === shiftId);
    if (!mission || !shift || mission.status !== 'published') throw notFound('Shift');
    return { mission, shift };
  }

  const isOpen = (shift: ShiftRecord) => shift.status === 'open' && Date.parse(shift.start) > clock.now().getTime();

  async function ownSignUp(signUpId: string, token: string): Promise<SignUpRecord> {
    const signUp = await store.getSignUp(tenant.id, signUpId);
    if (!signUp) throw notFound('Sign-up');
    assertLinkToken(token, signUp.tokenHash, 'sign-up');
    return signUp;
  }

  /** Writes the sign-up's status as its ledger says (a no-op when it already is). */
  const recordStatus = (signUpId: string, status: SignUpRecord['status']) =>
    changeVersioned(
      {
        read: () => store.getSignUp(tenant.id, signUpId),
        write: (record, expected) => store.replaceSignUp(record, expected),
        clock,
        what: 'Sign-up',
      },
      (current, now) =>
        current.status === status
          ? current
          : {
              ...current,
              status,
              ...(status === 'confirmed' ? { confirmedAt: now.toISOString() } : {}),
              ...(status === 'withdrawn' ? { withdrawnAt: now.toISOString() } : {}),
            },
    );

  /** Those the waiting list moved to a place: their items written, each mailed once (the mail's key). */
  async function settlePromoted(mission: MissionRecord, shift: ShiftRecord, promotedIds: string[]): Promise<void> {
    for (const id of promotedIds) {
      const signUp = await recordStatus(id, 'confirmed');
      // Only the hash of the volunteer's token is kept: this mail points to the link of their first one.
      await mailer.send(placeConfirmedMail({ tenant, mission, shift, signUp, links }, undefined, true));
      await countEvent(deps.stats, tenant, clock.now(), { [counterNames.volunteers]: 1, [counterNames.volunteersReached('promoted')]: 1 });
    }
  }

  return {
    /** A volunteer offers to come: stored unconfirmed, mailed the link that takes the place. */
    async signUp(missionId: string, shiftId: string, input: SignUpInput, origin: { sourceIp: string }) {
      const { mission, shift } = await missionAndShift(missionId, shiftId);
      if (!isOpen(shift)) throw shiftClosed();
      const now = clock.now();
      await enforceRateLimits(
        deps.rateLimiter,
        [
          { subject: `signup:ip:${origin.sourceIp}`, max: tenant.rateLimits.postsPerHourPerIp, windowSeconds: 3600 },
          { subject: `signup:email:${input.email.toLowerCase()}`, max: tenant.rateLimits.postsPerDayPerEmail, windowSeconds: 86_400 },
        ],
        now,
      );
      const { token, tokenHash } = newLinkSecret(random);
      const signUp: SignUpRecord = {
        tenantId: tenant.id,
        id: random.id(),
        missionId,
        shiftId,
        status: 'pending_verification',
        name: input.name,
        email: input.email,
        ...(input.phone ? { phone: input.phone } : {}),
        ...(input.message ? { message: input.message } : {}),
        shareContact: input.shareContact ?? false,
        personKey: addressKey(input.email),
        tokenHash,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        version: 1,
      };
      await store.insertSignUp(signUp);
      await mailer.send(signUpVerificationMail({ tenant, mission, shift, signUp, links }, token));
      await countEvent(deps.stats, tenant, now, { [counterNames.volunteersReached('signed_up')]: 1 });
      return { id: signUp.id, status: 'pending_verification' as const };
    },

    /**
     * The link in the mail: takes a place, or a position on the waiting list. Opening it again gives
     * the same answer and writes the sign-up again if a failure left it behind its ledger.
     */
    async confirm(signUpId: string, token: string): Promise<SignUpView> {
      const signUp = await ownSignUp(signUpId, token);
      if (signUp.status === 'withdrawn') throw new DomainError(409, 'signup_withdrawn', 'This sign-up was withdrawn');
      const { mission, shift } = await missionAndShift(signUp.missionId, signUp.shiftId);
      const already = placementIn(await store.getLedger(tenant.id, mission.id, shift.id), signUp.id);
      if (already.status !== 'none') {
        const written = await recordStatus(signUp.id, already.status);
        return signUpView(written, await store.getLedger(tenant.id, mission.id, shift.id));
      }
      if (!isOpen(shift)) throw shiftClosed();
      const taken = await store.takePlace(tenant.id, mission.id, shift.id, signUp, maxWaitingPerShift);
      switch (taken.outcome) {
        case 'shift_closed':
          throw shiftClosed();
        case 'already_signed_up':
          throw new DomainError(409, 'already_signed_up', 'This address already has a place or a position on this shift');
        case 'waiting_list_full':
          throw new DomainError(409, 'waiting_list_full', 'The waiting list of this shift is full');
        case 'confirmed': {
          const written = await recordStatus(signUp.id, 'confirmed');
          await mailer.send(placeConfirmedMail({ tenant, mission, shift, signUp: written, links }, token, false));
          await countEvent(deps.stats, tenant, clock.now(), {
            [counterNames.volunteers]: 1,
            [counterNames.volunteersReached('confirmed')]: 1,
            // Counted by the confirmation that filled the shift, not by a retry that finds it full.
            ...(taken.placedNow && taken.taken === taken.places ? { [counterNames.missionsFull]: 1 } : {}),
          });
          return { id: signUp.id, missionId: mission.id, shiftId: shift.id, status: 'confirmed' };
        }
        case 'waiting': {
          const written = await recordStatus(signUp.id, 'waiting');
          await mailer.send(waitingListMail({ tenant, mission, shift, signUp: written, links }, taken.position, token));
          await countEvent(deps.stats, tenant, clock.now(), { [counterNames.volunteersReached('waiting')]: 1 });
          return { id: signUp.id, missionId: mission.id, shiftId: shift.id, status: 'waiting', position: taken.position };
        }
      }
    },

    /** The volunteer's own status and position (`Authorization: Bearer <token>`), from the ledger. */
    async getOwn(signUpId: string, token: string) {
      const signUp = await ownSignUp(signUpId, token);
      const mission = await store.getMission(tenant.id, signUp.missionId);
      const shift = mission?.shifts.find((candidate) => candidate.id === signUp.shiftId);
      if (!mission || !shift) throw notFound('Sign-up');
      const view = signUpView(signUp, await store.getLedger(tenant.id, mission.id, shift.id));
      return {
        ...view,
        name: signUp.name,
        mission: { id: mission.id, title: mission.title, address: mission.address },
        shift: { start: shift.start, end: shift.end },
      };
    },

    /** The volunteer frees their place (or position); the first waiting takes the place at once and is mailed. */
    async withdraw(signUpId: string, token: string): Promise<{ status: 'withdrawn' }> {
      const signUp = await ownSignUp(signUpId, token);
      const mission = await store.getMission(tenant.id, signUp.missionId);
      const shift = mission?.shifts.find((candidate) => candidate.id === signUp.shiftId);
      if (!mission || !shift) throw notFound('Sign-up');
      const released = await store.releasePlace(tenant.id, mission.id, shift.id, signUp);
      await recordStatus(signUp.id, 'withdrawn');
      if (released) await countEvent(deps.stats, tenant, clock.now(), { [counterNames.volunteersReached('withdrawn')]: 1 });
      if (isOpen(shift)) await settlePromoted(mission, shift, await store.promoteWaiting(tenant.id, mission.id, shift.id));
      return { status: 'withdrawn' };
    },

    /**
     * The repair path: brings every sign-up of a shift in line with its ledger (a write that failed
     * after the ledger's), then gives any place left to those waiting. Idempotent; mails go out once
     * (their keys). Answers how many sign-ups it wrote.
     */
    async repairShift(missionId: string, shiftId: string): Promise<{ repaired: number; promoted: number }> {
      const mission = await store.getMission(tenant.id, missionId);
      const shift = mission?.shifts.find((candidate) => candidate.id === shiftId);
      if (!mission || !shift) throw notFound('Shift');
      const ledger = await store.getLedger(tenant.id, missionId, shiftId);
      let repaired = 0;
      for (const signUp of await store.signUpsOfShift(tenant.id, missionId, shiftId)) {
        const placement = placementIn(ledger, signUp.id);
        const truth =
          placement.status === 'none'
            ? signUp.status === 'pending_verification'
              ? 'pending_verification'
              : 'withdrawn'
            : placement.status;
        if (truth === signUp.status) continue;
        const written = await recordStatus(signUp.id, truth);
        repaired += 1;
        // The place was taken but its mail may not have gone: the same key as the confirmation's, sent once.
        if (truth === 'confirmed')
          await mailer.send(placeConfirmedMail({ tenant, mission, shift, signUp: written, links }, undefined, false));
      }
      const promoted = isOpen(shift) ? await store.promoteWaiting(tenant.id, missionId, shiftId) : [];
      await settlePromoted(mission, shift, promoted);
      return { repaired, promoted: promoted.length };
    },
  };
}

export type SignUpService = ReturnType<typeof signUpService>;
