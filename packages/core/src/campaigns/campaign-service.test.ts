import fc from 'fast-check';
import { type CampaignEvent, type DomainError, campaignService } from '@entraide/core';
import { FixedClock, MemoryCampaignStore, SequenceRandom } from '../../../../test/support/core-fakes.js';
import { campaignTenant, campaignVolunteer } from '../../../../test/support/tenants.js';

const tenant = campaignTenant();
const itemsPerKit = 35;

const volunteer = campaignVolunteer;

async function setUp(volunteerIds = ['vol-anne-0001', 'vol-bilal-002']) {
  const store = new MemoryCampaignStore();
  const clock = new FixedClock();
  const service = campaignService({ tenant, store, clock, random: new SequenceRandom() });
  for (const id of volunteerIds) await store.insertVolunteer(volunteer(id));
  return { store, clock, service };
}

const failure = async (promise: Promise<unknown>): Promise<DomainError> => {
  try {
    await promise;
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a failure');
};

describe('the kits of a campaign', () => {
  it('hands out kits from the stock and refuses more than the stock: 409 out_of_stock, the stock unchanged', async () => {
    const { service } = await setUp();
    await service.receiveStock('masques', { kits: 3 });
    const kits = await service.handOut('masques', 'vol-anne-0001', { kits: 2, pickupPoint: 'hotel-de-ville' });
    expect(kits.figures).toMatchObject({ kitsHandedOut: 2, kitsOut: 2, itemsExpected: 70 });
    const refused = await failure(service.handOut('masques', 'vol-bilal-002', { kits: 2, pickupPoint: 'mediatheque' }));
    expect(refused).toMatchObject({ status: 409, code: 'out_of_stock', details: [{ path: 'kits', message: '1 kit(s) in stock' }] });
    const figures = await service.figures('masques');
    expect(figures).toMatchObject({ kitsReceived: 3, kitsHandedOut: 2, kitsInStock: 1, volunteers: 2 });
    expect((await service.volunteerKits('masques', 'vol-bilal-002')).events).toEqual([]);
  });

  it('counts returns per volunteer, above the kits’ nominal count too, and unused kits back into the stock', async () => {
    const { service, clock } = await setUp();
    await service.receiveStock('masques', { kits: 10 });
    await service.handOut('masques', 'vol-anne-0001', { kits: 2, pickupPoint: 'hotel-de-ville' });
    clock.advanceDays(3);
    const back = await service.recordReturn('masques', 'vol-anne-0001', { items: 40, unusedKits: 1, pickupPoint: 'mediatheque' });
    expect(back.figures).toEqual({
      kitsHandedOut: 2,
      kitsReturned: 1,
      kitsOut: 1,
      itemsExpected: 35,
      itemsDeclared: 0,
      itemsReturned: 40,
      returnRate: 1.143,
    });
    const figures = await service.figures('masques');
    expect(figures.kitsInStock).toBe(9);
    expect(figures.perDay.map((day) => [day.day, day.kitsHandedOut, day.itemsReturned])).toEqual([
      ['2025-03-02', 2, 0],
      ['2025-03-05', 0, 40],
    ]);
    expect(
      figures.perPickupPoint.map((point) => [point.pickupPoint, point.kitsHandedOut, point.kitsReturned, point.itemsReturned]),
    ).toEqual([
      ['hotel-de-ville', 2, 0, 0],
      ['mediatheque', 0, 1, 40],
    ]);
  });

  it('refuses bad counter entries with the field named, and records nothing', async () => {
    const { service, store } = await setUp();
    await service.receiveStock('masques', { kits: 5 });
    await service.handOut('masques', 'vol-anne-0001', { kits: 1, pickupPoint: 'hotel-de-ville' });
    const before = await store.readCounters(tenant.id, 'masques');
    expect(
      await failure(service.recordReturn('masques', 'vol-anne-0001', { items: 0, unusedKits: 2, pickupPoint: 'hotel-de-ville' })),
    ).toMatchObject({ status: 400, details: [{ path: 'unusedKits', message: 'this volunteer holds 1 kit(s)' }] });
    expect(await failure(service.handOut('masques', 'vol-anne-0001', { kits: 1, pickupPoint: 'gare' }))).toMatchObject({
      status: 400,
      details: [{ path: 'pickupPoint', message: 'one of: hotel-de-ville, mediatheque' }],
    });
    expect(await store.readCounters(tenant.id, 'masques')).toEqual(before);
  });

  it('404 for a volunteer of another campaign or tenant, and for a section that is not a campaign', async () => {
    const { service, store } = await setUp();
    await store.insertVolunteer(volunteer('vol-gowns-001', { campaignId: 'blouses' }));
    await store.insertVolunteer(volunteer('vol-other-001', { tenantId: 'paris' }));
    await service.receiveStock('masques', { kits: 5 });
    for (const volunteerId of ['vol-gowns-001', 'vol-other-001']) {
      expect(
        await failure(service.recordReturn('masques', volunteerId, { items: 3, unusedKits: 0, pickupPoint: 'mediatheque' })),
      ).toMatchObject({
        status: 404,
      });
    }
    expect(await failure(service.figures('aide'))).toMatchObject({ status: 404 });
    expect((await service.figures('masques')).itemsReturned).toBe(0);
  });

  it('takes a declaration from the volunteer’s link only, and refuses kits outside the campaign’s dates', async () => {
    const { service } = await setUp();
    expect(await failure(service.declare('masques', 'vol-anne-0001', 'token-of-vol-bilal-002', { items: 12 }))).toMatchObject({
      status: 403,
    });
    expect((await service.declare('masques', 'vol-anne-0001', 'token-of-vol-anne-0001', { items: 12 })).figures.itemsDeclared).toBe(12);
    expect((await service.figures('masques')).perPickupPoint).toMatchObject([{ pickupPoint: 'hotel-de-ville', itemsDeclared: 12 }]);

    const ended = campaignTenant({ sections: [{ ...campaignTenant().sections[0], endsOn: '2025-03-01' }] });
    const store = new MemoryCampaignStore();
    await store.insertVolunteer(volunteer('vol-anne-0001'));
    const late = campaignService({ tenant: ended, store, clock: new FixedClock(), random: new SequenceRandom() });
    await late.receiveStock('masques', { kits: 5 });
    expect(await failure(late.handOut('masques', 'vol-anne-0001', { kits: 1, pickupPoint: 'mediatheque' }))).toMatchObject({
      status: 400,
      code: 'section_not_open',
      details: [{ path: 'campaign', message: 'closed: ended on 2025-03-01' }],
    });
  });

  it('repairs an event counted but not written into its volunteer’s history: the figures and the history agree again', async () => {
    const { service, store } = await setUp();
    await service.receiveStock('masques', { kits: 5 });
    store.failNext = 'putEvent';
    await expect(service.handOut('masques', 'vol-anne-0001', { kits: 2, pickupPoint: 'hotel-de-ville' })).rejects.toThrow(
      'putEvent failed',
    );
    expect(await store.volunteerEvents(tenant.id, 'masques', 'vol-anne-0001')).toEqual([]);
    store.failNext = 'settle';
    await expect(
      service.recordReturn('masques', 'vol-anne-0001', { items: 20, unusedKits: 0, pickupPoint: 'hotel-de-ville' }),
    ).rejects.toThrow('settle failed');
    const figures = await service.figures('masques');
    expect(figures).toMatchObject({ kitsInStock: 3, kitsHandedOut: 2, itemsReturned: 20 });
    expect((await service.volunteerKits('masques', 'vol-anne-0001')).figures).toMatchObject({ kitsOut: 2, itemsReturned: 20 });
    expect((await store.readCounters(tenant.id, 'masques')).pending).toEqual([]);
    expect(await service.repair('masques')).toBe(0);
  });
});

/** The figures as a user would count them from the list of what happened, independently of the counters. */
function recount(events: CampaignEvent[]) {
  const sum = (list: CampaignEvent[], kind: CampaignEvent['kind'], field: 'kits' | 'items') =>
    list.filter((event) => event.kind === kind).reduce((total, event) => total + event[field], 0);
  const kitFiguresOf = (list: CampaignEvent[]) => {
    const kitsHandedOut = sum(list, 'handed_out', 'kits');
    const kitsReturned = sum(list, 'returned', 'kits');
    const itemsReturned = sum(list, 'returned', 'items');
    const itemsExpected = (kitsHandedOut - kitsReturned) * itemsPerKit;
    return {
      kitsHandedOut,
      kitsReturned,
      kitsOut: kitsHandedOut - kitsReturned,
      itemsExpected,
      itemsDeclared: sum(list, 'declared', 'items'),
      itemsReturned,
      returnRate: itemsExpected > 0 ? Math.round((itemsReturned / itemsExpected) * 1000) / 1000 : null,
    };
  };
  const groups = (key: (event: CampaignEvent) => string | undefined) =>
    [...new Set(events.map(key).filter((value): value is string => value !== undefined))].sort().map((value) => ({
      value,
      figures: kitFiguresOf(events.filter((event) => key(event) === value)),
    }));
  return {
    campaign: {
      ...kitFiguresOf(events),
      kitsReceived: sum(events, 'stock_received', 'kits'),
      kitsInStock: sum(events, 'stock_received', 'kits') - sum(events, 'handed_out', 'kits') + sum(events, 'returned', 'kits'),
    },
    perDay: groups((event) => event.day).map(({ value, figures }) => ({ day: value, ...figures })),
    perPickupPoint: groups((event) => event.pickupPoint).map(({ value, figures }) => ({ pickupPoint: value, ...figures })),
    perVolunteer: (volunteerId: string) => kitFiguresOf(events.filter((event) => event.volunteerId === volunteerId)),
  };
}

const volunteerIds = ['vol-anne-0001', 'vol-bilal-002', 'vol-chloe-003'];
const point = fc.constantFrom('hotel-de-ville', 'mediatheque');
const who = fc.constantFrom(...volunteerIds);
const step = fc.oneof(
  fc.record({ op: fc.constant('deliver' as const), kits: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ op: fc.constant('handOut' as const), who, kits: fc.integer({ min: 1, max: 4 }), point }),
  fc.record({
    op: fc.constant('return' as const),
    who,
    items: fc.integer({ min: 0, max: 80 }),
    unusedKits: fc.integer({ min: 0, max: 3 }),
    point,
  }),
  fc.record({ op: fc.constant('declare' as const), who, items: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ op: fc.constant('nextDay' as const), hours: fc.integer({ min: 1, max: 30 }) }),
);
const withFault = fc.record({ step, fault: fc.constantFrom(undefined, undefined, undefined, 'putEvent' as const, 'settle' as const) });

test('property: after any sequence of deliveries, hand-outs, returns and declarations (with failures between writes), every figure equals the figure recounted from the events', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(withFault, { maxLength: 40 }), async (steps) => {
      const { store, clock, service } = await setUp(volunteerIds);
      // The list of what happened: every event the counter item accepted.
      const counted: CampaignEvent[] = [];
      const countEvent = store.countEvent.bind(store);
      store.countEvent = async (event, counts, guard) => {
        const accepted = await countEvent(event, counts, guard);
        if (accepted) counted.push(event);
        return accepted;
      };
      let stock = 0;
      for (const { step, fault } of steps) {
        const before = counted.length;
        store.failNext = fault;
        const outcome = await (async () => {
          switch (step.op) {
            case 'deliver':
              return service.receiveStock('masques', { kits: step.kits });
            case 'handOut':
              return service.handOut('masques', step.who, { kits: step.kits, pickupPoint: step.point });
            case 'return':
              if (step.items === 0 && step.unusedKits === 0) return undefined;
              return service.recordReturn('masques', step.who, { items: step.items, unusedKits: step.unusedKits, pickupPoint: step.point });
            case 'declare':
              return service.declare('masques', step.who, `token-of-${step.who}`, { items: step.items });
            case 'nextDay':
              return clock.advanceMinutes(step.hours * 60);
          }
        })().then(
          () => 'done',
          (error: unknown) => ((error as DomainError).code ?? (error as Error).message) as string,
        );
        store.failNext = undefined;
        if (step.op === 'handOut' && counted.length === before) {
          // Refused only for want of stock (or a failure before anything was written).
          expect(['out_of_stock', 'putEvent failed', 'settle failed']).toContain(outcome);
          if (outcome === 'out_of_stock') expect(stock).toBeLessThan(step.kits);
        }
        for (const event of counted.slice(before))
          stock += event.kind === 'handed_out' ? -event.kits : event.kits * Number(event.kind !== 'declared');
        expect(stock).toBeGreaterThanOrEqual(0);
      }
      const expected = recount(counted);
      const figures = await service.figures('masques');
      expect(figures).toMatchObject(expected.campaign);
      expect(figures.kitsInStock).toBe(stock);
      expect(figures.perDay.filter((day) => counted.some((event) => event.day === day.day && event.kind !== 'stock_received'))).toEqual(
        expected.perDay.filter((day) => counted.some((event) => event.day === day.day && event.kind !== 'stock_received')),
      );
      expect(figures.perPickupPoint).toEqual(expected.perPickupPoint);
      for (const volunteerId of volunteerIds) {
        expect((await service.volunteerKits('masques', volunteerId)).figures).toEqual(expected.perVolunteer(volunteerId));
      }
      // Repaired: every counted event is in its history, nothing left pending.
      expect((await store.campaignEvents(tenant.id, 'masques')).map((event) => event.id).sort()).toEqual(
        counted.map((event) => event.id).sort(),
      );
      expect((await store.readCounters(tenant.id, 'masques')).pending).toEqual([]);
    }),
    { numRuns: 80 },
  );
});
