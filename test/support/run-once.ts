/**
 * What the integration suites of one jest run share, built once by the run's global setup in a
 * process of its own (`node --import tsx test/support/run-once.ts <run dir> [<synth dir>]`):
 * 0. an SES server for every test platform of the run (a line `ses <endpoint>`), which keeps
 *    this process alive until the global teardown stops it;
 * 1. the site, as `startTestPlatform` serves it (`<run dir>/site`), and each page's first load
 *    gzipped (`<run dir>/site-sizes.json`), then a line `site ready`;
 * 2. given a synth folder, the whole CDK app as `cdk synth` builds it (every tenant file, real
 *    bundles and cdk-nag: a finding fails the synth; CloudFormation's schema validation is left
 *    to `.ci/run`, test/infra/synth-into.ts says why) into it.
 *    `synth.json` says how it ended, written last: the suites wait for it (test/infra/synth.ts).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startEmbeddedSes } from '../../packages/local/src/server-threads.js';
import { buildSite } from '../../packages/site/build/build-site.js';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const [runDir, synthDir] = process.argv.slice(2);
if (!runDir) throw new Error('usage: run-once.ts <run dir> [<synth dir>]');

// One SES server for the run's test platforms (each reads its own mail through a front of its own,
// test/support/ses-front.ts). On a thread of its own, it answers while this process synthesizes,
// and lives until the global teardown stops this process.
const ses = await startEmbeddedSes({ port: 0 });
console.log(`ses ${ses.endpoint}`);

// Each page's first load, gzipped, for the budget's test (test/local/site-budget.test.ts).
const pageSizes = buildSite({ siteRoot: join(repoRoot, 'packages', 'site'), outDir: join(runDir, 'site') });
writeFileSync(join(runDir, 'site-sizes.json'), JSON.stringify(pageSizes));
console.log('site ready');

if (synthDir) {
  mkdirSync(synthDir, { recursive: true });
  const started = performance.now();
  let outcome: Record<string, unknown>;
  try {
    const { synthesizeInto } = await import('../infra/synth-into.js');
    outcome = { ...synthesizeInto(synthDir), seconds: Math.round(performance.now() - started) / 1000 };
  } catch (error) {
    outcome = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  writeFileSync(join(synthDir, 'synth.json.tmp'), JSON.stringify(outcome));
  renameSync(join(synthDir, 'synth.json.tmp'), join(synthDir, 'synth.json'));
}
