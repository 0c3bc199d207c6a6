import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { loadTenantDirectory } from '@entraide/core';
import { DynamoListingStore, DynamoPostStore, DynamoStaffAccessStore, DynamoStatsStore } from '@entraide/dynamodb-store';
import { ensureTable } from '@entraide/dynamodb-store/create-table';
import { offboard, OffboardError, type OffboardIo } from './offboard.js';
import { directorySetup, directoryTenant } from '../../../test/support/directory-fixtures.js';
import { embeddedTable } from '../../../test/support/embedded-table.js';
import { publishedPostRecord } from '../../../test/support/tenants.js';

const repoRoot = join(__dirname, '..', '..', '..');
let scratch: string;
let tenantsDir: string;
let io: OffboardIo & { lines: string[]; runs: string[][]; reads: string[][] };
/** The exit code each command gets, by its first words (`npx cdk destroy`); 0 otherwise. */
let exits: Record<string, number>;

// Paris's table as CloudFormation names it, on the embedded DynamoDB: what --export reads and --delete-table deletes.
const parisTable = 'Entraide-paris-TableCD117FA1-1A2B3C4D5E6F';
const suite = embeddedTable(parisTable);

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
    openTables: async () => ({ sdk: suite.sdk, tableOf: () => undefined, close: async () => undefined }),
    now: () => new Date('2026-12-06T10:00:00Z'),
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

describe('--export: the tenant’s data as files before anything is removed', () => {
  const paris = () => loadTenantDirectory(tenantsDir).find((tenant) => tenant.id === 'paris')!;
  beforeEach(async () => {
    // A fresh table for each test (one test deletes it).
    await suite.sdk.send(new DeleteTableCommand({ TableName: parisTable })).catch(() => undefined);
    await ensureTable(suite.sdk, parisTable);
    const posts = new DynamoPostStore(suite.documents, parisTable);
    await posts.insert(publishedPostRecord(paris(), { id: 'post-paris-1' }));
    await posts.insert({
      ...publishedPostRecord(paris(), { id: 'post-paris-2', kind: 'request', expiresAt: '2027-01-01T09:00:00.000Z' }),
      status: 'pending_moderation',
    });
    await directorySetup(new DynamoListingStore(suite.documents, parisTable), directoryTenant('paris')).published({
      name: 'Boulangerie du Marais',
    });
    await new DynamoStatsStore(suite.documents, parisTable).count('paris', '2026-03-02', { 'posts.created': 2 });
    await new DynamoStaffAccessStore(suite.documents, parisTable).sessionSecret('paris', 'session-secret-never-exported');
    // Another tenant's item in the same table (a pooled table): never in Paris's export.
    await posts.insert(publishedPostRecord(paris(), { tenantId: 'courbevoie', id: 'post-courbevoie-1' }));
  });

  const exported = (dir: string) =>
    Object.fromEntries(readdirSync(join(dir, 'paris')).map((name) => [name, readFileSync(join(dir, 'paris', name), 'utf8')]));

  test('writes every record as JSON and CSV, then destroys the stack; the table is retained', async () => {
    const dir = join(scratch, 'export');
    let filesAtDestroy: string[] = [];
    const run = io.run;
    io.run = async (command, args) => {
      if (args[1] === 'destroy') filesAtDestroy = readdirSync(join(dir, 'paris')).sort();
      return run(command, args);
    };
    await offboard(['--id', 'paris', '--tenants-dir', tenantsDir, '--export', dir, '--yes'], scratch, io);
    const files = exported(dir);
    expect(Object.keys(files).sort()).toEqual(['listing.csv', 'paris.json', 'posts.csv', 'stats.csv']);
    expect(filesAtDestroy).toEqual(Object.keys(files).sort());
    const json = JSON.parse(files['paris.json']!) as { families: Record<string, { id?: string; content?: { name?: string } }[]> };
    expect(Object.keys(json.families)).toEqual(['LISTING', 'POST', 'STATS']);
    expect(json.families.POST!.map((post) => post.id)).toEqual(['post-paris-1', 'post-paris-2']);
    expect(json.families.LISTING!.map((listing) => listing.content?.name)).toEqual(['Boulangerie du Marais']);
    // The posts in the staff export's columns, with personal data: the author's name and address.
    const rows = files['posts.csv']!.split('\r\n').filter(Boolean);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toMatch(/^post-paris-1;.*;Je propose;Courses;expirée;.*;Courses le samedi;Au marché\.;Ana;ana@example\.org;/);
    expect(rows[2]).toMatch(/^post-paris-2;.*;Je cherche;Courses;à relire;/);
    expect(files['listing.csv']).toContain('Boulangerie du Marais');
    expect(files['stats.csv']).toContain('STATS;DAY#2026-03-02;2\r\n');
    for (const text of Object.values(files)) {
      expect(text).not.toContain('courbevoie');
      expect(text).not.toContain('session-secret-never-exported');
    }
    expect(io.runs.map((command) => command.slice(0, 3).join(' '))).toEqual(['npx cdk destroy', 'npx cdk deploy']);
    expect((await suite.sdk.send(new DescribeTableCommand({ TableName: parisTable }))).Table?.TableName).toBe(parisTable);
    expect(io.lines.join('\n')).toMatch(/wrote paris\.json, listing\.csv, posts\.csv, stats\.csv to .*\(LISTING 1, POST 2, STATS 1\)/);
  });

  test('--delete-table deletes the table after the export and the destroy; without --export it is refused and nothing is done', async () => {
    const refusal = await offboard(['--id', 'paris', '--tenants-dir', tenantsDir, '--delete-table', '--yes'], scratch, io).catch(
      (e: unknown) => e,
    );
    expect((refusal as OffboardError).problems).toEqual([expect.stringMatching(/^--delete-table: only with --export/)]);
    expect(io.runs).toEqual([]);

    const dir = join(scratch, 'export');
    await offboard(['--id', 'paris', '--tenants-dir', tenantsDir, '--export', dir, '--delete-table', '--yes'], scratch, io);
    expect(io.runs).toEqual([
      ['npx', 'cdk', 'destroy', 'Entraide-paris', '--force'],
      ['aws', 'dynamodb', 'update-table', '--table-name', parisTable, '--no-deletion-protection-enabled'],
      ['npx', 'cdk', 'deploy', 'Entraide-site', '--require-approval', 'never'],
    ]);
    await expect(suite.sdk.send(new DescribeTableCommand({ TableName: parisTable }))).rejects.toThrow(
      expect.objectContaining({ name: 'ResourceNotFoundException' }),
    );
    expect(JSON.parse(exported(dir)['paris.json']!).families.POST).toHaveLength(2);
    expect(io.lines.join('\n')).toMatch(/its DynamoDB table .* deleted \(--delete-table\)/);
  });

  test('a dry run with --export writes nothing and says what it would write', async () => {
    const dir = join(scratch, 'export');
    await offboard(['--id', 'paris', '--tenants-dir', tenantsDir, '--export', dir], scratch, io);
    expect(existsSync(dir)).toBe(false);
    expect(io.lines.join('\n')).toContain(`1. write its data as JSON and CSV files to ${join(dir, 'paris')}/`);
  });
});
