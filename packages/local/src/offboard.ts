import { existsSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTenantDirectory } from '@entraide/core';

/**
 * `npm run offboard -- --id <id>`: what removing a tenant removes and what it keeps, printed (a dry
 * run by default), and with `--yes` done in order: its table exported to S3 if asked, its stack
 * destroyed (functions, roles, API, schedules, logs, its key in the site's routing store), its
 * tenant file removed, the site redeployed so the home page stops listing it. The table is
 * retained (deletion protection): deleting residents' data is a separate, deliberate act.
 */

export interface OffboardIo {
  log: (line: string) => void;
  /** Runs a command from the repository's root; resolves to its exit code. */
  run: (command: string, args: string[]) => Promise<number>;
  /** Runs a command and answers what it printed (an AWS CLI query). */
  read: (command: string, args: string[]) => Promise<{ code: number; stdout: string }>;
}

export class OffboardError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'OffboardError';
  }
}

const options = {
  id: { type: 'string' },
  'export-bucket': { type: 'string' },
  'tenants-dir': { type: 'string' },
  yes: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

const usage = `npm run offboard -- --id <id> [--export-bucket <S3 bucket>] [--yes]
  a dry run unless --yes: prints what is removed and what is kept`;

/** What stays once the tenant is gone, and for how long. */
const retained = (tenantId: string, table: string) => [
  `its DynamoDB table ${table}: retained, with deletion protection, until deleted by hand; its point-in-time backups (35 days) go with it. To delete the residents' data for good: aws dynamodb update-table --table-name ${table} --no-deletion-protection-enabled && aws dynamodb delete-table --table-name ${table}`,
  'the export, if --export-bucket was given: in that bucket (DynamoDB JSON, under entraide/<id>/) until you delete it; the posts as a spreadsheet: an admin’s GET /staff/export.csv before offboarding',
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
  const exportBucket = values['export-bucket'];
  const steps = [
    ...(exportBucket ? [`export its table to s3://${exportBucket}/entraide/${tenantId}/ (point-in-time export, DynamoDB JSON)`] : []),
    `npx cdk destroy ${stack} --force: deletes its functions, roles, HTTP API, schedules and logs, and its key in the site's routing store (/t/${tenantId}/api/ answers 404 unknown_tenant at once)`,
    `remove ${relative(repoRoot, file) || file}: npm start and the synth no longer have the tenant`,
    `npx cdk deploy Entraide-site: the home page stops listing it`,
  ];
  io.log(`${values.yes ? 'Removing' : 'Would remove (a dry run: add --yes to do it)'} ${tenantId}:`);
  steps.forEach((step, index) => io.log(`  ${index + 1}. ${step}`));
  io.log('Kept:');
  for (const line of retained(tenantId, '<its TableName output>')) io.log(`  - ${line}`);
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
  const tableName = table.code === 0 ? table.stdout.trim() : '';
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
  rmSync(file);
  io.log(`removed ${relative(repoRoot, file) || file}`);
  await must('npx', ['cdk', 'deploy', 'Entraide-site', '--require-approval', 'never'], 'the tenant is removed: deploy Entraide-site again');
  io.log(`${tenantId} is offboarded. Kept:`);
  for (const line of retained(tenantId, tableName || '<its table>')) io.log(`  - ${line}`);
  return { tenantId, done: true };
}
