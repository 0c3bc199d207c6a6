import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** As in global-setup.ts (each is loaded on its own by jest, without the tests' module mapping). */
const synthCacheRoot = join(resolve(__dirname, '..', '..'), 'node_modules', '.cache', 'entraide', 'synth');

/** The synths kept in the cache: the last ones used (a few branches or edits back and forth). */
const keptSynths = 3;

/**
 * Stops what the global setup started (a synth no suite waited for), files a synth that passed
 * in the cache, prunes the cache, and removes the run's folder.
 */
export default async function globalTeardown(): Promise<void> {
  const runOnce = globalThis.entraideRunOnce;
  if (!runOnce) return;
  if (runOnce.child.exitCode === null && runOnce.child.signalCode === null) runOnce.child.kill('SIGTERM');
  await runOnce.exited;
  rmSync(runOnce.runDir, { recursive: true, force: true });
  globalThis.entraideRunOnce = undefined;
  const { newSynth } = runOnce;
  if (newSynth) {
    const synthJson = join(newSynth.dir, 'synth.json');
    const passed = existsSync(synthJson) && !(JSON.parse(readFileSync(synthJson, 'utf8')) as { error?: string }).error;
    if (passed && !existsSync(newSynth.cacheEntry)) renameSync(newSynth.dir, newSynth.cacheEntry);
    else rmSync(newSynth.dir, { recursive: true, force: true });
  }
  if (!existsSync(synthCacheRoot)) return;
  const entries = readdirSync(synthCacheRoot)
    .map((name) => ({
      path: join(synthCacheRoot, name),
      partial: name.includes('.partial-'),
      used: statSync(join(synthCacheRoot, name)).mtimeMs,
    }))
    .sort((left, right) => right.used - left.used);
  // Partial ones are another run's, still going, or left by a run that was killed (an hour old).
  const stale = [
    ...entries.filter((entry) => !entry.partial).slice(keptSynths),
    ...entries.filter((entry) => entry.partial && Date.now() - entry.used > 3_600_000),
  ];
  for (const entry of stale) rmSync(entry.path, { recursive: true, force: true });
}
