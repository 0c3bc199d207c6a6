import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync, type BuildOptions } from 'esbuild';

/**
 * The one set of esbuild options for a function group's bundle. The CDK app bundles with it, and
 * the cold-start benchmark imports it, so what is measured is what is deployed.
 */
export function functionBundleOptions(settings: {
  /** The group's `handler.ts`. */
  entry: string;
  /** Where `index.mjs` goes: the asset folder. */
  outdir: string;
  /** Paths in the metafile and source map are relative to it: the output does not depend on the checkout's location. */
  workingDirectory: string;
  sourceMap?: boolean;
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
    // (DESIGN.md, budgets), and the version deployed is the version tested.
    external: [],
    mainFields: ['module', 'main'],
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
    }),
  );
  writeFileSync(join(settings.bundleRoot, `${settings.group}.meta.json`), JSON.stringify(result.metafile));
  const output = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith('index.mjs'));
  return {
    group: settings.group,
    directory,
    handler: 'index.handler',
    sourceMap: settings.sourceMap ?? false,
    sizeBytes: output?.[1].bytes ?? 0,
    contentHash: hashFolder(directory),
  };
}

function hashFolder(directory: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(directory).sort()) {
    hash.update(`${name}\0`).update(readFileSync(join(directory, name))).update('\0');
  }
  return hash.digest('hex');
}
