import { destination, discLookupCells } from '@entraide/core';
import { checkWhoDeliversTo, directorySetup, niort } from '../../../test/support/directory-fixtures.js';
import { embeddedTable, faultyClient } from '../../../test/support/embedded-table.js';
import { PutCommand } from './doc-client.js';
import { listingKeys } from './keys.js';
import { DynamoListingStore } from './listing-store.js';
import { queryPages } from './query.js';

/** The directory's store on the embedded DynamoDB: who delivers to a point from the zone index, its repairs, its lists. */
// Thousands of requests in the property test: more than jest's 30 s on a loaded machine.
jest.setTimeout(180_000);

const suite = embeddedTable('listings');
const table = suite.table;

const zoneItems = async (pk: string) =>
  (await queryPages(suite.documents, { TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }))
    .items;

it('who delivers to me equals the brute force over the records, page after page, on the real index', async () => {
  // Each run its own tenant in one table: the keys keep them apart.
  await checkWhoDeliversTo((run) => ({ store: new DynamoListingStore(suite.documents, table), tenantId: `prop-${run}` }), {
    numRuns: 8,
    maxListings: 10,
  });
});

it('reads one query per looked-up cell and commune, plus one read per listing on the page, whatever the table holds', async () => {
  const { listings, published, tenant } = directorySetup(new DynamoListingStore(suite.documents, table));
  const near = await published({ deliveryZone: { radiusKm: 10 } });
  // Listings far off (north-east of the centre, Niort is south-west), out of reach of the point's cells.
  for (let index = 0; index < 5; index++) {
    await published({ location: destination(tenant.area.center, 30, index * 0.4), deliveryZone: { radiusKm: 3 } });
  }
  const page = await listings.list({ deliversTo: destination(niort, 2, 0), commune: '79191' });
  expect(page.items.map((item) => item.id)).toEqual([near.id]);
  // One entry met (the near disc's cell), one record read: the page's.
  expect(page.stats).toEqual({ queries: 6, itemsRead: 2 });
});

it('a failure between the record and its zone entries is repaired by the mailed link; entries a record no longer justifies are deleted as met', async () => {
  let failing = false;
  const faulty = faultyClient(suite.documents, (operation, input) => failing && operation === 'PutItem' && !!input.Item?.listingId);
  const tenant = directorySetup(new DynamoListingStore(suite.documents, table)).tenant;
  const { listings, created } = directorySetup(new DynamoListingStore(faulty, table), { ...tenant, id: 'repair' });
  const { id, token } = await created({ deliveryZone: { radiusKm: 4, communes: ['79109'] } });
  failing = true;
  await expect(listings.verify(id, token)).rejects.toThrow('injected fault');
  failing = false;
  expect((await listings.list({ deliversTo: niort })).items).toEqual([]);
  await expect(listings.verify(id, token)).rejects.toMatchObject({ code: 'token_already_used' });
  expect((await listings.list({ deliversTo: niort })).items.map((item) => item.id)).toEqual([id]);

  // The zone shrinks to its communes; the delete of the disc's entries fails: the search still
  // answers from the record, and deletes the entry it met.
  const failingDeletes = faultyClient(suite.documents, (operation) => operation === 'DeleteItem' && failing);
  const second = directorySetup(new DynamoListingStore(failingDeletes, table), { ...tenant, id: 'repair' });
  failing = true;
  await second.listings.edit(id, token, { deliveryZone: { communes: ['79109'] } }).catch(() => undefined);
  failing = false;
  expect((await listings.getOwn(id, token)).deliveryZone).toEqual({ communes: [{ code: '79109', name: 'Échiré' }] });
  const cellPartitions = discLookupCells(niort).map((cell) => listingKeys.zoneCellPartition('repair', cell));
  expect((await Promise.all(cellPartitions.map(zoneItems))).flat().length).toBeGreaterThan(0);
  expect((await listings.list({ deliversTo: niort })).items).toEqual([]);
  expect((await Promise.all(cellPartitions.map(zoneItems))).flat()).toEqual([]);
  expect((await listings.list({ deliversTo: niort, commune: '79109' })).items.map((item) => item.id)).toEqual([id]);
});

it('an entry written before entries carried their listing (no version) is read from its record and written again', async () => {
  const base = directorySetup(new DynamoListingStore(suite.documents, table)).tenant;
  const { listings, published } = directorySetup(new DynamoListingStore(suite.documents, table), { ...base, id: 'legacy' });
  const { id } = await published({ deliveryZone: { radiusKm: 4 } });
  const partitions = discLookupCells(niort).map((cell) => listingKeys.zoneCellPartition('legacy', cell));
  const [filed] = (await Promise.all(partitions.map(zoneItems))).flat();
  // As the previous format wrote it: the keys and the listing's id, nothing else.
  await suite.documents.send(new PutCommand({ TableName: table, Item: { pk: filed!.pk, sk: id, listingId: id } }));
  expect((await listings.list({ deliversTo: niort })).items.map((item) => item.id)).toEqual([id]);
  const [rewritten] = (await Promise.all(partitions.map(zoneItems))).flat();
  expect(rewritten).toMatchObject({ pk: filed!.pk, listingId: id, version: 2, radiusKm: 4, section: 'producteurs' });
});

it('lists a section’s public listings newest first with a cursor, without paused or unconfirmed ones', async () => {
  const base = directorySetup(new DynamoListingStore(suite.documents, table)).tenant;
  const { listings, published, created, clock } = directorySetup(new DynamoListingStore(suite.documents, table), { ...base, id: 'lists' });
  const ids: string[] = [];
  for (let index = 0; index < 5; index++) {
    ids.push((await published({ name: `Ferme ${index}` })).id);
    clock.advanceMinutes(1);
  }
  await created({ name: 'Pas confirmée' });
  const paused = await published({ name: 'En pause' });
  await listings.edit(paused.id, paused.token, { paused: true });
  const first = await listings.list({ section: 'producteurs', limit: 3 });
  const second = await listings.list({ section: 'producteurs', limit: 3, cursor: first.nextCursor! });
  expect([...first.items, ...second.items].map((item) => item.id)).toEqual(ids.reverse());
  expect(second.nextCursor).toBeNull();
  await expect(listings.list({ limit: 3, cursor: first.nextCursor! })).rejects.toMatchObject({ status: 400 });
});
