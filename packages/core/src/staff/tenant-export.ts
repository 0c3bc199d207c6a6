import type { PostRecord } from '../posts/index.js';
import type { TenantConfig } from '../tenant/index.js';
import { csvBom, csvRow, freeText, postCsvHeader, postCsvRow } from './post-csv.js';

/** One file of a tenant's export: its name in the export's folder and its text. */
export interface TenantExportFile {
  name: string;
  text: string;
}

/** A record's value as a CSV cell: what a person wrote (any text) kept from running as a formula, a nested value as its JSON. */
const cellOf = (value: unknown) =>
  value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean'
    ? value
    : freeText(typeof value === 'string' ? value : JSON.stringify(value));

/** A family's records as CSV French Excel opens: one column per attribute any of them has, in the order first met. */
function recordsCsv(records: Record<string, unknown>[]): string {
  const columns = [...new Set(records.flatMap((record) => Object.keys(record)))];
  return csvBom + csvRow(columns) + records.map((record) => csvRow(columns.map((column) => cellOf(record[column])))).join('');
}

/**
 * A tenant's data as files for the local government when it leaves (`npm run offboard -- --export`):
 * every record of every family as JSON (`<id>.json`), and as CSV, a file per family: the posts
 * in the staff's export's columns with personal data (`posts.csv`, as an admin's export), every other
 * family with a column per attribute (`listing.csv`, `stats.csv`…).
 */
export function tenantExportFiles(
  tenant: TenantConfig,
  families: Record<string, Record<string, unknown>[]>,
  now: Date,
): TenantExportFile[] {
  const names = Object.keys(families).sort();
  const json = {
    tenant: { id: tenant.id, name: tenant.name },
    exportedAt: now.toISOString(),
    families: Object.fromEntries(names.map((family) => [family, families[family]])),
  };
  return [
    { name: `${tenant.id}.json`, text: `${JSON.stringify(json, null, 2)}\n` },
    ...names.map((family) =>
      family === 'POST'
        ? {
            name: 'posts.csv',
            text:
              csvBom +
              postCsvHeader(true, tenant) +
              families[family]!.map((post) => postCsvRow(post as unknown as PostRecord, now, true, tenant)).join(''),
          }
        : { name: `${family.toLowerCase()}.csv`, text: recordsCsv(families[family]!) },
    ),
  ];
}
