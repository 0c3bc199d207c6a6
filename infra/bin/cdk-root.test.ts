import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// `npx cdk …` from the repository's root: the CLI reads the root's cdk.json, which runs the app.
// Running the CLI costs a synth's imports (~9 s of CPU): .ci/run does it, checked here to stay there.
const repoRoot = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

test('cdk.json at the root runs infra/bin/app.ts, and its output folder is ignored by git', () => {
  const cdkJson = JSON.parse(read('cdk.json')) as { app: string; output: string };
  expect(cdkJson.app).toBe('npx tsx infra/bin/app.ts');
  expect(existsSync(join(repoRoot, 'infra', 'bin', 'app.ts'))).toBe(true);
  expect(existsSync(join(repoRoot, 'infra', 'cdk.json'))).toBe(false);
  expect(read('.gitignore').split('\n')).toContain(`${cdkJson.output}/`);
});

test('CI runs npx cdk synth from the root: refused without settings, naming them; synthesized with a deployable file', () => {
  const ci = read('.ci/run');
  expect(ci).toMatch(/^if npx cdk synth .*-c entraide:settings=infra\/no-settings\.json/m);
  expect(existsSync(join(repoRoot, 'infra', 'no-settings.json'))).toBe(false);
  expect(ci).toMatch(/^npx cdk synth --quiet .*-c entraide:settings=test\/support\/deployable-settings\.json$/m);
  expect(ci).toContain('Entraide-platform.template.json');
});
