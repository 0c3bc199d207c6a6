import { existsSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { loadTenantDirectory } from '@entraide/core';
import type { OperatorTables } from './operator-tables.js';
import { exportTenantTable } from './tenant-export.js';

/**
 * `npm run offboard -- --id <id>`: what removing a tenant removes and what it keeps, printed (a dry
 * run by default), and with `--yes` done in order: its data written as JSON and CSV files if asked
 * (`--export <dir>`), its table exported to S3 if asked, its stack destroyed (functions, roles, API,
 * schedules, logs, its key in the site's routing store), its table deleted if asked
 * (`--delete-table`, only after an export to files), its tenant file removed, the site redeployed
 * so the home page stops listing it. Otherwise the table is retained (deletion protection).
 */

export interface OffboardIo {
  log: (line: string) => void;
  /** Runs a command from the repository's root; resolves to its exit code. */
  run: (command: string, args: string[]) => Promise<number>;
  /** Runs a command and answers what it printed (an AWS CLI query). */
  read: (command: string, args: string[]) => Promise<{ code: number; stdout: string }>;
  /** The deployed tables, with the operator's credentials (operator-tables.ts); opened only to export or delete. */
  openTables: () => Promise<Pick<OperatorTables, 'sdk' | 'tableOf' | 'close'>>;
  now?: () => Date;
}

export class OffboardError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'OffboardError';
  }
}

const options = {
  id: { type: 'string' },
  export: { type: 'string' },
  'export-bucket': { type: 'string' },
  'delete-table': { type: 'boolean' },
  'tenants-dir': { type: 'string' },
  yes: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

const usage = `npm run offboard -- --id <id> [--export <folder>] [--export-bucket <S3 bucket>] [--delete-table] [--yes]
  a dry run unless --yes: prints what is removed and what is kept
  --export: the tenant's data as JSON and CSV files under <folder>/<id>/, before anything is removed
  --delete-table: deletes its table too (only with --export); otherwise the table is retained`;

/** What stays once the tenant is gone, and for how long. */
const retained = (tenantId: string, table: string, deleteTable: boolean) => [
  deleteTable
    ? `its DynamoDB table ${table}: deleted (--delete-table), with its point-in-time backups; the residents' data is then only in the export`
    : `its DynamoDB table ${table}: retained, with deletion protection, until deleted by hand; its point-in-time backups (35 days) go with it. To delete the residents' data for good: aws dynamodb update-table --table-name ${table} --no-deletion-protection-enabled && aws dynamodb delete-table --table-name ${table}`,
  'the exports: the files of --export (JSON and CSV: hand them to the local government) and the S3 export of --export-bucket (DynamoDB JSON, under entraide/<id>/), until you delete them',
  `with a gallery, its drawings in the site's shared gallery bucket, which its stack does not own: until deleted by hand: aws s3 rm --recursive s3://entraide-gallery-<account>-<region>/gallery/${tenantId}/ (and uploads/${tenantId}/)`,
  `mail of the tenant dead-lettered in entraide-mail-dead-letters: 14 days at most; raw received mail under tenants/${tenantId}/ of the platform's inbound bucket: 2 days at most`,
  'its logs (functions and API access logs) are deleted with the stack',
];

export interface OffboardOutcome {
  tenantId: string;
  done: boolean;
}

export async function offboard(argv: string[], repoRoot: string, io: OffboardIo): Promise<OffboardOutcome | undefined> {
  let values;
  try {
    values = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new OffboardError([(error as Error).message, usage]);
  }
  if (values.help) {
    io.log(usage);
    return undefined;
  }
  const tenantsDir = values['tenants-dir'] ?? join(repoRoot, 'infra', 'tenants');
  const tenantId = values.id ?? '';
  const file = join(tenantsDir, `${tenantId}.json`);
  // Only a tenant the app knows: its id as its file names it, read by the same loader as synth and npm start.
  const known = existsSync(tenantsDir) ? loadTenantDirectory(tenantsDir).map((tenant) => tenant.id) : [];
  if (!known.includes(tenantId)) {
    throw new OffboardError([
      `--id: ${tenantId ? `"${tenantId}" is no tenant` : 'missing'} (tenants: ${known.join(', ') || 'none'} in ${relative(repoRoot, tenantsDir) || tenantsDir})`,
    ]);
  }
  const stack = `Entraide-${tenantId}`;
  const tenant = loadTenantDirectory(tenantsDir).find((known) => known.id === tenantId)!;
  const exportBucket = values['export-bucket'];
  const exportDir = values.export;
  const deleteTable = values['delete-table'] === true;
  if (deleteTable && !exportDir) {
    throw new OffboardError(['--delete-table: only with --export <folder> (the residents’ data would be kept nowhere); nothing was done']);
  }
  const steps = [
    ...(exportDir
      ? [
          `write its data as JSON and CSV files to ${join(exportDir, tenantId)}/ (every record of its table by family; posts in the staff export’s columns)`,
        ]
      : []),
    ...(exportBucket ? [`export its table to s3://${exportBucket}/entraide/${tenantId}/ (point-in-time export, DynamoDB JSON)`] : []),
    `npx cdk destroy ${stack} --force: deletes its functions, roles, HTTP API, schedules and logs, and its key in the site's routing store (/t/${tenantId}/api/ answers 404 unknown_tenant at once)`,
    ...(deleteTable ? ['delete its DynamoDB table (deletion protection off, then DeleteTable): its data is then only in the export'] : []),
    `remove ${relative(repoRoot, file) || file}: npm start and the synth no longer have the tenant`,
    `npx cdk deploy Entraide-site: the home page stops listing it`,
  ];
  io.log(`${values.yes ? 'Removing' : 'Would remove (a dry run: add --yes to do it)'} ${tenantId}:`);
  steps.forEach((step, index) => io.log(`  ${index + 1}. ${step}`));
  io.log('Kept:');
  for (const line of retained(tenantId, '<its TableName output>', deleteTable)) io.log(`  - ${line}`);
  if (!values.yes) return { tenantId, done: false };

  const must = async (command: string, args: string[], then = 'nothing after it was done: fix and run again'): Promise<void> => {
    io.log(`${command} ${args.join(' ')}`);
    const code = await io.run(command, args);
    if (code !== 0) throw new OffboardError([`${command} ${args.slice(0, 3).join(' ')} failed (exit ${code}); ${then}`]);
  };
  const table = await io.read('aws', [
    'cloudformation',
    'describe-stacks',
    '--stack-name',
    stack,
    '--query',
    "Stacks[0].Outputs[?OutputKey=='TableName'].OutputValue",
    '--output',
    'text',
  ]);
  let tableName = table.code === 0 ? table.stdout.trim() : '';
  const tables = exportDir ? await io.openTables() : undefined;
  try {
    if (tables) {
      tableName ||= tables.tableOf(tenantId) ?? '';
      if (!tableName) throw new OffboardError([`${stack}: no table found (is it deployed?); nothing was done`]);
      const written = await exportTenantTable(tenant, { sdk: tables.sdk, table: tableName }, exportDir!, io.now?.());
      io.log(
        `wrote ${written.files.join(', ')} to ${written.folder}/ (${
          Object.entries(written.records)
            .map(([family, count]) => `${family} ${count}`)
            .join(', ') || 'no record'
        })`,
      );
    }
    await removeTenant();
  } finally {
    await tables?.close();
  }
  io.log(`${tenantId} is offboarded. Kept:`);
  for (const line of retained(tenantId, tableName || '<its table>', deleteTable)) io.log(`  - ${line}`);
  return { tenantId, done: true };

  async function removeTenant(): Promise<void> {
    if (exportBucket) {
      if (!tableName) throw new OffboardError([`${stack}: no TableName output (is it deployed?); nothing was done`]);
      const arn = await io.read('aws', [
        'dynamodb',
        'describe-table',
        '--table-name',
        tableName,
        '--query',
        'Table.TableArn',
        '--output',
        'text',
      ]);
      if (arn.code !== 0) throw new OffboardError([`aws dynamodb describe-table ${tableName} failed; nothing was done`]);
      await must('aws', [
        'dynamodb',
        'export-table-to-point-in-time',
        '--table-arn',
        arn.stdout.trim(),
        '--s3-bucket',
        exportBucket,
        '--s3-prefix',
        `entraide/${tenantId}/`,
        '--export-format',
        'DYNAMODB_JSON',
      ]);
    }
    await must('npx', ['cdk', 'destroy', stack, '--force']);
    if (deleteTable && tables) {
      // The stack is gone (nothing writes any more) and the export is written: the table last.
      await must('aws', ['dynamodb', 'update-table', '--table-name', tableName, '--no-deletion-protection-enabled']);
      await tables.sdk.send(new DeleteTableCommand({ TableName: tableName }));
      io.log(`deleted the table ${tableName}`);
    }
    rmSync(file);
    io.log(`removed ${relative(repoRoot, file) || file}`);
    await must(
      'npx',
      ['cdk', 'deploy', 'Entraide-site', '--require-approval', 'never'],
      'the tenant is removed: deploy Entraide-site again',
    );
  }
}
