import { missionService, signUpService, type MissionServiceDeps, type OutgoingMail } from '@entraide/core';
import { CapturingMailer, FixedClock, SequenceRandom } from '../../../test/support/core-fakes.js';
import { courbevoieTenant } from '../../../test/support/tenants.js';
import { embeddedTable, faultyClient } from '../../../test/support/embedded-table.js';
import { GetCommand, type DocClient, type Item } from './doc-client.js';
import { missionKeys } from './keys.js';
import { DynamoMissionStore } from './mission-store.js';
import { DynamoRateLimiter } from './rate-limiter.js';
import { DynamoStatsStore } from './stats-store.js';

/**
 * Missions' places on the embedded DynamoDB: the shift's ledger is the one item that decides, by
 * conditional writes, who has a place and who waits; the sign-up items follow it, and a failure
 * between the two writes is repaired. The services' other rules run on the in-memory store
 * (core's signup-service.test.ts).
 */
// Hundreds of requests to the embedded DynamoDB in one test: more than jest's 30 s on a loaded machine.
jest.setTimeout(120_000);

const suite = embeddedTable('missions');
const table = suite.table;

const tenant = courbevoieTenant({
  sections: [{ id: 'vendanges', type: 'missions', title: { fr: 'Vendanges', en: 'Grape harvest' } }],
  rateLimits: { postsPerHourPerIp: 10_000, postsPerDayPerEmail: 10_000 },
});

function setUp(documentClient: DocClient = suite.documents) {
  const mailer = new CapturingMailer();
  const clock = new FixedClock();
  const stats = new DynamoStatsStore(suite.documents, table);
  const deps: MissionServiceDeps = {
    tenant,
    missionStore: new DynamoMissionStore(documentClient, table),
    mailer,
    clock,
    random: new SequenceRandom(),
    rateLimiter: new DynamoRateLimiter(suite.documents, table, tenant.id),
    siteUrl: 'https://entraide.example',
    stats,
  };
  return { deps, mailer, clock, stats, missions: missionService(deps), signUps: signUpService(deps) };
}

let runs = 0;
/** A published mission with one shift of `places`, in a fresh id space (SequenceRandom numbers ids from 1). */
async function publishedShift(context: ReturnType<typeof setUp>, places: number) {
  runs += 1;
  (context.deps.random as SequenceRandom).id = (() => {
    let next = 0;
    return () => `r${runs}x${String(++next).padStart(6, '0')}`;
  })();
  const created = await context.missions.create(
    {
      section: 'vendanges',
      title: 'Cueillette des pommes',
      description: 'Ramasser les pommes au verger.',
      organisation: { name: 'Ferme du Val', phone: '+33 1 02 03 04 05' },
      address: '1 rue du Verger, Courbevoie',
      location: { lat: 48.8973, lon: 2.2522 },
      shifts: [{ start: '2025-03-05T07:00:00.000Z', end: '2025-03-05T11:00:00.000Z', places }],
      author: { name: 'Marie', email: `ferme${runs}@example.org` },
    },
    { sourceIp: '192.0.2.1' },
  );
  const verification = tokenOf(context.mailer.sent.at(-1)!);
  await context.missions.verify(created.id, verification);
  const mission = await context.missions.getPublic(created.id);
  return { missionId: created.id, shiftId: mission.shifts[0]!.id };
}

const tokenOf = (mail: OutgoingMail): string => /token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;

/** `count` volunteers sign up, all at once; their links, as each would click it. */
async function signUpMany(context: ReturnType<typeof setUp>, shift: { missionId: string; shiftId: string }, count: number) {
  const emails = Array.from({ length: count }, (_, index) => `v${runs}-${index}@example.org`);
  const ids = await Promise.all(
    emails.map(
      async (email, index) =>
        (await context.signUps.signUp(shift.missionId, shift.shiftId, { name: `Bénévole ${index}`, email }, { sourceIp: '192.0.2.9' })).id,
    ),
  );
  return emails.map((email, index) => ({
    id: ids[index]!,
    email,
    token: tokenOf(context.mailer.sent.filter((mail) => mail.to === email).at(-1)!),
  }));
}

async function ledgerItem(shift: { missionId: string; shiftId: string }): Promise<Item> {
  const { Item } = await suite.documents.send(
    new GetCommand({ TableName: table, Key: missionKeys.ledger(tenant.id, shift.missionId, shift.shiftId), ConsistentRead: true }),
  );
  return Item!;
}

test('50 confirmations at once on a shift of 10 places: exactly 10 confirmed, 40 waiting at positions 1 to 40', async () => {
  const context = setUp();
  const shift = await publishedShift(context, 10);

  const links = await signUpMany(context, shift, 50);
  // Signed up is not a place: nothing is taken before the address is confirmed.
  expect((await context.missions.getPublic(shift.missionId)).shifts[0]).toMatchObject({ places: 10, placesLeft: 10, waiting: 0 });

  const answers = await Promise.all(links.map((link) => context.signUps.confirm(link.id, link.token)));

  expect(answers.filter((answer) => answer.status === 'confirmed')).toHaveLength(10);
  const positions = answers.flatMap((answer) => (answer.status === 'waiting' ? [answer.position!] : []));
  expect(positions.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
  // The stored counter equals the sign-up items that say confirmed; each volunteer sees what they were told.
  const stored = await context.deps.missionStore.signUpsOfShift(tenant.id, shift.missionId, shift.shiftId);
  expect(stored.filter((signUp) => signUp.status === 'confirmed')).toHaveLength(10);
  expect(stored.filter((signUp) => signUp.status === 'waiting')).toHaveLength(40);
  expect((await ledgerItem(shift)).taken).toBe(10);
  const seen = await Promise.all(links.map((link) => context.signUps.getOwn(link.id, link.token)));
  expect(seen.map((view) => view.status)).toEqual(answers.map((answer) => answer.status));
  const shown = (await context.missions.getPublic(shift.missionId)).shifts[0]!;
  expect(shown).toMatchObject({ places: 10, placesLeft: 0, waiting: 40, status: 'full', waitingListOpen: true });
  // Each volunteer got one mail saying where they stand; the figures count 10 volunteers and one full shift.
  expect(context.mailer.sent.filter((mail) => mail.subject.startsWith('Votre place est confirmée'))).toHaveLength(10);
  expect(context.mailer.sent.filter((mail) => mail.subject.startsWith('Liste d’attente'))).toHaveLength(40);
  const [day] = await context.stats.readDays(tenant.id, '2025-03-02', '2025-03-02');
  expect(day!.counts).toMatchObject({ volunteers: 10, 'missions.full': 1, 'volunteers.waiting': 40, 'volunteers.signed_up': 50 });
});

describe('a fault between the ledger’s write and the sign-up’s', () => {
  const signUpWrites = (operation: string, input: { Item?: Item }) =>
    operation === 'PutItem' && String(input.Item?.pk ?? '').includes('#SIGNUP#') && input.Item?.status !== 'pending_verification';

  it('opening the link again gives the same place, never a second one', async () => {
    let failNext = false;
    const context = setUp(
      faultyClient(suite.documents, (operation, input) => failNext && signUpWrites(operation, input) && !(failNext = false)),
    );
    const shift = await publishedShift(context, 2);
    const [first, second, third] = await signUpMany(context, shift, 3);
    failNext = true;
    await expect(context.signUps.confirm(first!.id, first!.token)).rejects.toThrow('injected fault');
    // The place is taken (the ledger), the sign-up item still says unconfirmed: the volunteer sees their place anyway.
    expect((await ledgerItem(shift)).taken).toBe(1);
    expect(await context.signUps.getOwn(first!.id, first!.token)).toMatchObject({ status: 'confirmed' });

    expect(await context.signUps.confirm(first!.id, first!.token)).toMatchObject({ status: 'confirmed' });
    await context.signUps.confirm(second!.id, second!.token);
    expect(await context.signUps.confirm(third!.id, third!.token)).toMatchObject({ status: 'waiting', position: 1 });
    const stored = await context.deps.missionStore.signUpsOfShift(tenant.id, shift.missionId, shift.shiftId);
    expect(stored.map((signUp) => signUp.status).sort()).toEqual(['confirmed', 'confirmed', 'waiting']);
    expect((await ledgerItem(shift)).taken).toBe(2);
  });

  it('or the repair path writes what the failure left behind, and mails the volunteer once', async () => {
    let failures = 0;
    const context = setUp(
      faultyClient(suite.documents, (operation, input) => failures < 2 && signUpWrites(operation, input) && ++failures > 0),
    );
    const shift = await publishedShift(context, 1);
    const [first, second] = await signUpMany(context, shift, 2);
    await expect(context.signUps.confirm(first!.id, first!.token)).rejects.toThrow('injected fault');
    await expect(context.signUps.confirm(second!.id, second!.token)).rejects.toThrow('injected fault');
    const before = await context.deps.missionStore.signUpsOfShift(tenant.id, shift.missionId, shift.shiftId);
    expect(before.map((signUp) => signUp.status)).toEqual(['pending_verification', 'pending_verification']);

    expect(await context.signUps.repairShift(shift.missionId, shift.shiftId)).toEqual({ repaired: 2, promoted: 0 });
    const after = await context.deps.missionStore.signUpsOfShift(tenant.id, shift.missionId, shift.shiftId);
    expect(Object.fromEntries(after.map((signUp) => [signUp.id, signUp.status]))).toEqual({
      [first!.id]: 'confirmed',
      [second!.id]: 'waiting',
    });
    expect((await ledgerItem(shift)).taken).toBe(1);
    // Nothing left to repair: a second run writes nothing.
    expect(await context.signUps.repairShift(shift.missionId, shift.shiftId)).toEqual({ repaired: 0, promoted: 0 });
    expect(context.mailer.sent.filter((mail) => mail.to === first!.email && mail.subject.includes('place est confirmée'))).toHaveLength(1);
  });
});

test('nearest first reads the published missions by place (gsi2 on the mission item): a closed mission leaves it with its status', async () => {
  const context = setUp();
  const shift = await publishedShift(context, 3);
  const list = async () =>
    (await context.missions.list({ near: { lat: 48.8973, lon: 2.2522 }, radiusKm: 1 })).items.map((item) => [
      item.id,
      item.nextShift.placesLeft,
    ]);
  expect(await list()).toContainEqual([shift.missionId, 3]);
  const store = context.deps.missionStore;
  const mission = (await store.getMission(tenant.id, shift.missionId))!;
  await store.replaceMission({ ...mission, status: 'closed', version: mission.version + 1 }, mission.version);
  expect((await list()).map(([id]) => id)).not.toContain(shift.missionId);
});
