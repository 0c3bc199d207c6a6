import { missionsOnFakes, missionInput, publishedMission, type MissionsContext } from '../../../../test/support/missions.js';
import { parseInput } from '../shared/index.js';
import { missionListQuerySchema } from './mission-list.js';

/** GET /missions on the in-memory store; the clock stands at Sunday 2025-03-02, 10:00 in Paris. */

const shift = (start: string, hours = 4, places = 5) => ({
  start,
  end: new Date(Date.parse(start) + hours * 3600_000).toISOString(),
  places,
});
const query = (values: Record<string, string>) => parseInput(missionListQuerySchema, values, 'query');

/** Three farms around Courbevoie's centre, an unconfirmed mission, and one whose shifts are all past by the time of the list. */
async function harvest(context: MissionsContext) {
  const near = await publishedMission(context, {
    title: 'Pommes au centre',
    location: { lat: 48.8973, lon: 2.2522 },
    shifts: [shift('2025-03-06T07:00:00Z'), shift('2025-03-04T07:00:00Z')],
  });
  const middle = await publishedMission(context, {
    title: 'Poires à 1 km',
    location: { lat: 48.9063, lon: 2.2522 },
    shifts: [shift('2025-03-03T07:00:00Z', 4, 1), shift('2025-03-10T07:00:00Z')],
  });
  const far = await publishedMission(context, {
    title: 'Cerises à 2 km',
    location: { lat: 48.9153, lon: 2.2522 },
    shifts: [shift('2025-03-05T07:00:00Z')],
  });
  await context.missions.create(missionInput({ title: 'Jamais confirmée', shifts: [shift('2025-03-03T06:00:00Z')] }), {
    sourceIp: '192.0.2.1',
  });
  return { near, middle, far };
}

test('soonest first: each published mission once, at its next shift, with that shift’s places left; paged without repeats', async () => {
  const context = missionsOnFakes();
  const { near, middle, far } = await harvest(context);

  const all = await context.missions.list(query({}));
  expect(all.items.map((mission) => [mission.title, mission.nextShift.start, mission.upcomingShifts])).toEqual([
    ['Poires à 1 km', '2025-03-03T07:00:00.000Z', 2],
    ['Pommes au centre', '2025-03-04T07:00:00.000Z', 2],
    ['Cerises à 2 km', '2025-03-05T07:00:00.000Z', 1],
  ]);
  expect(all.nextCursor).toBeNull();

  // The first shift of the pears fills up: the list says so.
  const { id } = await context.signUps.signUp(
    middle.missionId,
    middle.shiftIds[0]!,
    { name: 'Léa', email: 'lea@example.org' },
    { sourceIp: '192.0.2.9' },
  );
  const token = /token=([A-Za-z0-9_-]+)/.exec(context.mailer.sent.at(-1)!.text)![1]!;
  await context.signUps.confirm(id, token);
  const first = await context.missions.list(query({ limit: '2' }));
  expect(first.items.map((mission) => mission.id)).toEqual([middle.missionId, near.missionId]);
  expect(first.items[0]!.nextShift).toMatchObject({ places: 1, placesLeft: 0 });
  const second = await context.missions.list(query({ limit: '2', cursor: first.nextCursor! }));
  expect(second.items.map((mission) => mission.id)).toEqual([far.missionId]);
  expect(second.nextCursor).toBeNull();

  // Two days later the pears' first shift and the apples' are past: each is listed at its next one.
  context.clock.advanceDays(2);
  const later = await context.missions.list(query({}));
  expect(later.items.map((mission) => [mission.title, mission.nextShift.start])).toEqual([
    ['Cerises à 2 km', '2025-03-05T07:00:00.000Z'],
    ['Pommes au centre', '2025-03-06T07:00:00.000Z'],
    ['Poires à 1 km', '2025-03-10T07:00:00.000Z'],
  ]);
});

test('nearest first around a point, within the radius asked, paged by a cursor of that search only', async () => {
  const context = missionsOnFakes();
  const { near, middle, far } = await harvest(context);
  const around = { near: '48.8973,2.2522' };

  const first = await context.missions.list(query({ ...around, limit: '2' }));
  expect(first.items.map((mission) => [mission.id, mission.distanceKm])).toEqual([
    [near.missionId, 0],
    [middle.missionId, 1],
  ]);
  const second = await context.missions.list(query({ ...around, limit: '2', cursor: first.nextCursor! }));
  expect(second.items.map((mission) => [mission.id, mission.distanceKm])).toEqual([[far.missionId, 2]]);
  expect(second.nextCursor).toBeNull();

  const within = await context.missions.list(query({ ...around, radiusKm: '1.5' }));
  expect(within.items.map((mission) => mission.id)).toEqual([near.missionId, middle.missionId]);
  // The same point, soonest first.
  const soonest = await context.missions.list(query({ ...around, order: 'soonest' }));
  expect(soonest.items.map((mission) => mission.id)).toEqual([middle.missionId, near.missionId, far.missionId]);
  // A cursor of another search is refused, naming it.
  await expect(context.missions.list(query({ near: '48.9,2.25', cursor: first.nextCursor! }))).rejects.toMatchObject({
    status: 400,
    details: [{ path: 'cursor' }],
  });
});

test('from and to are days in the tenant’s time zone: a shift at 23:30 in Paris belongs to its Paris day', async () => {
  const context = missionsOnFakes();
  // 2025-03-04T22:30Z is 23:30 on 4 March in Paris (UTC+1), already 5 March in UTC.
  const late = await publishedMission(context, { title: 'Nuit', shifts: [shift('2025-03-04T22:30:00Z', 1)] });
  const nextMorning = await publishedMission(context, { title: 'Matin', shifts: [shift('2025-03-05T06:00:00Z')] });
  const ids = async (values: Record<string, string>) => (await context.missions.list(query(values))).items.map((mission) => mission.id);

  expect(await ids({ to: '2025-03-04' })).toEqual([late.missionId]);
  expect(await ids({ from: '2025-03-05' })).toEqual([nextMorning.missionId]);
  expect(await ids({ from: '2025-03-04', to: '2025-03-05' })).toEqual([late.missionId, nextMorning.missionId]);
  expect(await ids({ from: '2025-03-06' })).toEqual([]);
});

test('a bad query is a 400 naming the field', () => {
  const fieldOf = (values: Record<string, string>) => {
    try {
      query(values);
    } catch (error) {
      return (error as { details: { path: string }[] }).details.map((detail) => detail.path);
    }
    throw new Error('accepted');
  };
  expect(fieldOf({ radiusKm: '3' })).toEqual(['query.radiusKm']);
  expect(fieldOf({ near: 'paris' })).toEqual(['query.near']);
  expect(fieldOf({ from: '2025-13-01' })).toEqual(['query.from']);
  expect(fieldOf({ from: '2025-03-05', to: '2025-03-04' })).toEqual(['query.to']);
  expect(fieldOf({ order: 'nearest' })).toEqual(['query.order']);
  expect(fieldOf({ limit: '500' })).toEqual(['query.limit']);
  expect(fieldOf({ sort: 'title' })).toEqual(['query.sort']);
});
