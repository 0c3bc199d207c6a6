/* global process, console */
/**
 * `npm run lint`: eslint on the whole tree, with eslint's cache, kept sound for type-aware rules.
 * A type-aware finding in one file can change with another file's types, which eslint's own cache
 * does not see; so the cache is keyed by a hash of every file eslint or TypeScript could read (the
 * repository's files as git lists them, tracked or new, and the installed packages' lock): any
 * change starts a fresh cache and lints every file; only a run on exactly the same tree reuses one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const cacheDir = join(root, 'node_modules', '.cache', 'entraide', 'eslint');
const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
  cwd: root,
  maxBuffer: 64 * 1024 * 1024,
})
  .toString('utf8')
  .split('\0')
  .filter((path) => path !== '' && existsSync(join(root, path)))
  .sort();
const hash = createHash('sha256');
for (const path of [...files, 'node_modules/.package-lock.json']) {
  hash.update(`\0${path}\0`);
  if (existsSync(join(root, path))) hash.update(readFileSync(join(root, path)));
}
const cacheFile = `${hash.digest('hex').slice(0, 32)}.json`;
mkdirSync(cacheDir, { recursive: true });
// Another tree's cache is of no use to this one.
for (const name of readdirSync(cacheDir)) if (name !== cacheFile) rmSync(join(cacheDir, name), { force: true });

const eslint = join(root, 'node_modules', '.bin', 'eslint');
const result = spawnSync(
  eslint,
  [
    '--max-warnings',
    '0',
    '--cache',
    '--cache-strategy',
    'content',
    '--cache-location',
    join(cacheDir, cacheFile),
    ...process.argv.slice(2),
    '.',
  ],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (result.error) console.error(result.error.message);
process.exit(result.status ?? 1);
