import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { alertExpiryService, type TenantConfig } from '@entraide/core';
import {
  alertKeys,
  DynamoAlertStore,
  DynamoMissionStore,
  DynamoPostStore,
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
 */
export async function reindexTenant(
  tenant: TenantConfig,
  tables: { documents: DocClient; sdk: DynamoDBClient; table: string },
): Promise<{ posts: number; alerts: number; missions: number }> {
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
    FilterExpression: 'begins_with(pk, :prefix) AND sk = :alert AND #status = :active AND attribute_not_exists(expiresAt)',
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
    if (alert && (await expiry.backfill(alert))) alerts += 1;
  }
  const missions = await new DynamoMissionStore(tables.documents, tables.table).reindexPublished(tenant.id);
  return { posts: published, alerts, missions };
}
