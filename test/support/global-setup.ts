import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { Config } from '@jest/types';

/**
 * The integration project's global setup. A folder for the run (`ENTRAIDE_TEST_RUN_DIR`), where a
 * process of its own (test/support/run-once.ts) builds the site for every test platform, then,
 * while the suites already run, synthesizes the CDK app for the suites of test/infra that read the
 * whole app (`ENTRAIDE_TEST_SYNTH_DIR`; test/infra/synth.ts waits for its synth.json).
 *
 * A synth that passed is kept in node_modules/.cache/entraide/synth/, keyed by a hash of all it is
 * made from (the app's, the functions' and the packages' files, the lock files, Node's version): a
 * later run on the same sources reads it instead of synthesizing again, as a fresh synth would give
 * the same bytes (determinism.test.ts compares it with one, every run). The teardown stops what
 * is still running, files a new synth in the cache and removes the run's folder.
 */
const repoRoot = resolve(__dirname, '..', '..');
const synthCacheRoot = join(repoRoot, 'node_modules', '.cache', 'entraide', 'synth');

export interface RunOnce {
  child: ChildProcess;
  exited: Promise<void>;
  runDir: string;
  /** A synth made by this run, and the cache entry it becomes if it passed. */
  newSynth?: { dir: string; cacheEntry: string };
}

declare global {
  var entraideRunOnce: RunOnce | undefined;
}

/** The folders whose suites may read the run's synth (test/infra/synth.ts `synthesizedApp`). */
const synthReaders = ['test/infra', 'test/bench'];

/** Whether any suite that reads the run's synth can run: none when the paths given on the command line exclude them all. */
function infraSuitesSelected(globalConfig: Config.GlobalConfig): boolean {
  const patterns = globalConfig.testPathPatterns.patterns;
  if (patterns.length === 0) return true;
  const infraSuites = synthReaders.flatMap((folder) =>
    readdirSync(join(repoRoot, folder))
      .filter((name) => name.endsWith('.test.ts'))
      .map((name) => join(repoRoot, folder, name)),
  );
  return infraSuites.some((suite) =>
    patterns.some((pattern) => new RegExp(pattern, 'i').test(suite) || new RegExp(pattern, 'i').test(relative(repoRoot, suite))),
  );
}

const skipped = new Set(['node_modules', 'cdk.out', '.bundles', 'dist', '.data']);

/** Every file under `path` (a file or a folder), but the outputs and dependencies of a build. */
function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => !skipped.has(entry.name))
    .flatMap((entry) => filesUnder(join(path, entry.name)))
    .sort();
}

/** The hash of everything the app's synth reads or is built by. */
export function synthInputsHash(): string {
  const hash = createHash('sha256').update(process.version);
  const inputs = [
    'infra',
    'functions',
    'packages',
    'tsconfig.json',
    'package.json',
    'package-lock.json',
    'node_modules/.package-lock.json',
    'test/infra/synth-into.ts',
    'test/support/run-once.ts',
  ];
  for (const file of inputs.flatMap((input) => filesUnder(join(repoRoot, input)))) {
    hash.update(`\0${relative(repoRoot, file)}\0`).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 32);
}

export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  const runDir = mkdtempSync(join(tmpdir(), 'entraide-jest-run-'));
  process.env.ENTRAIDE_TEST_RUN_DIR = runDir;
  let synthDir: string | undefined;
  let newSynth: RunOnce['newSynth'];
  if (infraSuitesSelected(globalConfig)) {
    const cacheEntry = join(synthCacheRoot, synthInputsHash());
    if (existsSync(join(cacheEntry, 'synth.json'))) {
      synthDir = cacheEntry;
      // Used: the teardown's pruning keeps it.
      utimesSync(cacheEntry, new Date(), new Date());
    } else {
      mkdirSync(synthCacheRoot, { recursive: true });
      // Beside its cache entry (one file system: the teardown renames it), under a name of its own.
      synthDir = mkdtempSync(`${cacheEntry}.partial-`);
      newSynth = { dir: synthDir, cacheEntry };
    }
    process.env.ENTRAIDE_TEST_SYNTH_DIR = synthDir;
  }
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'test', 'support', 'run-once.ts'), runDir, ...(newSynth ? [newSynth.dir] : [])],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      // A crash before the synth said how it ended: the suites that wait for it are told, not left waiting.
      if (newSynth && !existsSync(join(newSynth.dir, 'synth.json'))) {
        writeFileSync(
          join(newSynth.dir, 'synth.json'),
          JSON.stringify({ error: `the synth process exited (${signal ?? code}) without a result:\n${output}` }),
        );
      }
      done();
    }),
  );
  globalThis.entraideRunOnce = { child, exited, runDir, ...(newSynth ? { newSynth } : {}) };
  // The site first: every test platform serves it.
  await new Promise<void>((ready, failed) => {
    const onData = () => {
      if (output.includes('site ready\n')) {
        child.stdout!.off('data', onData);
        ready();
      }
    };
    child.stdout!.on('data', onData);
    void exited.then(() =>
      output.includes('site ready\n') ? ready() : failed(new Error(`building the site for the tests failed:\n${output}`)),
    );
  });
  process.env.ENTRAIDE_TEST_SITE_DIR = join(runDir, 'site');
  // The run's one SES server (test/support/ses-front.ts), printed before the site was built.
  const ses = /^ses (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output)?.[1];
  if (ses) process.env.ENTRAIDE_TEST_SES_ENDPOINT = ses;
}
