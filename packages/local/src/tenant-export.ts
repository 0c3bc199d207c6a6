import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { tenantExportFiles, type TenantConfig } from '@entraide/core';
import { exportedFamilyOf, recordOf, tenantKeyPrefix } from '@entraide/dynamodb-store';
import { scanItems } from './operator-tables.js';

export interface TenantExport {
  /** The folder the files are in: `<dir>/<tenant id>`. */
  folder: string;
  files: string[];
  /** How many records of each family were exported. */
  records: Record<string, number>;
}

/**
 * A tenant's table read whole (a Scan with the operator's credentials, which no function may do)
 * and written as JSON and CSV under `<dir>/<tenant id>/` (core's tenantExportFiles): only the
 * tenant's own records, by family, each with its keys (less the tenant's prefix), without index
 * entries or secrets (keys.ts's exportedFamilyOf).
 */
export async function exportTenantTable(
  tenant: TenantConfig,
  tables: { sdk: DynamoDBClient; table: string },
  dir: string,
  now = new Date(),
): Promise<TenantExport> {
  const items: { pk: string; sk: string; family: string; item: Record<string, unknown> }[] = [];
  const scanned = scanItems(tables.sdk, {
    TableName: tables.table,
    FilterExpression: 'begins_with(pk, :tenant)',
    ExpressionAttributeValues: { ':tenant': { S: tenantKeyPrefix(tenant.id) } },
  });
  for await (const raw of scanned) {
    const item = unmarshall(raw) as { pk: string; sk: string };
    const family = exportedFamilyOf(tenant.id, item);
    if (family) items.push({ pk: item.pk, sk: item.sk, family, item });
  }
  // In key order, so the same table gives the same files.
  items.sort((a, b) => (a.pk === b.pk ? (a.sk < b.sk ? -1 : 1) : a.pk < b.pk ? -1 : 1));
  const families: Record<string, Record<string, unknown>[]> = {};
  // Each record with its keys, less the tenant's prefix: a day's counters, a conversation, the team are told apart by them.
  const prefix = tenantKeyPrefix(tenant.id);
  for (const { pk, sk, family, item } of items) (families[family] ??= []).push({ pk: pk.slice(prefix.length), sk, ...recordOf(item) });
  const folder = join(dir, tenant.id);
  mkdirSync(folder, { recursive: true });
  const files = tenantExportFiles(tenant, families, now).map((file) => {
    writeFileSync(join(folder, file.name), file.text);
    return file.name;
  });
  return { folder, files, records: Object.fromEntries(Object.entries(families).map(([family, records]) => [family, records.length])) };
}
