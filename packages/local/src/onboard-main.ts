import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { onboard, OnboardError } from './onboard.js';

// `npm run onboard -- --id … ` (packages/local/src/onboard.ts): flags, or questions on a terminal.
const repoRoot = join(import.meta.dirname, '..', '..', '..');
const terminal = process.stdin.isTTY ? createInterface({ input: process.stdin, output: process.stdout }) : undefined;
try {
  await onboard(process.argv.slice(2), repoRoot, {
    log: (line) => console.log(line),
    ...(terminal ? { ask: async (question: string) => (await terminal.question(`${question} : `)).trim() } : {}),
    run: (command, args) =>
      new Promise((resolve) => {
        const child = spawn(command, args, { cwd: repoRoot, stdio: 'inherit' });
        child.once('error', () => resolve(127));
        child.once('exit', (code) => resolve(code ?? 1));
      }),
  });
} catch (error) {
  if (!(error instanceof OnboardError)) throw error;
  console.error(`npm run onboard: the tenant file was not written:\n${error.problems.map((problem) => `  ${problem}`).join('\n')}`);
  process.exitCode = 1;
} finally {
  terminal?.close();
}
