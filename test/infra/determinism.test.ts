import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleFunctionGroup, type FunctionBundle } from '../../infra/lib/bundling.js';
import { cloudAssemblyFiles, repoRoot, synthesize, synthesizedApp, type Synthesized, type SynthesizedApp } from './synth.js';

// Two synths, each in its own temporary folder: the run's synth of the whole app (its own process,
// cdk-nag on) and a second made here with cdk-nag off (it reads the templates and never changes
// them: were it otherwise, the comparison below would fail). The second
// takes the first's bundles, so what it compares is the app's own construction; the bundles'
// determinism is checked apart, by bundling the public API again from the sources. Every group is
// bundled by the one `bundleFunctionGroup` with the one set of esbuild options, and the public API
// is the group with the most code and chunks: bundling every other group again would cost the run
// seconds of esbuild and tell nothing more about the options.
let first: SynthesizedApp;
let second: Synthesized;
let scratch: string;
let rebuilt: FunctionBundle;
beforeAll(async () => {
  first = await synthesizedApp();
  second = synthesize({ cloudFormationValidation: false, nag: false, bundles: first.bundles });
  scratch = mkdtempSync(join(tmpdir(), 'entraide-rebundle-'));
  rebuilt = bundleFunctionGroup({
    group: 'public-api',
    entry: join(repoRoot, 'functions', 'public-api', 'handler.ts'),
    bundleRoot: scratch,
    workingDirectory: repoRoot,
  });
}, 240_000);
afterAll(() => {
  first?.cleanUp();
  second?.cleanUp();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('two synths write identical templates and asset manifests', () => {
  const firstFiles = cloudAssemblyFiles(first.outdir);
  const secondFiles = cloudAssemblyFiles(second.outdir);
  expect(firstFiles.size).toBe(2 * first.templates.size);
  expect([...secondFiles.keys()].sort()).toEqual([...firstFiles.keys()].sort());
  for (const [name, content] of firstFiles) expect({ name, content: secondFiles.get(name) }).toEqual({ name, content });
});

test('bundling again from the sources gives byte-identical code, so a redeploy uploads nothing new', () => {
  const original = first.bundles['public-api'];
  const code = (bundle: FunctionBundle) => readFileSync(join(bundle.directory, 'index.mjs'));
  expect(code(rebuilt).equals(code(original))).toBe(true);
  // Chunks included: their names carry their content's hash, and the asset hash covers them.
  expect(rebuilt.contentHash).toBe(original.contentHash);
  expect(rebuilt.totalBytes).toBe(original.totalBytes);
});

test('templates hold no machine-specific path and no timestamp', () => {
  for (const synthesized of [first, second]) {
    for (const [name, content] of cloudAssemblyFiles(synthesized.outdir)) {
      expect({ name, hasRepoPath: content.includes(repoRoot) }).toEqual({ name, hasRepoPath: false });
      expect({ name, hasOutdir: content.includes(synthesized.outdir) }).toEqual({ name, hasOutdir: false });
      expect({ name, timestamps: content.match(/20\d\d-\d\d-\d\dT\d\d:\d\d/g) }).toEqual({ name, timestamps: null });
    }
  }
});
