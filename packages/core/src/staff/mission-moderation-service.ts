import * as z from 'zod';
import type { Mailer } from '../mail/index.js';
import { missionRejectedMail, type MissionRecord, type MissionStatus, type MissionStore } from '../missions/index.js';
import { changeVersioned, pageQueryShape, staffView, type Clock, type Page, type StaffView } from '../shared/index.js';
import { type StatsStore, counterNames, countEvent } from '../stats/index.js';
import type { TenantConfig } from '../tenant/index.js';
import { assertDecisionAllowed } from './moderation-rules.js';

/** `GET /staff/missions?status=&limit=&cursor=`: awaiting review by default, oldest first. */
export const staffMissionsQuerySchema = z.strictObject({
  status: z.enum(['pending_moderation', 'published', 'hidden', 'rejected', 'closed']).optional(),
  ...pageQueryShape(50),
});
export type StaffMissionsQuery = z.infer<typeof staffMissionsQuerySchema>;

export interface MissionModerationDeps {
  tenant: TenantConfig;
  missionStore: MissionStore;
  mailer: Mailer;
  clock: Clock;
  siteUrl: string;
  stats?: StatsStore;
}

/** A mission as staff see it: everything but the management token; the organiser's address to write to them. */
export type StaffMissionView = StaffView<MissionRecord>;

/**
 * Staff's decisions on missions, with the posts' rules (`assertDecisionAllowed`): approve what
 * awaits review (where the tenant moderates first) or was hidden, reject with a reason mailed to the
 * organiser, hide until a decision. A mission not published takes no sign-up and is in no list.
 */
export function missionModerationService(deps: MissionModerationDeps) {
  const { tenant, missionStore: store, clock } = deps;

  const decide = (missionId: string, change: (mission: MissionRecord, now: Date) => MissionRecord) =>
    changeVersioned(
      {
        read: () => store.getMission(tenant.id, missionId),
        write: (record, expected) => store.replaceMission(record, expected),
        clock,
        what: 'Mission',
        gone: (mission) => mission.status === 'pending_verification',
      },
      change,
    );
  const count = (status: MissionStatus) => countEvent(deps.stats, tenant, clock.now(), { [counterNames.missionsReachedStatus(status)]: 1 });

  return {
    async list(query: StaffMissionsQuery): Promise<Page<StaffMissionView>> {
      const page = await store.listMissionsByStatus(tenant.id, query.status ?? 'pending_moderation', {
        limit: query.limit ?? 20,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      return { items: page.items.map((mission) => staffView(mission)), nextCursor: page.nextCursor };
    },

    async approve(missionId: string): Promise<StaffMissionView> {
      const mission = await decide(missionId, (current, now) => {
        assertDecisionAllowed('mission', current.status, 'approved');
        const { moderationReason: _reason, ...rest } = current;
        return { ...rest, status: 'published', publishedAt: current.publishedAt ?? now.toISOString() };
      });
      await count('published');
      return staffView(mission);
    },

    async reject(missionId: string, reason: string): Promise<StaffMissionView> {
      const mission = await decide(missionId, (current) => {
        assertDecisionAllowed('mission', current.status, 'rejected');
        return { ...current, status: 'rejected', moderationReason: reason };
      });
      await deps.mailer.send(missionRejectedMail(tenant, mission, reason, deps.siteUrl));
      await count('rejected');
      return staffView(mission);
    },

    async hide(missionId: string, reason: string | undefined): Promise<StaffMissionView> {
      const mission = await decide(missionId, (current) => {
        assertDecisionAllowed('mission', current.status, 'hidden');
        return { ...current, status: 'hidden', ...(reason ? { moderationReason: reason } : {}) };
      });
      await count('hidden');
      return staffView(mission);
    },
  };
}
