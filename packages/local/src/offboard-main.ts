import { join } from 'node:path';
import { commandRunner } from './commands.js';
import { offboard, OffboardError } from './offboard.js';
import { deployedTables } from './operator-tables.js';

// `npm run offboard -- --id …` (packages/local/src/offboard.ts): a dry run unless --yes.
const repoRoot = join(import.meta.dirname, '..', '..', '..');
try {
  await offboard(process.argv.slice(2), repoRoot, {
    log: (line) => console.log(line),
    ...commandRunner(repoRoot),
    // The deployed tables with the operator's own credentials and region (AWS SDK default chain).
    openTables: deployedTables,
  });
} catch (error) {
  if (!(error instanceof OffboardError)) throw error;
  console.error(`npm run offboard: ${error.problems.join('\n  ')}`);
  process.exitCode = 1;
}
