import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeploymentSettingsError, readDeploymentSettings } from './settings.js';

/** A deployable file (.ci/run synthesizes the app with it through `npx cdk synth` from the repository's root). */
const deployable = JSON.parse(readFileSync(join(__dirname, '..', '..', 'test', 'support', 'deployable-settings.json'), 'utf8')) as Record<
  string,
  unknown
>;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'entraide-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (value: unknown): string => {
  const file = join(dir, 'settings.json');
  writeFileSync(file, JSON.stringify(value));
  return file;
};
const problemsOf = (read: () => unknown): string[] => {
  try {
    read();
  } catch (error) {
    if (error instanceof DeploymentSettingsError) return error.problems;
    throw error;
  }
  throw new Error('no error');
};

test('a complete file is read, with the defaults of the optional settings', () => {
  expect(readDeploymentSettings({ file: write(deployable) })).toEqual({
    ...deployable,
    tileAttribution: '',
    geocoder: 'ban',
    configurationSetName: 'entraide',
  });
});

test('no settings file: the synth stops naming the file and every setting to give', () => {
  const problems = problemsOf(() => readDeploymentSettings({ file: join(dir, 'settings.json') }));
  expect(problems[0]).toContain('no settings file');
  expect(problems.slice(1)).toEqual(
    ['siteUrl', 'mailDomain', 'mailFrom', 'region', 'certificate', 'alarmEmail', 'tileUrl'].map((name) => `${name}: missing`),
  );
});

test('a missing setting is named, the others are not', () => {
  const { mailDomain: _, ...withoutMailDomain } = deployable;
  expect(problemsOf(() => readDeploymentSettings({ file: write(withoutMailDomain) }))).toEqual(['mailDomain: missing']);
});

test('the example values are refused for a deploy, each named, and allowed for the offline check', () => {
  const example = {
    ...deployable,
    siteUrl: 'https://entraide.example',
    mailDomain: 'entraide.example',
    mailFrom: 'Entraide <ne-pas-repondre@entraide.example>',
    certificate: { arn: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000' },
  };
  const problems = problemsOf(() => readDeploymentSettings({ file: write(example) }));
  expect(problems.map((problem) => problem.split(':')[0])).toEqual(['siteUrl', 'mailDomain', 'mailFrom', 'certificate.arn']);
  expect(readDeploymentSettings({ file: write(example), allowExample: true }).mailDomain).toBe('entraide.example');
});

test('a context value overrides the file', () => {
  const settings = readDeploymentSettings({
    file: write(deployable),
    context: { 'entraide:tileUrl': 'https://tuiles.ma-ville.fr/{z}/{x}/{y}.png' },
  });
  expect(settings.tileUrl).toBe('https://tuiles.ma-ville.fr/{z}/{x}/{y}.png');
});

test.each([
  [{ siteUrl: 'http://entraide.ma-ville.fr' }, 'siteUrl'],
  [{ siteUrl: 'https://entraide.ma-ville.fr/t/' }, 'siteUrl'],
  [{ region: 'paris' }, 'region'],
  [{ certificate: { arn: 'arn:aws:acm:eu-west-3:210987654321:certificate/1b2c3d4e-aaaa-bbbb-cccc-1234567890ab' } }, 'certificate'],
  [{ mailFrom: 'Entraide <ne-pas-repondre@autre-domaine.fr>' }, 'mailFrom'],
  [{ alarmEmail: 'pas une adresse' }, 'alarmEmail'],
])('a bad value (%j) is named', (override, name) => {
  const problems = problemsOf(() => readDeploymentSettings({ file: write({ ...deployable, ...override }) }));
  expect(problems.join('\n')).toMatch(new RegExp(`^${name.replace('.', '\\.')}`, 'm'));
});
