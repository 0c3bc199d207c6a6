import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { alertExpiryService, densityRecountJob, listingZoneEntry, type TenantConfig } from '@entraide/core';
import {
  alertKeys,
  DeleteCommand,
  DynamoAlertStore,
  DynamoDensitySummary,
  DynamoListingStore,
  DynamoMissionStore,
  DynamoNearbyIndex,
  DynamoPostStore,
  geoCurveTag,
  geoKeyedFamilies,
  listingKeys,
  tenantKeyPrefix,
  type DocClient,
} from '@entraide/dynamodb-store';
import { scanItems } from './operator-tables.js';

/**
 * The one-off repair of the lists by expiry for what was written before them (`npm run reindex`):
 * each published post gets its `POSTS_EXPIRING` entry and its geographic entries in the format
 * that carries its whole public view (a query of the published list), each active
 * alert confirmed before alerts ended gets its `expiresAt` and its place in `ALERTS_EXPIRING`
 * (found by a Scan: the operator's credentials may scan, no function may), and each published
 * mission its place in the missions' list by place (its item written again). Run again, it changes nothing.
 *
 * It also moves every entry keyed by place onto the index's curve (decision 0027): the posts' and
 * missions' entries are written above; each active alert and each listing with a delivery disc is
 * filed again under its cells; then the entries of the Z-order before it (their keys carry no
 * curve tag, no read meets them) are deleted. New entries first: a search never loses what it found.
 * Last, the density summary is recounted from the index, as the daily follow-ups job does: the
 * posts published before it existed were never counted.
 */
export async function reindexTenant(
  tenant: TenantConfig,
  tables: { documents: DocClient; sdk: DynamoDBClient; table: string },
): Promise<{ posts: number; alerts: number; missions: number; listings: number; removed: number; densityCorrected: number }> {
  const { published } = await new DynamoPostStore(tables.documents, tables.table).reindexPublished(tenant.id);
  const alertStore = new DynamoAlertStore(tables.documents, tables.table);
  const expiry = alertExpiryService({
    tenant,
    alertStore,
    siteUrl: 'https://unused.invalid',
    clock: { now: () => new Date() },
    mailer: { send: async () => undefined },
  });
  let alerts = 0;
  const candidates = scanItems(tables.sdk, {
    TableName: tables.table,
    ProjectionExpression: 'pk',
    FilterExpression: 'begins_with(pk, :prefix) AND sk = :alert AND #status = :active',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':prefix': { S: `${tenantKeyPrefix(tenant.id)}ALERT#` },
      ':alert': { S: alertKeys(tenant.id, '').sk },
      ':active': { S: 'active' },
    },
  });
  for await (const item of candidates) {
    const alertId = item.pk?.S?.slice(alertKeys(tenant.id, '').pk.length);
    const alert = alertId ? await alertStore.get(tenant.id, alertId) : undefined;
    if (!alert) continue;
    if (await expiry.backfill(alert)) alerts += 1;
    await alertStore.fileInIndex(alert);
  }
  const missions = await new DynamoMissionStore(tables.documents, tables.table).reindexPublished(tenant.id);
  const listings = await refileListings(tenant.id, tables);
  const removed = await removeEntriesBeforeTheCurve(tenant.id, tables);
  const density = await densityRecountJob({
    tenant,
    nearbyIndex: new DynamoNearbyIndex(tables.documents, tables.table),
    densitySummary: new DynamoDensitySummary(tables.documents, tables.table),
    clock: { now: () => new Date() },
  })();
  return { posts: published, alerts, missions, listings, removed, densityCorrected: density.corrected };
}

/**
 * Files each listing's delivery zone again (its disc and its communes: the same writes), as its own
 * writes do; a listing with no zone entry (none, or not public) has nothing to file and is not counted.
 */
async function refileListings(tenantId: string, tables: { documents: DocClient; sdk: DynamoDBClient; table: string }): Promise<number> {
  const store = new DynamoListingStore(tables.documents, tables.table);
  const record = listingKeys.listing(tenantId, '');
  let refiled = 0;
  const found = scanItems(tables.sdk, {
    TableName: tables.table,
    ProjectionExpression: 'pk',
    FilterExpression: 'begins_with(pk, :prefix) AND sk = :listing',
    ExpressionAttributeValues: { ':prefix': { S: record.pk }, ':listing': { S: record.sk } },
  });
  for await (const item of found) {
    const listing = await store.get(tenantId, item.pk!.S!.slice(record.pk.length));
    if (!listing || !listingZoneEntry(listing)) continue;
    await store.reindex(listing);
    refiled += 1;
  }
  return refiled;
}

/** Deletes the tenant's entries keyed by place whose keys carry no curve tag: the Z-order's, before decision 0027. */
async function removeEntriesBeforeTheCurve(tenantId: string, tables: { sdk: DynamoDBClient; documents: DocClient; table: string }) {
  const prefix = tenantKeyPrefix(tenantId);
  const values: Record<string, { S: string }> = {};
  const conditions = geoKeyedFamilies.map((family, at) => {
    values[`:family${at}`] = { S: `${prefix}${family}#` };
    values[`:curve${at}`] = { S: `${prefix}${family}#${geoCurveTag}#` };
    return `(begins_with(pk, :family${at}) AND NOT begins_with(pk, :curve${at}))`;
  });
  let removed = 0;
  const stale = scanItems(tables.sdk, {
    TableName: tables.table,
    ProjectionExpression: 'pk, sk',
    FilterExpression: conditions.join(' OR '),
    ExpressionAttributeValues: values,
  });
  for await (const item of stale) {
    await tables.documents.send(new DeleteCommand({ TableName: tables.table, Key: { pk: item.pk!.S!, sk: item.sk!.S! } }));
    removed += 1;
  }
  return removed;
}
