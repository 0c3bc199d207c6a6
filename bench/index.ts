import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../infra/lib/app.js';
import type { BenchFigure, FigureSource } from './support/figures.js';
import { formatTable } from './support/table.js';

/**
 * `npm run bench [name…]`: runs every bench module of this folder (or those named: `cold-start`,
 * `start-up`, `geo…`) and prints one summary table. A module takes part by exporting a function
 * whose name ends in `Figures` (also `Rows` or `Summary`; failing that, a default export) that returns the rows
 * `{figure, value, target, met}`: a new bench needs no change here.
 */
const benchDir = join(findRepoRoot(process.cwd()), 'bench');
const wanted = process.argv.slice(2);

const moduleNames = readdirSync(benchDir)
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') && name !== 'index.ts')
  .map((name) => name.slice(0, -'.ts'.length))
  .filter((name) => wanted.length === 0 || wanted.some((prefix) => name.startsWith(prefix)))
  .sort();
if (moduleNames.length === 0) {
  console.error(`no bench module matches ${wanted.join(', ')} in ${benchDir}`);
  process.exit(2);
}

const isFigure = (row: unknown): row is BenchFigure =>
  typeof row === 'object' && row !== null && 'figure' in row && 'value' in row && 'target' in row && 'met' in row;

const figures: BenchFigure[] = [];
let failed = false;
for (const name of moduleNames) {
  const module = (await import(`./${name}.ts`)) as Record<string, unknown>;
  const sources = Object.entries(module)
    .filter((entry): entry is [string, FigureSource] => typeof entry[1] === 'function' && /(Figures|Rows|Summary)$/i.test(entry[0]))
    .map(([, source]) => source);
  if (sources.length === 0 && typeof module.default === 'function') sources.push(module.default as FigureSource);
  for (const source of sources) {
    try {
      const rows: unknown = await source();
      if (!Array.isArray(rows) || !rows.every(isFigure)) throw new Error('it did not return rows of {figure, value, target, met}');
      figures.push(...rows);
    } catch (error) {
      failed = true;
      console.error(`bench ${name} failed: ${(error as Error).stack ?? String(error)}`);
      figures.push({
        figure: `${name}: did not run`,
        value: (error as Error).message?.split('\n')[0] ?? String(error),
        target: '—',
        met: false,
      });
    }
  }
}

/** An error as a value can be long: the module's own output above has it in full. */
const shorten = (text: string, length = 120): string => (text.length > length ? `${text.slice(0, length - 1)}…` : text);
const metText = (met: boolean | null | undefined): string => (met === true ? 'yes' : met === false ? 'NO' : '—');
console.log('');
console.log('Summary');
console.log(
  formatTable(
    ['figure', 'value', 'target', 'met'],
    figures.map((row) => [row.figure, shorten(String(row.value)), row.target, metText(row.met)]),
  ),
);
const missed = figures.filter((row) => row.met === false).length;
console.log('');
console.log(missed === 0 ? 'Every target met.' : `${missed} target(s) missed.`);
// A missed target is a finding, not a crash: only a bench that could not run fails the command.
process.exit(failed ? 1 : 0);
