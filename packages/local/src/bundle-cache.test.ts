import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The cache behind `npm start` (packages/local/bundle-cache.mjs), on a two-file program in a temporary folder,
 * each run in its own Node process as `npm start` is: a stale bundle never runs.
 */
const bundleCache = join(__dirname, '..', 'bundle-cache.mjs');
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'entraide-bundle-cache-'));
  writeFileSync(join(root, 'main.ts'), "import { message } from './message';\nconsole.log(`says: ${message}`);\n");
  writeFileSync(join(root, 'message.ts'), "export const message: string = 'one';\n");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Runs the program through the cache; `editDuringBuild` rewrites message.ts once esbuild has read it. */
function run(options: { editDuringBuild?: string } = {}): { builds: string[]; says: string[] } {
  const script = `
    import { writeFileSync } from 'node:fs';
    import { runBundled } from ${JSON.stringify(bundleCache)};
    const root = ${JSON.stringify(root)};
    const edit = ${JSON.stringify(options.editDuringBuild ?? null)};
    let edited = false;
    const editor = { name: 'edit-during-build', setup(build) { build.onEnd(() => {
      if (edit !== null && !edited) { edited = true; writeFileSync(root + '/message.ts', edit); }
    }); } };
    await runBundled({
      root,
      outFile: root + '/cache/main.mjs',
      buildOptions: { entryPoints: [root + '/main.ts'], bundle: true, platform: 'node', format: 'esm', plugins: [editor] },
      onBuild: (reason) => console.log('build: ' + reason),
    });`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`exit ${result.status}: ${result.stderr}`);
  const lines = result.stdout.trim().split('\n');
  return {
    builds: lines.filter((line) => line.startsWith('build: ')).map((line) => line.slice('build: '.length)),
    says: lines.filter((line) => line.startsWith('says: ')).map((line) => line.slice('says: '.length)),
  };
}

// Files written just before a build count as possibly changed during it: let the test's own writes settle.
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

describe('the bundle cache of npm start', () => {
  it('builds once, then runs the cached bundle until a source changes, even to a text of the same size', async () => {
    await settle();
    expect(run()).toEqual({ builds: ['no bundle yet'], says: ['one'] });
    expect(run()).toEqual({ builds: [], says: ['one'] });

    writeFileSync(join(root, 'message.ts'), "export const message: string = 'two';\n");
    await settle();
    expect(run()).toEqual({ builds: ['message.ts changed'], says: ['two'] });
    expect(run()).toEqual({ builds: [], says: ['two'] });
  }, 120_000);

  it('a source deleted, or a bundle from another folder, is rebuilt', async () => {
    await settle();
    expect(run().says).toEqual(['one']);
    writeFileSync(join(root, 'main.ts'), "console.log('says: alone');\n");
    rmSync(join(root, 'message.ts'));
    await settle();
    expect(run().says).toEqual(['alone']);
    const cached = join(root, 'cache', 'main.mjs');
    const { readFileSync } = await import('node:fs');
    writeFileSync(cached, readFileSync(cached, 'utf8').replace(JSON.stringify({ root }).slice(1, -1), '"root":"/elsewhere"'));
    expect(run()).toEqual({ builds: ['built for /elsewhere'], says: ['alone'] });
  }, 120_000);

  it('a source edited while esbuild runs is built again: the run says what the file says now', async () => {
    await settle();
    const first = run({ editDuringBuild: "export const message: string = 'late';\n" });
    expect(first.says).toEqual(['late']);
    await settle();
    expect(run()).toEqual({ builds: expect.any(Array), says: ['late'] });
  }, 120_000);
});
