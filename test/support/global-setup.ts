import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { Config } from '@jest/types';

/**
 * The integration project's global setup: one folder for the run (`ENTRAIDE_TEST_RUN_DIR`), where a
 * process of its own (test/support/run-once.ts) builds the site for every test platform, then,
 * while the suites already run, synthesizes the CDK app once for every suite of test/infra that
 * reads the whole app (test/infra/synth.ts waits for it). The teardown stops it and removes the folder.
 */
const repoRoot = resolve(__dirname, '..', '..');

export interface RunOnce {
  child: ChildProcess;
  exited: Promise<void>;
  runDir: string;
}

declare global {
  var entraideRunOnce: RunOnce | undefined;
}

/** Whether any suite of test/infra can run: none when the paths given on the command line exclude them all. */
function infraSuitesSelected(globalConfig: Config.GlobalConfig): boolean {
  const patterns = globalConfig.testPathPatterns.patterns;
  if (patterns.length === 0) return true;
  const infraSuites = readdirSync(join(repoRoot, 'test', 'infra'))
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => join(repoRoot, 'test', 'infra', name));
  return infraSuites.some((suite) => patterns.some((pattern) => new RegExp(pattern, 'i').test(suite) || new RegExp(pattern, 'i').test(relative(repoRoot, suite))));
}

export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  const runDir = mkdtempSync(join(tmpdir(), 'entraide-jest-run-'));
  process.env.ENTRAIDE_TEST_RUN_DIR = runDir;
  const synth = infraSuitesSelected(globalConfig);
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'support', 'run-once.ts'), runDir, ...(synth ? ['synth'] : [])], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const synthJson = join(runDir, 'synth', 'synth.json');
  const exited = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      // A crash before the synth said how it ended: the suites that wait for it are told, not left waiting.
      if (synth && !existsSync(synthJson) && existsSync(join(runDir, 'synth'))) {
        writeFileSync(synthJson, JSON.stringify({ error: `the synth process exited (${signal ?? code}) without a result:\n${output}` }));
      }
      done();
    }),
  );
  globalThis.entraideRunOnce = { child, exited, runDir };
  // The site first: every test platform serves it.
  await new Promise<void>((ready, failed) => {
    const onData = () => {
      if (output.includes('site ready\n')) {
        child.stdout!.off('data', onData);
        ready();
      }
    };
    child.stdout!.on('data', onData);
    void exited.then(() => (output.includes('site ready\n') ? ready() : failed(new Error(`building the site for the tests failed:\n${output}`))));
  });
  process.env.ENTRAIDE_TEST_SITE_DIR = join(runDir, 'site');
}
