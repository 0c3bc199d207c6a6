import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildSync, type BuildOptions, type Metafile } from 'esbuild';

/**
 * The one set of esbuild options for a function group's bundle. The CDK app bundles with it, and
 * the cold-start benchmark imports it, so what is measured is what is deployed.
 */
function functionBundleOptions(settings: {
  /** The group's `handler.ts`. */
  entry: string;
  /** Where `index.mjs` goes: the asset folder. */
  outdir: string;
  /** Paths in the metafile and source map are relative to it: the output does not depend on the checkout's location. */
  workingDirectory: string;
  sourceMap?: boolean;
  /** Packages left out of the bundle, loaded at run time from the asset's own `node_modules`. */
  external?: readonly string[];
}): BuildOptions & { metafile: true } {
  return {
    entryPoints: { index: settings.entry },
    outdir: settings.outdir,
    outExtension: { '.js': '.mjs' },
    absWorkingDir: settings.workingDirectory,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // Both Node 20 (local runtime, benchmarks) and Lambda's Node 22 run this syntax.
    target: 'node20',
    // The AWS SDK is bundled, not taken from the runtime: one file resolves faster at cold start
    // (docs/decisions/0007-one-bundle-per-function-group.md), and the version deployed is the version tested.
    // A native addon (sharp) cannot be bundled: it is named here and shipped in the asset's node_modules.
    external: [...(settings.external ?? [])],
    mainFields: ['module', 'main'],
    // What a route loads with `import()` on first use (the SES and SQS clients and their share of
    // the SDK) goes to chunks of its own, read only then. In the one file, Node parsed it at every
    // cold start all the same: the public API's import took 138 → 95 ms CPU without it.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    minify: true,
    // Some dependencies are CommonJS and call `require`: ESM has none, so make one.
    banner: {
      js: "import { createRequire as __entraideCreateRequire } from 'node:module'; const require = __entraideCreateRequire(import.meta.url);",
    },
    sourcemap: settings.sourceMap ? 'linked' : false,
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
  };
}

/** A function group's code, built once per synth and shared by every tenant's function. */
export interface FunctionBundle {
  group: string;
  /** The asset folder (`index.mjs`, plus its `.map` when source maps are on). */
  directory: string;
  /** `index.handler`: Lambda finds `index.mjs`. */
  handler: string;
  sourceMap: boolean;
  /** Bytes of `index.mjs`. */
  sizeBytes: number;
  /** Bytes Node reads at init: `index.mjs` and the chunks it imports statically. */
  initBytes: number;
  /** Bytes of every file of the asset (chunks loaded on first use included). */
  totalBytes: number;
  /** sha256 of the folder's files: the asset hash, so CDK need not fingerprint the folder again. */
  contentHash: string;
}

/**
 * Bundles one group into `<bundleRoot>/<group>/`, wiping the folder first so a stale file never
 * ends up in the asset (and in its hash). The metafile goes beside the folder, not in it.
 */
export function bundleFunctionGroup(settings: {
  group: string;
  entry: string;
  bundleRoot: string;
  workingDirectory: string;
  sourceMap?: boolean;
  /**
   * Packages loaded at run time rather than bundled (native addons), and the `node_modules` folder
   * installed for Lambda's platform that holds them (native-modules.ts): copied whole into the asset.
   */
  nodeModules?: { names: readonly string[]; from: string };
}): FunctionBundle {
  const directory = join(settings.bundleRoot, settings.group);
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  const result = buildSync(
    functionBundleOptions({
      entry: settings.entry,
      outdir: directory,
      workingDirectory: settings.workingDirectory,
      sourceMap: settings.sourceMap ?? false,
      ...(settings.nodeModules ? { external: settings.nodeModules.names } : {}),
    }),
  );
  if (settings.nodeModules) {
    // npm's own record of the install names no file the function needs.
    cpSync(settings.nodeModules.from, join(directory, 'node_modules'), {
      recursive: true,
      filter: (source) => !source.endsWith('.package-lock.json'),
    });
  }
  writeFileSync(join(settings.bundleRoot, `${settings.group}.meta.json`), JSON.stringify(result.metafile));
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((path) => path.endsWith('index.mjs'));
  const code = Object.entries(outputs).filter(([path]) => path.endsWith('.mjs'));
  return {
    group: settings.group,
    directory,
    handler: 'index.handler',
    sourceMap: settings.sourceMap ?? false,
    sizeBytes: entry ? outputs[entry]!.bytes : 0,
    initBytes: entry ? [...staticallyLoaded(outputs, entry)].reduce((sum, path) => sum + (outputs[path]?.bytes ?? 0), 0) : 0,
    totalBytes: code.reduce((sum, [, output]) => sum + output.bytes, 0),
    contentHash: hashFolder(directory),
  };
}

/** An output and every chunk it imports statically, transitively: what Node reads before the handler runs. */
function staticallyLoaded(outputs: Metafile['outputs'], entry: string): Set<string> {
  const loaded = new Set<string>();
  const visit = (path: string) => {
    if (loaded.has(path)) return;
    loaded.add(path);
    for (const imported of outputs[path]?.imports ?? [])
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(entry);
  return loaded;
}

/** Every file under the folder (chunks/ included), by relative path. */
function hashFolder(directory: string): string {
  const hash = createHash('sha256');
  const files = (readdirSync(directory, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath ?? entry.path, entry.name)))
    .sort();
  for (const name of files)
    hash
      .update(`${name}\0`)
      .update(readFileSync(join(directory, name)))
      .update('\0');
  return hash.digest('hex');
}
