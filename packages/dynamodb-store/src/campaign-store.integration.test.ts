import { campaignService, inStockCounter, type CampaignEvent } from '@entraide/core';
import { localDocClient, localDynamoClient, startEmbeddedDynamo, type RunningServer } from '../../local/src/embedded-servers.js';
import { FixedClock, SequenceRandom } from '../../../test/support/core-fakes.js';
import { campaignTenant, campaignVolunteer } from '../../../test/support/tenants.js';
import { DynamoCampaignStore } from './campaign-store.js';
import { ensureTable } from './create-table.js';

const tenant = campaignTenant();
const table = 'campaigns';
let server: RunningServer;
let client: ReturnType<typeof localDynamoClient>;
const documents: ReturnType<typeof localDocClient>[] = [];

/** A staff session's view: its own client, store and service, as two phones at two counters would have. */
function counter(campaignStoreOf = (store: DynamoCampaignStore) => store) {
  const docs = localDocClient(server.endpoint);
  documents.push(docs);
  const store = campaignStoreOf(new DynamoCampaignStore(docs, table));
  return { store, service: campaignService({ tenant, store, clock: new FixedClock(), random: new UniqueRandom() }) };
}

/** Ids unique across the counters of one test (SequenceRandom numbers from 1 in each). */
class UniqueRandom extends SequenceRandom {
  private static next = 0;
  override id = (): string => `evt${String(++UniqueRandom.next).padStart(8, '0')}`;
}

const volunteer = (id: string, campaignId = 'masques') =>
  campaignVolunteer(id, { campaignId, createdAt: `2025-03-01T08:00:00.${id.slice(-3)}Z` });

beforeAll(async () => {
  server = await startEmbeddedDynamo({ port: 0 });
  client = localDynamoClient(server.endpoint);
  await ensureTable(client, table);
});
afterAll(async () => {
  client.destroy();
  for (const docs of documents) docs.destroy();
  await server.stop();
});

test('20 concurrent hand-outs of 1 kit on a stock of 10, from two counters: exactly 10 succeed, the stock is 0, the figures add up', async () => {
  const first = counter();
  const second = counter();
  const volunteerIds = Array.from({ length: 5 }, (_, index) => `vol-race-${String(index).padStart(3, '0')}`);
  for (const id of volunteerIds) await first.store.insertVolunteer(volunteer(id));
  await first.service.receiveStock('masques', { kits: 10 });

  const outcomes = await Promise.allSettled(
    Array.from({ length: 20 }, (_, index) =>
      (index % 2 ? first : second).service.handOut('masques', volunteerIds[index % 5]!, {
        kits: 1,
        pickupPoint: index % 2 ? 'hotel-de-ville' : 'mediatheque',
      }),
    ),
  );
  expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(10);
  const refusals = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  expect(refusals.map((outcome) => (outcome.reason as { code: string }).code)).toEqual(Array(10).fill('out_of_stock'));

  const figures = await second.service.figures('masques');
  expect(figures).toMatchObject({ kitsReceived: 10, kitsHandedOut: 10, kitsInStock: 0, kitsOut: 10, itemsExpected: 350, volunteers: 5 });
  const perVolunteer = await Promise.all(volunteerIds.map((id) => first.service.volunteerKits('masques', id)));
  expect(perVolunteer.reduce((total, kits) => total + kits.figures.kitsHandedOut, 0)).toBe(10);
  expect(figures.perPickupPoint.reduce((total, point) => total + point.kitsHandedOut, 0)).toBe(10);
  expect((await first.store.campaignEvents(tenant.id, 'masques')).filter((event) => event.kind === 'handed_out')).toHaveLength(10);
});

test('an applied count whose answer was lost is not refused when the client retries it: counted once', async () => {
  const { store, service } = counter();
  // After the race above: masques' stock is 0; one kit arrives.
  await service.receiveStock('masques', { kits: 1 });
  const before = (await store.readCounters(tenant.id, 'masques')).counters;
  const event: CampaignEvent = {
    id: 'evt-retried-0001',
    tenantId: tenant.id,
    campaignId: 'masques',
    kind: 'handed_out',
    volunteerId: 'vol-retry-001',
    kits: 1,
    items: 0,
    pickupPoint: 'mediatheque',
    at: '2025-03-02T10:00:00.000Z',
    day: '2025-03-02',
  };
  // The first attempt is applied; the retry of the same request meets its own pending note.
  await expect(store.countEvent(event, { [inStockCounter]: -1, retried: 1 }, { inStockAtLeast: 1 })).resolves.toBe(true);
  await expect(store.countEvent(event, { [inStockCounter]: -1, retried: 1 }, { inStockAtLeast: 1 })).resolves.toBe(true);
  const after = (await store.readCounters(tenant.id, 'masques')).counters;
  expect([before[inStockCounter], after[inStockCounter], after.retried]).toEqual([1, 0, 1]);
  // A different event on the empty stock is still refused.
  await expect(store.countEvent({ ...event, id: 'evt-other-0002' }, { [inStockCounter]: -1 }, { inStockAtLeast: 1 })).resolves.toBe(false);
});

test('a failure between the counted write and the history is repaired by the next read of the figures, on the real store', async () => {
  let failures = 1;
  const faulty = counter((store) => {
    const putEvent = store.putEvent.bind(store);
    store.putEvent = async (event: CampaignEvent) => {
      if (failures-- > 0) throw new Error('connection reset');
      return putEvent(event);
    };
    return store;
  });
  await faulty.store.insertVolunteer(volunteer('vol-fault-001', 'blouses'));
  await faulty.service.receiveStock('blouses', { kits: 4 }).catch(() => undefined);
  await expect(faulty.store.readCounters(tenant.id, 'blouses')).resolves.toMatchObject({
    counters: { inStock: 4 },
    pending: [{ kind: 'stock_received' }],
  });

  await faulty.service.handOut('blouses', 'vol-fault-001', { kits: 3, pickupPoint: 'mediatheque' });
  await faulty.service.recordReturn('blouses', 'vol-fault-001', { items: 50, unusedKits: 1, pickupPoint: 'mediatheque' });
  const figures = await counter().service.figures('blouses');
  expect(figures).toMatchObject({
    kitsReceived: 4,
    kitsHandedOut: 3,
    kitsReturned: 1,
    kitsInStock: 2,
    itemsReturned: 50,
    itemsExpected: 70,
  });
  expect((await faulty.store.readCounters(tenant.id, 'blouses')).pending).toEqual([]);
  expect((await faulty.store.campaignEvents(tenant.id, 'blouses')).map((event) => event.kind)).toEqual([
    'stock_received',
    'handed_out',
    'returned',
  ]);
  expect((await faulty.store.listVolunteers(tenant.id, 'blouses')).map((record) => record.id)).toEqual(['vol-fault-001']);
  expect(await faulty.store.getVolunteer(tenant.id, 'masques', 'vol-fault-001')).toBeUndefined();
});
