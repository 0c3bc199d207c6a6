import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { commandRunner } from './commands.js';
import { onboard, OnboardError } from './onboard.js';

// `npm run onboard -- --id … ` (packages/local/src/onboard.ts): flags, or questions on a terminal.
const repoRoot = join(import.meta.dirname, '..', '..', '..');
const terminal = process.stdin.isTTY ? createInterface({ input: process.stdin, output: process.stdout }) : undefined;
try {
  await onboard(process.argv.slice(2), repoRoot, {
    log: (line) => console.log(line),
    ...(terminal ? { ask: async (question: string) => (await terminal.question(`${question} : `)).trim() } : {}),
    ...commandRunner(repoRoot),
  });
} catch (error) {
  if (!(error instanceof OnboardError)) throw error;
  const written = error.fileWritten ? '' : ' the tenant file was not written:';
  console.error(`npm run onboard:${written}\n${error.problems.map((problem) => `  ${problem}`).join('\n')}`);
  process.exitCode = 1;
} finally {
  terminal?.close();
}
