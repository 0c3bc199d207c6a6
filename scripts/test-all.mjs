/* global process, console, performance */
/**
 * `npm test`: the checks and jest at once, each as its own `npm run` script of package.json says.
 * Two lanes: jest (its workers use both cores, but spend much of their time waiting on servers
 * and child processes), and beside it the format check, the lint rules that need no types and deps, one after the other. Every
 * command runs to its end, whatever the others do; the exit code is 0 only if all passed. jest's
 * output streams as it comes; each check's output is printed, whole, when it ends. Arguments go
 * to jest: `npm test -- --json --outputFile=jest.json`.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const root = join(import.meta.dirname, '..');
const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const env = { ...process.env, PATH: [join(root, 'node_modules', '.bin'), process.env.PATH].join(delimiter) };
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

const quoted = (argument) => `'${argument.replaceAll("'", "'\\''")}'`;

/** Runs `npm run <name>`'s command (without npm itself), with `args` after it; resolves to its exit code. */
function run(name, { stream, args = [] }) {
  const started = performance.now();
  const command = [scripts[name], ...args.map(quoted)].join(' ');
  const child = spawn(command, { cwd: root, env, shell: true, stdio: stream ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => {
    child.once('error', (error) => (output += `${error.message}\n`));
    child.once('close', (code, signal) => {
      const status = code === 0 ? 'ok' : `FAILED (${signal ?? `exit ${code}`})`;
      if (!stream && output.trim()) process.stdout.write(`\n── ${name} ──\n${output.trimEnd()}\n`);
      console.log(`── ${name}: ${status} in ${seconds(started)}`);
      resolve(code ?? 1);
    });
  });
}

const started = performance.now();
const checks = (async () => {
  const codes = [];
  // oxlint's rules that need no types (`lint:rules`, under a second). The type analysis, for the
  // type-aware rules and TypeScript's own errors (`npm run lint`), and knip (unused files and
  // exports) are `.ci/run`'s, after this: about 19 s of CPU on a fresh clone, where this run has
  // 90 s on two cores for everything (docs/testing.md).
  for (const name of ['format:check', 'lint:rules', 'deps']) codes.push(await run(name, { stream: false }));
  return codes;
})();
const codes = [...(await Promise.all([run('jest', { stream: true, args: process.argv.slice(2) }), checks])).flat()];
const failed = codes.some((code) => code !== 0);
console.log(`── npm test: ${failed ? 'FAILED' : 'ok'} in ${seconds(started)}`);
process.exit(failed ? 1 : 0);
