import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTenantDirectory } from '@entraide/core';
import { onboard, OnboardError, type OnboardIo } from './onboard.js';
import { startPlatform } from './platform.js';

const saintDenis = [
  '--id',
  'saint-denis',
  '--name',
  'Ville de Saint-Denis',
  '--kind',
  'commune',
  '--country',
  'FR',
  '--centre',
  '48.9362,2.3574',
  '--radius-km',
  '5',
  '--staff',
  'staff@saint-denis.example',
];
const withFlag = (flag: string, value: string): string[] => {
  const args = [...saintDenis];
  args[args.indexOf(flag) + 1] = value;
  return args;
};

let scratch: string;
let tenantsDir: string;
let io: OnboardIo & { lines: string[]; runs: string[][] };
/** The stacks `aws cloudformation describe-stacks` finds in the account. */
let deployedStacks: string[];
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'entraide-onboard-'));
  tenantsDir = join(scratch, 'tenants');
  const lines: string[] = [];
  const runs: string[][] = [];
  deployedStacks = ['Entraide-platform', 'Entraide-site'];
  io = {
    lines,
    runs,
    log: (line) => lines.push(line),
    run: async (command, args) => (runs.push([command, ...args]), 0),
    read: async (_command, args) =>
      deployedStacks.includes(args[3]!) ? { code: 0, stdout: 'UPDATE_COMPLETE\n' } : { code: 254, stdout: '' },
  };
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

const problemsOf = async (args: string[], given: OnboardIo = io): Promise<string[]> => {
  try {
    await onboard([...args, '--tenants-dir', tenantsDir], scratch, given);
  } catch (error) {
    if (error instanceof OnboardError) return error.problems;
    throw error;
  }
  throw new Error('onboarded');
};

test('the flags write a tenant file that npm start loads and serves', async () => {
  const outcome = await onboard([...saintDenis, '--tenants-dir', tenantsDir], scratch, io);
  expect(outcome?.file).toBe(join(tenantsDir, 'saint-denis.json'));
  expect(JSON.parse(readFileSync(outcome!.file, 'utf8'))).toMatchObject({
    id: 'saint-denis',
    name: 'Ville de Saint-Denis',
    area: { center: { lat: 48.9362, lon: 2.3574 }, radiusKm: 5 },
    staffEmails: ['staff@saint-denis.example'],
    features: { contactRelay: true, moderation: 'after' },
  });
  expect(io.lines.join('\n')).toContain('Entraide-saint-denis: created');
  expect(io.runs).toEqual([]);

  const siteDir = join(scratch, 'site');
  mkdirSync(siteDir);
  const platform = await startPlatform({
    port: 0,
    sesPort: 0,
    dynamoPort: 0,
    s3Port: 0,
    dataDir: join(scratch, 'data'),
    tenantsDir,
    siteDir,
  });
  try {
    expect(platform.tenants.map((tenant) => tenant.id)).toEqual(['saint-denis']);
    const response = await fetch(`${platform.url}/t/saint-denis/api/config`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { name: string }).name).toBe('Ville de Saint-Denis');
  } finally {
    await platform.stop();
  }
});

test('a swapped latitude and longitude is refused, naming the swap, and nothing is written', async () => {
  const problems = await problemsOf(withFlag('--centre', '2.3574,48.9362'));
  expect(problems).toEqual([expect.stringMatching(/^--centre: .*latitude and longitude look swapped.*--centre 48\.9362,2\.3574/)]);
  expect(existsSync(join(tenantsDir, 'saint-denis.json'))).toBe(false);
});

test('a centre outside the country, an implausible radius and a taken id are each named', async () => {
  await onboard([...saintDenis, '--tenants-dir', tenantsDir], scratch, io);
  const problems = await problemsOf(withFlag('--radius-km', '120').map((arg) => (arg === '48.9362,2.3574' ? '40.4168,-3.7038' : arg)));
  expect(problems).toEqual([
    expect.stringMatching(/^--centre: 40\.4168,-3\.7038 .* is outside France/),
    expect.stringMatching(/^--radius-km: 120 km is not plausible for a commune/),
    expect.stringMatching(/^--id: "saint-denis" is taken/),
  ]);
});

test("the schema's problems and missing flags are named; an overseas commune is inside France", async () => {
  expect(await problemsOf(['--id', 'x'])).toEqual(
    ['--name', '--kind', '--country', '--centre', '--radius-km', '--staff'].map((flag) => `${flag}: missing`),
  );
  expect(await problemsOf(withFlag('--staff', 'pas-une-adresse'))).toEqual([expect.stringMatching(/^tenant file: staffEmails\.0/)]);
  expect(await problemsOf(withFlag('--kind', 'village'))).toEqual([expect.stringMatching(/^tenant file: kind/)]);
  // A value starting with a dash needs the `=` form (node:util's parseArgs).
  const reunion = [
    ...withFlag('--id', 'saint-denis-reunion').filter((arg) => arg !== '--centre' && arg !== '48.9362,2.3574'),
    '--centre=-20.8823,55.4504',
  ];
  await expect(onboard([...reunion, '--tenants-dir', tenantsDir], scratch, io)).resolves.toBeDefined();
});

test('questions fill the missing flags on a terminal', async () => {
  const answers: Record<string, string> = {
    id: 'namur-bis',
    name: 'Ville de Namur',
    kind: 'commune',
    country: 'BE',
    centre: '50.4674,4.8720',
    radius: '6',
    staff: 'a@namur.example, b@namur.example',
  };
  const ask = async (question: string) => answers[Object.keys(answers).find((key) => question.toLowerCase().includes(key))!]!;
  const outcome = await onboard(['--tenants-dir', tenantsDir], scratch, { ...io, ask });
  expect(outcome?.tenant).toMatchObject({ id: 'namur-bis', country: 'BE', staffEmails: ['a@namur.example', 'b@namur.example'] });
  expect(loadTenantDirectory(tenantsDir).map((tenant) => tenant.id)).toEqual(['namur-bis']);
});

test('--deploy prints the diff, deploys the tenant alone (its route), then the site that lists it; a failed step stops there', async () => {
  const outcome = await onboard([...saintDenis, '--tenants-dir', tenantsDir, '--deploy'], scratch, io);
  // --exclusively: the CLI would otherwise deploy the site (listing the tenant) before the tenant's route.
  expect(io.runs).toEqual([
    ['npx', 'cdk', 'diff', 'Entraide-saint-denis', 'Entraide-site', '--exclusively'],
    ['npx', 'cdk', 'deploy', 'Entraide-saint-denis', '--exclusively', '--require-approval', 'never'],
    ['npx', 'cdk', 'deploy', 'Entraide-site', '--exclusively', '--require-approval', 'never'],
  ]);
  expect(outcome?.deployed).toEqual(['Entraide-saint-denis', 'Entraide-site']);

  const runs: string[][] = [];
  const failing: OnboardIo = {
    ...io,
    log: () => undefined,
    run: async (command, args) => (runs.push([command, ...args]), args[1] === 'deploy' ? 1 : 0),
  };
  const refusal = await onboard([...withFlag('--id', 'saint-ouen'), '--tenants-dir', tenantsDir, '--deploy'], scratch, failing).catch(
    (e: unknown) => e,
  );
  expect((refusal as OnboardError).problems).toEqual([
    expect.stringMatching(/^cdk deploy Entraide-saint-ouen failed .*the file is written/),
  ]);
  expect((refusal as OnboardError).fileWritten).toBe(true);
  expect(runs.map((run) => run[2])).toEqual(['diff', 'deploy']);
});

test('--deploy in an account without the platform and the site deploys what routing needs first, in order', async () => {
  deployedStacks = [];
  const outcome = await onboard([...saintDenis, '--tenants-dir', tenantsDir, '--deploy'], scratch, io);
  expect(io.runs).toEqual([
    ['npx', 'cdk', 'diff', 'Entraide-platform', 'Entraide-site', 'Entraide-saint-denis', '--exclusively'],
    ['npx', 'cdk', 'deploy', 'Entraide-platform', 'Entraide-site', '--exclusively', '--require-approval', 'never'],
    ['npx', 'cdk', 'deploy', 'Entraide-saint-denis', '--exclusively', '--require-approval', 'never'],
  ]);
  expect(outcome?.deployed).toEqual(['Entraide-platform', 'Entraide-site', 'Entraide-saint-denis']);
  expect(io.lines.join('\n')).toContain('Entraide-site: not deployed, created first');
});

test('--dry-run prints the file and the plan and writes nothing', async () => {
  await onboard([...saintDenis, '--tenants-dir', tenantsDir, '--dry-run'], scratch, io);
  expect(io.lines.join('\n')).toContain('"id": "saint-denis"');
  expect(existsSync(join(tenantsDir, 'saint-denis.json'))).toBe(false);
});
