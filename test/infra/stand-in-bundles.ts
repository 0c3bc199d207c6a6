import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type * as esbuild from 'esbuild';

/**
 * esbuild for the suites that build an app of their own configuration (a tenant of their own, a
 * context value): each function group's bundle is a stand-in of a few bytes, the site is built for
 * real. The real bundles are checked on the run's synth of the whole app (tenant-stacks.test.ts,
 * determinism.test.ts). `buildSync` is a jest mock: its calls can be counted.
 *
 *   jest.mock('esbuild', () => jest.requireActual('./stand-in-bundles').withStandInBundles(jest.requireActual('esbuild')));
 */
export function withStandInBundles(actual: typeof esbuild): typeof esbuild {
  const buildSync = jest.fn((options: esbuild.BuildOptions) => {
    const entries = JSON.stringify(options.entryPoints);
    if (!entries.includes('handler.ts')) return actual.buildSync(options);
    const outdir = options.outdir!;
    mkdirSync(outdir, { recursive: true });
    // The entry in the text: each group's stand-in, hence its asset hash, is its own.
    const code = `// stand-in for ${entries}\nexport const handler = async () => ({ statusCode: 204 });\n`;
    writeFileSync(join(outdir, 'index.mjs'), code);
    const output = relative(options.absWorkingDir ?? process.cwd(), join(outdir, 'index.mjs'));
    return {
      errors: [],
      warnings: [],
      outputFiles: undefined,
      mangleCache: undefined,
      metafile: { inputs: {}, outputs: { [output]: { bytes: code.length, imports: [], exports: ['handler'], inputs: {} } } },
    };
  });
  return { ...actual, buildSync: buildSync as unknown as typeof esbuild.buildSync };
}
