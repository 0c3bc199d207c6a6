import { assertTenantChoices, type EntryServiceDeps } from '../posts/index.js';
import {
  DomainError,
  changeVersioned,
  enforceRateLimits,
  forbidden,
  notFound,
  siteLinks,
  assertLinkToken,
  newLinkSecret,
} from '../shared/index.js';
import { counterNames, countEvent } from '../stats/index.js';
import { assertSectionOpen } from '../tenant/index.js';
import { listMissions, type MissionListQuery } from './mission-list.js';
import { missionVerificationMail } from './mission-mails.js';
import { publicShift, type MissionRecord, type MissionStatus } from './mission-record.js';
import { maxWaitingPerShift, type CreateMissionInput } from './mission-schemas.js';
import type { MissionStore } from './ports.js';

export interface MissionServiceDeps extends EntryServiceDeps {
  missionStore: MissionStore;
}

/** A mission and its shifts as a page shows them: never the organiser's address, places from each shift's ledger. */
async function publicMission(deps: MissionServiceDeps, mission: MissionRecord) {
  const now = deps.clock.now();
  const ledgers = await Promise.all(mission.shifts.map((shift) => deps.missionStore.getLedger(mission.tenantId, mission.id, shift.id)));
  return {
    id: mission.id,
    section: mission.section,
    title: mission.title,
    description: mission.description,
    organisation: mission.organisation,
    address: mission.address,
    location: mission.location,
    ...(mission.requirements ? { requirements: mission.requirements } : {}),
    shifts: mission.shifts.map((shift, index) => publicShift(shift, ledgers[index], now, maxWaitingPerShift)),
    publishedAt: mission.publishedAt ?? mission.createdAt,
  };
}
export type PublicMission = Awaited<ReturnType<typeof publicMission>>;

/** An organisation's missions: entered, confirmed by the mailed link, shown with their shifts' places. */
export function missionService(deps: MissionServiceDeps) {
  const { tenant, missionStore: store, clock, random } = deps;
  const links = siteLinks(deps.siteUrl, tenant.id);

  return {
    /** Stores the mission unpublished with one ledger per shift, and mails the organiser the link that publishes it. */
    async create(input: CreateMissionInput, origin: { sourceIp: string }): Promise<{ id: string; status: MissionStatus }> {
      const now = clock.now();
      assertSectionOpen(tenant, input.section, now, { type: 'missions' });
      assertTenantChoices(tenant, { location: input.location }, now);
      const past = input.shifts.findIndex((shift) => Date.parse(shift.end) <= now.getTime());
      if (past >= 0) {
        throw new DomainError(400, 'invalid_input', `Invalid input: shifts.${past}.end`, [
          { path: `shifts.${past}.end`, message: 'in the past' },
        ]);
      }
      await enforceRateLimits(
        deps.rateLimiter,
        [
          { subject: `mission:ip:${origin.sourceIp}`, max: tenant.rateLimits.postsPerHourPerIp, windowSeconds: 3600 },
          {
            subject: `mission:email:${input.author.email.toLowerCase()}`,
            max: tenant.rateLimits.postsPerDayPerEmail,
            windowSeconds: 86_400,
          },
        ],
        now,
      );
      const { token, tokenHash } = newLinkSecret(random);
      const mission: MissionRecord = {
        tenantId: tenant.id,
        id: random.id(),
        section: input.section,
        status: 'pending_verification',
        title: input.title,
        description: input.description,
        organisation: input.organisation,
        address: input.address,
        location: input.location,
        ...(input.requirements ? { requirements: input.requirements } : {}),
        shifts: input.shifts.map((shift) => ({
          id: random.id(),
          start: new Date(shift.start).toISOString(),
          end: new Date(shift.end).toISOString(),
          places: shift.places,
          status: 'open',
        })),
        author: input.author,
        tokenHash,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        version: 1,
      };
      // The ledgers first: a mission is never shown with a shift that has nowhere to take places.
      for (const shift of mission.shifts) await store.openShift(tenant.id, mission.id, shift);
      await store.insertMission(mission);
      await deps.mailer.send(missionVerificationMail(tenant, mission, token, links));
      await countEvent(deps.stats, tenant, now, { [counterNames.missionsCreated]: 1 });
      return { id: mission.id, status: mission.status };
    },

    /** The organiser's link: publishes the mission (or queues it for moderation). Works once. */
    async verify(missionId: string, token: string): Promise<{ id: string; status: MissionStatus }> {
      const mission = await changeVersioned(
        {
          read: () => store.getMission(tenant.id, missionId),
          write: (record, expected) => store.replaceMission(record, expected),
          clock,
          what: 'Mission',
        },
        (current, now): MissionRecord => {
          assertLinkToken(token, current.tokenHash, 'mission');
          if (current.status !== 'pending_verification') throw forbidden('token_already_used', 'This mission is already confirmed');
          return tenant.features.moderation === 'before'
            ? { ...current, status: 'pending_moderation' }
            : { ...current, status: 'published', publishedAt: now.toISOString() };
        },
      );
      return { id: mission.id, status: mission.status };
    },

    /** `GET /missions`: published missions with a shift to come, soonest or nearest first, each once. */
    list: (query: MissionListQuery) => listMissions(deps, query),

    async getPublic(missionId: string): Promise<PublicMission> {
      const mission = await store.getMission(tenant.id, missionId);
      if (!mission || mission.status !== 'published') throw notFound('Mission');
      return publicMission(deps, mission);
    },
  };
}

export type MissionService = ReturnType<typeof missionService>;
