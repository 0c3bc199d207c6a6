import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { offboard, OffboardError } from './offboard.js';
import { deployedTables } from './operator-tables.js';

// `npm run offboard -- --id …` (packages/local/src/offboard.ts): a dry run unless --yes.
const repoRoot = join(import.meta.dirname, '..', '..', '..');
const run = (command: string, args: string[], capture: boolean): Promise<{ code: number; stdout: string }> =>
  new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: ['inherit', capture ? 'pipe' : 'inherit', 'inherit'] });
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.once('error', () => resolve({ code: 127, stdout }));
    child.once('exit', (code) => resolve({ code: code ?? 1, stdout }));
  });
try {
  await offboard(process.argv.slice(2), repoRoot, {
    log: (line) => console.log(line),
    run: async (command, args) => (await run(command, args, false)).code,
    read: (command, args) => run(command, args, true),
    // The deployed tables with the operator's own credentials and region (AWS SDK default chain).
    openTables: deployedTables,
  });
} catch (error) {
  if (!(error instanceof OffboardError)) throw error;
  console.error(`npm run offboard: ${error.problems.join('\n  ')}`);
  process.exitCode = 1;
}
