import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTenantDirectory } from '@entraide/core';
import { offboard, OffboardError, type OffboardIo } from './offboard.js';

const repoRoot = join(__dirname, '..', '..', '..');
let scratch: string;
let tenantsDir: string;
let io: OffboardIo & { lines: string[]; runs: string[][]; reads: string[][] };
/** The exit code each command gets, by its first words (`npx cdk destroy`); 0 otherwise. */
let exits: Record<string, number>;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'entraide-offboard-'));
  tenantsDir = join(scratch, 'tenants');
  mkdirSync(tenantsDir);
  for (const id of ['courbevoie', 'paris']) copyFileSync(join(repoRoot, 'infra', 'tenants', `${id}.json`), join(tenantsDir, `${id}.json`));
  exits = {};
  const lines: string[] = [];
  const runs: string[][] = [];
  const reads: string[][] = [];
  io = {
    lines,
    runs,
    reads,
    log: (line) => lines.push(line),
    run: async (command, args) => (runs.push([command, ...args]), exits[[command, ...args.slice(0, 2)].join(' ')] ?? 0),
    read: async (command, args) => {
      reads.push([command, ...args]);
      if (args[0] === 'cloudformation') return { code: 0, stdout: 'Entraide-paris-TableCD117FA1-1A2B3C4D5E6F\n' };
      return { code: 0, stdout: 'arn:aws:dynamodb:eu-west-3:123456789012:table/Entraide-paris-TableCD117FA1-1A2B3C4D5E6F\n' };
    },
  };
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

const ids = () => loadTenantDirectory(tenantsDir).map((tenant) => tenant.id);

test('by default a dry run: what is removed and what is kept, printed; nothing run, the file kept', async () => {
  expect(await offboard(['--id', 'paris', '--tenants-dir', tenantsDir], scratch, io)).toEqual({ tenantId: 'paris', done: false });
  const printed = io.lines.join('\n');
  expect(printed).toMatch(/Would remove \(a dry run: add --yes to do it\) paris/);
  expect(printed).toContain('npx cdk destroy Entraide-paris --force');
  expect(printed).toMatch(/DynamoDB table .*retained, with deletion protection/);
  expect(printed).toMatch(/logs .* are deleted with the stack/);
  expect(io.runs).toEqual([]);
  expect(ids()).toEqual(['courbevoie', 'paris']);
});

test('--yes exports the table if asked, destroys the stack, removes the file, then redeploys the site: the tenant is gone from what npm start and the synth read', async () => {
  const outcome = await offboard(['--id', 'paris', '--tenants-dir', tenantsDir, '--export-bucket', 'exports-mairie', '--yes'], scratch, io);
  expect(outcome).toEqual({ tenantId: 'paris', done: true });
  expect(io.runs).toEqual([
    [
      'aws',
      'dynamodb',
      'export-table-to-point-in-time',
      '--table-arn',
      'arn:aws:dynamodb:eu-west-3:123456789012:table/Entraide-paris-TableCD117FA1-1A2B3C4D5E6F',
      '--s3-bucket',
      'exports-mairie',
      '--s3-prefix',
      'entraide/paris/',
      '--export-format',
      'DYNAMODB_JSON',
    ],
    ['npx', 'cdk', 'destroy', 'Entraide-paris', '--force'],
    ['npx', 'cdk', 'deploy', 'Entraide-site', '--require-approval', 'never'],
  ]);
  expect(existsSync(join(tenantsDir, 'paris.json'))).toBe(false);
  expect(ids()).toEqual(['courbevoie']);
  // The retained table is named, with the commands that would delete it.
  expect(io.lines.join('\n')).toContain('aws dynamodb delete-table --table-name Entraide-paris-TableCD117FA1-1A2B3C4D5E6F');
});

test('a failed destroy stops before the file is removed, so running it again finds the tenant', async () => {
  exits['npx cdk destroy'] = 1;
  await expect(offboard(['--id', 'paris', '--tenants-dir', tenantsDir, '--yes'], scratch, io)).rejects.toThrow(
    /npx cdk destroy Entraide-paris failed \(exit 1\); nothing after it was done/,
  );
  expect(io.runs).toEqual([['npx', 'cdk', 'destroy', 'Entraide-paris', '--force']]);
  expect(ids()).toEqual(['courbevoie', 'paris']);
});

test('an unknown or missing id is refused, naming the tenants there are; nothing is run or removed', async () => {
  for (const argv of [['--id', 'atlantis'], ['--id', '../infra/settings'], []]) {
    const refusal = await offboard([...argv, '--tenants-dir', tenantsDir, '--yes'], scratch, io).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(OffboardError);
    expect((refusal as OffboardError).problems).toEqual([expect.stringMatching(/^--id: .*\(tenants: courbevoie, paris in /)]);
  }
  expect(io.runs).toEqual([]);
  expect(io.reads).toEqual([]);
  expect(ids()).toEqual(['courbevoie', 'paris']);
});
