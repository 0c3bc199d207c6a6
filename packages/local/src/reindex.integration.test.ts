import {
  addMonths,
  alertLookupCells,
  discLookupCells,
  cellRange,
  partitionDepth,
  partitionOf,
  curveIndexOf,
  densityCellOf,
  type AlertRecord,
  type MissionRecord,
} from '@entraide/core';
import {
  alertKeys,
  DeleteCommand,
  densityKeys,
  DynamoAlertStore,
  DynamoListingStore,
  DynamoMissionStore,
  DynamoNearbyIndex,
  DynamoPostStore,
  expiringEntryKeys,
  GetCommand,
  listingKeys,
  missionKeys,
  nearbyIndexItems,
  PutCommand,
  QueryCommand,
} from '@entraide/dynamodb-store';
import { directorySetup, directoryTenant, niort } from '../../../test/support/directory-fixtures.js';
import { embeddedTable } from '../../../test/support/embedded-table.js';
import { courbevoieTenant, publishedPostRecord } from '../../../test/support/tenants.js';
import { reindexTenant } from './reindex.js';

/**
 * `npm run reindex` on the embedded DynamoDB: a post and an alert written before the lists by
 * expiry existed (their entry and expiry missing, as the old code wrote them) are found by the
 * "still needed?" and alerts' jobs once it ran; run again, it changes nothing.
 */
const suite = embeddedTable('entraide-reindex');
const tenant = courbevoieTenant();
const now = new Date();

it("gives each published post its entry by expiry and each old active alert its end, files them on the curve and deletes the Z-order's entries; run twice, the same", async () => {
  const posts = new DynamoPostStore(suite.documents, suite.table);
  const alerts = new DynamoAlertStore(suite.documents, suite.table);
  const old = publishedPostRecord(tenant, {
    id: 'oldpost0001',
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 2 * 86_400_000).toISOString(),
  });
  await posts.insert(old);
  // As the code before the list wrote it: no entry; and its geographic entries without the whole public view.
  await suite.documents.send(new DeleteCommand({ TableName: suite.table, Key: expiringEntryKeys(old) }));
  for (const item of nearbyIndexItems(old)) {
    const { full: _full, ...before } = item;
    await suite.documents.send(new PutCommand({ TableName: suite.table, Item: before }));
  }
  const z = curveIndexOf(old.content!.publicLocation);
  // Nor any count in the density summary.
  await suite.documents.send(new DeleteCommand({ TableName: suite.table, Key: densityKeys(tenant.id, densityCellOf(z)).key }));
  const entries = async () =>
    (
      await new DynamoNearbyIndex(suite.documents, suite.table).readRange(
        tenant.id,
        {},
        { range: cellRange({ prefix: partitionOf(z), depth: partitionDepth }) },
      )
    ).entries.map((entry) => [entry.postId, entry.full]);
  expect(await entries()).toEqual([['oldpost0001', undefined]]);
  const expiring = async () =>
    (await posts.listExpiring(tenant.id, { from: now, to: new Date(now.getTime() + 3 * 86_400_000), limit: 10 })).items.map(
      (post) => post.id,
    );
  expect(await expiring()).toEqual([]);

  const verifiedAt = new Date(now.getTime() - 170 * 86_400_000).toISOString();
  const oldAlert: AlertRecord = {
    tenantId: tenant.id,
    id: 'oldalert001',
    email: 'ancienne.alerte@example.org',
    near: tenant.area.center,
    radiusKm: 1,
    status: 'active',
    tokenHash: 'a'.repeat(64),
    unsubscribeToken: 'unsubscribe-token-0123456789',
    createdAt: verifiedAt,
    verifiedAt,
    version: 2,
  };
  await suite.documents.send(new PutCommand({ TableName: suite.table, Item: { ...oldAlert, ...alertKeys(tenant.id, oldAlert.id) } }));
  const horizon = new Date(now.getTime() + 30 * 86_400_000);
  expect(await alerts.expiringBy(tenant.id, horizon, 10)).toEqual([]);

  // Entries of the Z-order, before the curve: keys without its tag, as the code before it wrote them.
  const beforeTheCurve = [
    { pk: `T#${tenant.id}#NEAR#*#*#1a2b`, sk: `0000000000123#${old.id}` },
    { pk: `T#${tenant.id}#ALERTCELL#20#abcde`, sk: oldAlert.id },
    { pk: `T#${tenant.id}#LISTINGZONE#20#abcde`, sk: 'oldlisting1' },
  ];
  for (const key of beforeTheCurve)
    await suite.documents.send(new PutCommand({ TableName: suite.table, Item: { ...key, postId: old.id } }));
  expect(await alerts.findByCells(tenant.id, alertLookupCells(tenant.area.center))).toEqual([]);

  const tables = { documents: suite.documents, sdk: suite.sdk, table: suite.table };
  // The old post's entry was never counted in the density summary: the recount counts it.
  expect(await reindexTenant(tenant, tables)).toEqual({ posts: 1, alerts: 1, missions: 0, listings: 0, removed: 3, densityCorrected: 1 });
  expect(await expiring()).toEqual(['oldpost0001']);
  expect(await entries()).toEqual([['oldpost0001', true]]);
  const found = await alerts.expiringBy(tenant.id, horizon, 10);
  expect(found.map((alert) => [alert.id, alert.expiresAt])).toEqual([['oldalert001', addMonths(new Date(verifiedAt), 6).toISOString()]]);
  // Filed on the curve: a post at the alert's centre meets it.
  expect((await alerts.findByCells(tenant.id, alertLookupCells(tenant.area.center))).map((target) => target.id)).toEqual(['oldalert001']);
  for (const key of beforeTheCurve) {
    const left = await suite.documents.send(
      new QueryCommand({ TableName: suite.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': key.pk } }),
    );
    expect(left.Items ?? []).toEqual([]);
  }

  expect(await reindexTenant(tenant, tables)).toEqual({ posts: 1, alerts: 0, missions: 0, listings: 0, removed: 0, densityCorrected: 0 });
  expect(await expiring()).toEqual(['oldpost0001']);
  expect((await alerts.get(tenant.id, 'oldalert001'))!.version).toBe(3);
});

it('puts each published mission written before the list by place in it; run twice, the same', async () => {
  const missions = new DynamoMissionStore(suite.documents, suite.table);
  const location = { lat: 48.8973, lon: 2.2522 };
  const mission: MissionRecord = {
    tenantId: 'reindex-missions',
    id: 'oldmission1',
    section: 'vendanges',
    status: 'published',
    title: 'Vendanges',
    description: 'Couper le raisin.',
    organisation: { name: 'Domaine' },
    address: '1 chemin des Vignes',
    location,
    shifts: [],
    author: { name: 'Marie', email: 'marie@example.org' },
    tokenHash: 'a'.repeat(64),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    publishedAt: now.toISOString(),
    version: 2,
  };
  // As the code before the list wrote it: no gsi2 keys.
  await missions.insertMission(mission);
  const {
    gsi2pk: _pk,
    gsi2sk: _sk,
    ...before
  } = (await suite.documents.send(new GetCommand({ TableName: suite.table, Key: missionKeys.mission(mission.tenantId, mission.id) })))
    .Item!;
  await suite.documents.send(new PutCommand({ TableName: suite.table, Item: before }));
  const range = cellRange({ prefix: partitionOf(curveIndexOf(location)), depth: partitionDepth });
  const placed = async () => (await missions.publishedMissionsIn(mission.tenantId, range)).missions.map((found) => found.id);
  expect(await placed()).toEqual([]);
  expect(await missions.reindexPublished(mission.tenantId)).toBe(1);
  expect(await placed()).toEqual(['oldmission1']);
  expect(await missions.reindexPublished(mission.tenantId)).toBe(1);
  expect(await placed()).toEqual(['oldmission1']);
  expect((await missions.getMission(mission.tenantId, mission.id))!.version).toBe(2);
});

it("files each listing's delivery disc on the curve, as its own writes do, and deletes its Z-order entries", async () => {
  const tenant = directoryTenant('reindex-listings');
  const { listings, published, created } = directorySetup(new DynamoListingStore(suite.documents, suite.table), tenant);
  const { id } = await published({ deliveryZone: { radiusKm: 4 } });
  // A listing waiting for its address to be confirmed has no zone entry yet: nothing to file.
  await created({ deliveryZone: { radiusKm: 2 } });
  const partitions = discLookupCells(niort).map((cell) => listingKeys.zoneCellPartition(tenant.id, cell));
  const filed = async () =>
    (
      await Promise.all(
        partitions.map((pk) =>
          suite.documents.send(
            new QueryCommand({ TableName: suite.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }),
          ),
        ),
      )
    ).flatMap((page) => page.Items ?? []);
  // As before the curve: the disc's entries under untagged keys only.
  const [entry] = await filed();
  await suite.documents.send(new DeleteCommand({ TableName: suite.table, Key: { pk: entry!.pk, sk: entry!.sk } }));
  const before = { ...entry!, pk: String(entry!.pk).replace('#LISTINGZONE#H#', '#LISTINGZONE#') };
  await suite.documents.send(new PutCommand({ TableName: suite.table, Item: before }));
  expect((await listings.list({ deliversTo: niort })).items).toEqual([]);

  const tables = { documents: suite.documents, sdk: suite.sdk, table: suite.table };
  expect(await reindexTenant(tenant, tables)).toMatchObject({ posts: 0, alerts: 0, missions: 0, listings: 1, removed: 1 });
  expect((await listings.list({ deliversTo: niort })).items.map((item) => item.id)).toEqual([id]);
  const left = await suite.documents.send(
    new QueryCommand({ TableName: suite.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': before.pk } }),
  );
  expect(left.Items ?? []).toEqual([]);
});
