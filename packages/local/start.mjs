/* global process, console, performance */
/**
 * `npm start`: the local runtime (src/main.ts) from a cached esbuild bundle, rebuilt when a source
 * changed (bundle-cache.mjs). Outside the bundle: esbuild (a binary; the site's build uses it), and
 * dynalite and aws-ses-v2-local, which their own threads load from node_modules
 * (src/server-threads.ts; dynalite requires its actions by computed names, aws-ses-v2-local serves
 * files from its folder).
 */
performance.mark('entraide:launcher');
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runBundled } from './bundle-cache.mjs';

const root = join(import.meta.dirname, '..', '..');
const source = join(root, 'packages', 'local', 'src');
const workspaces = ['packages', 'functions', 'infra'].flatMap((folder) =>
  folder === 'packages'
    ? readdirSync(join(root, folder)).map((name) => join(folder, name, 'package.json'))
    : [join(folder, 'package.json')],
);

await runBundled({
  root,
  // ENTRAIDE_BUNDLE_DIR: another folder inside the repository, whose node_modules the bundle imports from
  // (`npm run bench:start` measures a first start with an empty one).
  outFile: join(resolve(root, process.env.ENTRAIDE_BUNDLE_DIR || join('node_modules', '.cache', 'entraide-local')), 'main.mjs'),
  // Not in esbuild's list of inputs, but they decide how imports resolve, and how the bundle is built.
  extraInputs: [
    'package.json',
    'package-lock.json',
    'node_modules/.package-lock.json',
    'tsconfig.json',
    'packages/local/start.mjs',
    'packages/local/bundle-cache.mjs',
    ...workspaces,
  ],
  buildOptions: {
    entryPoints: [join(source, 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    external: ['dynalite', 'aws-ses-v2-local', 'esbuild'],
    // Bundled CommonJS packages require Node's own modules.
    banner: {
      js: "import { createRequire as __entraideCreateRequire } from 'node:module'; const require = __entraideCreateRequire(import.meta.url);",
    },
    // main.ts finds the repository from its own folder; in the bundle, it is the bundle's (no other module reads it).
    define: { 'import.meta.dirname': JSON.stringify(source) },
  },
  onBuild: (reason) => console.log(`Bundling the local runtime (${reason}) …`),
});
