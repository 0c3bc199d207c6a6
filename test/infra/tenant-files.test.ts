import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../infra/lib/app.js';
import { repoRoot } from './synth.js';

// A bad tenant file must stop the synth before anything is built, naming the file and the field.
let tenantsDir: string;
beforeEach(() => {
  tenantsDir = mkdtempSync(join(tmpdir(), 'entraide-tenants-test-'));
});
afterEach(() => rmSync(tenantsDir, { recursive: true, force: true }));

const validTenant = (id: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(repoRoot, 'infra', 'tenants', `${id}.json`), 'utf8')) as Record<string, unknown>;

const build = () =>
  buildApp({ repoRoot, exampleSettings: true, tenantsDir, outdir: join(tenantsDir, 'cdk.out'), bundleDir: join(tenantsDir, 'bundles') });

test('a field out of range names the file and the field', () => {
  writeFileSync(join(tenantsDir, 'courbevoie.json'), JSON.stringify(validTenant('courbevoie')));
  const paris = validTenant('paris');
  writeFileSync(
    join(tenantsDir, 'paris.json'),
    JSON.stringify({ ...paris, area: { center: { lat: 48.8566, lon: 2.3522 }, radiusKm: -3 } }),
  );
  expect(build).toThrow(/paris\.json.*area\.radiusKm/);
});

test('an unknown field is refused, naming it', () => {
  writeFileSync(join(tenantsDir, 'paris.json'), JSON.stringify({ ...validTenant('paris'), budget: 1000 }));
  expect(build).toThrow(/paris\.json.*budget/);
});

test('a file that is not JSON names the file', () => {
  writeFileSync(join(tenantsDir, 'namur.json'), '{ "id": "namur", ');
  expect(build).toThrow(/namur\.json.*not valid JSON/);
});

test('an id that is not the file name is refused', () => {
  writeFileSync(join(tenantsDir, 'lyon.json'), JSON.stringify(validTenant('paris')));
  expect(build).toThrow(/lyon\.json.*id/);
});

test('without a settings file, the synth stops naming every setting to give instead of deploying placeholders', () => {
  const missing = () => buildApp({ repoRoot, settingsFile: join(tenantsDir, 'settings.json'), outdir: join(tenantsDir, 'cdk.out') });
  expect(missing).toThrow(
    /no settings file[\s\S]*siteUrl: missing[\s\S]*mailDomain: missing[\s\S]*mailFrom: missing[\s\S]*certificate: missing/,
  );
});

test('the example settings are refused for a deploy, each named', () => {
  writeFileSync(join(tenantsDir, 'settings.json'), readFileSync(join(repoRoot, 'infra', 'settings.example.json')));
  const example = () => buildApp({ repoRoot, settingsFile: join(tenantsDir, 'settings.json'), outdir: join(tenantsDir, 'cdk.out') });
  expect(example).toThrow(/siteUrl: "https:\/\/entraide\.example" is the example's value/);
});
