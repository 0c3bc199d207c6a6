import { siteLinks } from '../shared/index.js';
import { counterNames, countEvent } from '../stats/index.js';
import { dayIn, tenantTimeZone } from '../tenant/index.js';
import { shiftReminderMail } from './mission-mails.js';
import type { MissionServiceDeps } from './mission-service.js';
import { signUpService } from './signup-service.js';

const hourMs = 60 * 60 * 1000;

/** The calendar day after `day` (YYYY-MM-DD). */
const dayAfter = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 24 * hourMs).toISOString().slice(0, 10);

/**
 * The day-before reminders: every volunteer holding a place on a shift that starts tomorrow, in the
 * tenant's time zone, gets one mail. Each such shift is repaired first (its sign-ups follow its
 * ledger, places left go to those waiting), so the reminder reaches exactly who holds a place.
 * Sent once per volunteer and shift: the sign-up's `remindedAt` (set only if unset) and the mail's
 * idempotency key, should a run stop between the mail and the mark.
 */
export function missionRemindersJob(deps: MissionServiceDeps) {
  const { tenant, missionStore: store, clock } = deps;
  const links = siteLinks(deps.siteUrl, tenant.id);
  const signUps = signUpService(deps);
  return {
    async run(): Promise<{ shifts: number; reminded: number; repaired: number }> {
      const now = clock.now();
      const zone = tenantTimeZone(tenant);
      const tomorrow = dayAfter(dayIn(zone, now));
      // Tomorrow, in any time zone, ends within 50 hours of now: read those shifts, keep tomorrow's.
      const due = [];
      let after: string | undefined;
      for (;;) {
        const batch = await store.shiftsStartingBetween(tenant.id, now.toISOString(), new Date(now.getTime() + 50 * hourMs).toISOString(), {
          ...(after ? { after } : {}),
          limit: 200,
        });
        due.push(...batch.items.filter((shift) => dayIn(zone, new Date(shift.start)) === tomorrow));
        after = batch.items.at(-1)?.position;
        if (!batch.more) break;
      }
      let reminded = 0;
      let repaired = 0;
      for (const { missionId, shiftId } of due) {
        const mission = await store.getMission(tenant.id, missionId);
        const shift = mission?.shifts.find((candidate) => candidate.id === shiftId);
        if (!mission || !shift || mission.status !== 'published' || shift.status !== 'open') continue;
        repaired += (await signUps.repairShift(missionId, shiftId)).repaired;
        const ledger = await store.getLedger(tenant.id, missionId, shiftId);
        for (const signUpId of ledger?.confirmed ?? []) {
          const signUp = await store.getSignUp(tenant.id, signUpId);
          if (!signUp || signUp.remindedAt) continue;
          await deps.mailer.send(shiftReminderMail({ tenant, mission, shift, signUp, links }));
          if (await store.markReminded(tenant.id, signUpId, now.toISOString())) reminded += 1;
        }
      }
      if (reminded > 0) await countEvent(deps.stats, tenant, now, { [counterNames.volunteersReached('reminded')]: reminded });
      return { shifts: due.length, reminded, repaired };
    },
  };
}
