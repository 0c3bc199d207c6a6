import { rmSync } from 'node:fs';

/** Stops what the global setup started (a synth no suite waited for), and removes the run's folder. */
export default async function globalTeardown(): Promise<void> {
  const runOnce = globalThis.entraideRunOnce;
  if (!runOnce) return;
  if (runOnce.child.exitCode === null && runOnce.child.signalCode === null) runOnce.child.kill('SIGTERM');
  await runOnce.exited;
  rmSync(runOnce.runDir, { recursive: true, force: true });
  globalThis.entraideRunOnce = undefined;
}
