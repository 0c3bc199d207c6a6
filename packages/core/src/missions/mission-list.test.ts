import fc from 'fast-check';
import { destination, distanceKm } from '../geo/index.js';
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

describe('nearest first on the list by place', () => {
  const dayMs = 86_400_000;
  const clockStart = Date.parse('2025-03-02T09:00:00.000Z');
  const startAt = (day: number, hour: number) => new Date(clockStart + day * dayMs + (hour - 9) * 3_600_000).toISOString();

  /** What the list must give: every published mission whose first open shift from the period's start is within it, by distance then id. */
  const bruteForce = (
    context: MissionsContext,
    near: { lat: number; lon: number },
    window: { from: string; to: string },
    radiusKm?: number,
  ) =>
    [...context.store.missions.values()]
      .filter((mission) => mission.status === 'published')
      .flatMap((mission) => {
        const first = mission.shifts
          .filter((candidate) => candidate.status === 'open' && candidate.start >= window.from)
          .sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id))[0];
        const distance = distanceKm(near, mission.location);
        if (!first || first.start > window.to || (radiusKm !== undefined && distance > radiusKm)) return [];
        return [{ id: mission.id, distance }];
      })
      .sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id))
      .map((mission) => mission.id);

  it('gives, page after page, exactly what a brute force over every mission gives (random missions, shifts, periods, radii)', async () => {
    const missionArbitrary = fc.record({
      // Courbevoie's area is 3 km around its centre: a mission outside it is refused.
      distance: fc.oneof(fc.double({ min: 0.2, max: 0.35, noNaN: true }), fc.double({ min: 0, max: 2.95, noNaN: true })),
      bearing: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
      shifts: fc.array(
        fc.record({ day: fc.integer({ min: 1, max: 60 }), hour: fc.integer({ min: 7, max: 20 }), cancelled: fc.boolean() }),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
      published: fc.constantFrom(true, true, true, false),
    });
    const searchArbitrary = fc.record({
      distance: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 3, noNaN: true })),
      bearing: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
      from: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
      length: fc.integer({ min: 0, max: 30 }),
      radiusKm: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      limit: fc.integer({ min: 1, max: 7 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(missionArbitrary, { maxLength: 40 }), searchArbitrary, async (missions, search) => {
        const context = missionsOnFakes();
        for (const [index, mission] of missions.entries()) {
          const input = missionInput({
            title: `Mission ${index}`,
            location: destination(context.tenant.area.center, mission.distance, mission.bearing),
            shifts: mission.shifts.map((at) => ({ start: startAt(at.day, at.hour), end: startAt(at.day, at.hour + 2), places: 3 })),
          });
          const created = mission.published
            ? (await publishedMission(context, input)).missionId
            : (await context.missions.create(input, { sourceIp: '192.0.2.1' })).id;
          const stored = await context.store.getMission(context.tenant.id, created);
          const cancelled = stored!.shifts.map((shift, at) =>
            mission.shifts[at]!.cancelled ? { ...shift, status: 'cancelled' as const } : shift,
          );
          await context.store.replaceMission({ ...stored!, shifts: cancelled, version: stored!.version + 1 }, stored!.version);
        }
        const near = destination(context.tenant.area.center, search.distance, search.bearing);
        const raw: Record<string, string> = { near: `${near.lat},${near.lon}`, limit: String(search.limit) };
        if (search.radiusKm !== undefined) raw.radiusKm = String(search.radiusKm);
        if (search.from !== undefined) {
          raw.from = new Date(clockStart + search.from * dayMs).toISOString().slice(0, 10);
          raw.to = new Date(clockStart + (search.from + search.length) * dayMs).toISOString().slice(0, 10);
        }
        const ids: string[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < 40; page++) {
          const answer = await context.missions.list(query({ ...raw, ...(cursor ? { cursor } : {}) }));
          expect(answer.items.length).toBeLessThanOrEqual(search.limit);
          ids.push(...answer.items.map((item) => item.id));
          if (!answer.nextCursor) break;
          expect(answer.items).toHaveLength(search.limit);
          cursor = answer.nextCursor;
        }
        // The period as the list takes it: from its first day (not before now) to the end of its last, in Paris.
        const from =
          search.from === undefined
            ? new Date(clockStart + 1).toISOString()
            : new Date(Date.parse(`${raw.from}T00:00:00+01:00`)).toISOString();
        const to =
          search.from === undefined
            ? new Date(
                Date.parse(`${new Date(clockStart + 365 * dayMs).toISOString().slice(0, 10)}T00:00:00+01:00`) + dayMs - 1,
              ).toISOString()
            : new Date(Date.parse(`${raw.to}T00:00:00+01:00`) + dayMs - 1).toISOString();
        expect(ids).toEqual(bruteForce(context, near, { from, to }, search.radiusKm));
      }),
      { numRuns: 40 },
    );
  });

  it('a point farther than the area’s radius outside it is refused naming query.near; nearer, it is answered', async () => {
    const context = missionsOnFakes();
    const mission = await publishedMission(context, { shifts: [{ start: startAt(2, 8), end: startAt(2, 10), places: 2 }] });
    const { center, radiusKm } = context.tenant.area;
    const at = (km: number) => {
      const point = destination(center, km, 0);
      return `${point.lat},${point.lon}`;
    };
    // 5.5 km from the centre of an area of 3 km: 2.5 km outside it.
    expect((await context.missions.list(query({ near: at(5.5) }))).items.map((item) => item.id)).toEqual([mission.missionId]);
    const refused = await context.missions.list(query({ near: at(2 * radiusKm + 0.5) })).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 400, details: [{ path: 'query.near' }] });
    // Soonest first needs no rings: answered.
    expect((await context.missions.list(query({ near: at(500), order: 'soonest' }))).items).toHaveLength(1);
  });

  it('the default period (a year) near a dense place is answered, reading a page’s worth of missions rather than all of them', async () => {
    const context = missionsOnFakes();
    for (let index = 0; index < 300; index++) {
      const location = destination(context.tenant.area.center, 0.05 + (index % 30) * 0.1, index * 2.4);
      await publishedMission(context, {
        title: `Mission ${index}`,
        location,
        shifts: [{ start: startAt(1 + (index % 300), 8), end: startAt(1 + (index % 300), 11), places: 2 }],
      });
    }
    const answer = await context.missions.list(
      query({ near: `${context.tenant.area.center.lat},${context.tenant.area.center.lon}`, limit: '10' }),
    );
    expect(answer.items).toHaveLength(10);
    expect(answer.nextCursor).not.toBeNull();
    expect(answer.items.map((item) => item.distanceKm)).toEqual([...answer.items.map((item) => item.distanceKm!)].sort((a, b) => a - b));
    expect(context.store.placeReads.missions).toBeLessThan(100);
  });
});
