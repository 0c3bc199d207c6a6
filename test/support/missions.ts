import {
  missionService,
  signUpService,
  type CreateMissionInput,
  type MissionServiceDeps,
  type OutgoingMail,
  type RateLimiter,
  type TenantConfig,
} from '@entraide/core';
import { CapturingMailer, FixedClock, MemoryMissionStore, MemoryStatsStore, SequenceRandom } from './core-fakes.js';
import { courbevoieTenant } from './tenants.js';

/** Courbevoie with a section of type missions (`vendanges`), every request within the rate limits. */
const missionsTenant = (overrides: Record<string, unknown> = {}): TenantConfig =>
  courbevoieTenant({
    sections: [{ id: 'vendanges', type: 'missions', title: { fr: 'Vendanges', en: 'Grape harvest' } }],
    rateLimits: { postsPerHourPerIp: 10_000, postsPerDayPerEmail: 10_000 },
    ...overrides,
  });

const unlimited: RateLimiter = { consume: async () => ({ allowed: true, retryAfterSeconds: 0 }) };

/** The missions' services on the in-memory store; the clock stands at 2025-03-02T09:00Z. */
export function missionsOnFakes(tenant: TenantConfig = missionsTenant()) {
  const mailer = new CapturingMailer();
  const clock = new FixedClock();
  const stats = new MemoryStatsStore();
  const store = new MemoryMissionStore();
  const deps: MissionServiceDeps = {
    tenant,
    missionStore: store,
    mailer,
    clock,
    random: new SequenceRandom(),
    rateLimiter: unlimited,
    siteUrl: 'https://entraide.example',
    stats,
  };
  return { deps, tenant, store, mailer, clock, stats, missions: missionService(deps), signUps: signUpService(deps) };
}
export type MissionsContext = ReturnType<typeof missionsOnFakes>;

/** The secret of the first link of a mail (`token=…`). */
export const tokenOf = (mail: OutgoingMail): string => /token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;

/** A mission's input: the orchard of Courbevoie, one shift on 2025-03-05 unless `overrides` say otherwise. */
export const missionInput = (overrides: Partial<CreateMissionInput> = {}): CreateMissionInput => ({
  section: 'vendanges',
  title: 'Cueillette des pommes',
  description: 'Ramasser les pommes au verger.',
  organisation: { name: 'Ferme du Val', phone: '+33 1 02 03 04 05' },
  address: '1 rue du Verger, Courbevoie',
  location: { lat: 48.8973, lon: 2.2522 },
  shifts: [{ start: '2025-03-05T07:00:00.000Z', end: '2025-03-05T11:00:00.000Z', places: 2 }],
  author: { name: 'Marie', email: 'ferme@example.org' },
  ...overrides,
});

/** Enters and publishes a mission; its id, its shifts' ids and the organiser's management token. */
export async function publishedMission(context: MissionsContext, overrides: Partial<CreateMissionInput> = {}) {
  const created = await context.missions.create(missionInput(overrides), { sourceIp: '192.0.2.1' });
  const token = tokenOf(context.mailer.sent.at(-1)!);
  await context.missions.verify(created.id, token);
  const stored = await context.deps.missionStore.getMission(context.tenant.id, created.id);
  return { missionId: created.id, shiftIds: stored!.shifts.map((shift) => shift.id), token };
}

/** `count` volunteers sign up to a shift; their ids, addresses and links' secrets. */
export async function signUpMany(context: MissionsContext, shift: { missionId: string; shiftId: string }, count: number, prefix = 'v') {
  const links: { id: string; email: string; token: string }[] = [];
  for (let index = 0; index < count; index++) {
    const email = `${prefix}${index}@example.org`;
    const { id } = await context.signUps.signUp(
      shift.missionId,
      shift.shiftId,
      { name: `Bénévole ${index}`, email },
      { sourceIp: '192.0.2.9' },
    );
    links.push({ id, email, token: tokenOf(context.mailer.sent.at(-1)!) });
  }
  return links;
}
