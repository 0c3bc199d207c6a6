import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cloudAssemblyFiles, repoRoot, synthesize, synthesizedApp, type Synthesized, type SynthesizedApp } from './synth.js';

// Two synths, each in its own temporary folder with its own bundles: nothing shared but the sources.
// The first is the run's synth of the whole app (its own process, CloudFormation validation and
// cdk-nag on); the second is made here with both off: they read the templates and never change
// them (were it otherwise, the comparison below would fail).
let first: SynthesizedApp;
let second: Synthesized;
beforeAll(async () => {
  second = synthesize({ cloudFormationValidation: false, nag: false });
  first = await synthesizedApp();
}, 240_000);
afterAll(() => {
  first?.cleanUp();
  second?.cleanUp();
});

test('two synths write identical templates and asset manifests', () => {
  const firstFiles = cloudAssemblyFiles(first.outdir);
  const secondFiles = cloudAssemblyFiles(second.outdir);
  expect(firstFiles.size).toBe(2 * first.templates.size);
  expect([...secondFiles.keys()].sort()).toEqual([...firstFiles.keys()].sort());
  for (const [name, content] of firstFiles) expect({ name, content: secondFiles.get(name) }).toEqual({ name, content });
});

test('two synths bundle byte-identical code, so a redeploy uploads nothing new', () => {
  expect(Object.keys(second.bundles).sort()).toEqual(Object.keys(first.bundles).sort());
  for (const group of Object.keys(first.bundles) as (keyof Synthesized['bundles'])[]) {
    const code = (bundles: Synthesized['bundles']) => readFileSync(join(bundles[group].directory, 'index.mjs'));
    expect(code(second.bundles).equals(code(first.bundles))).toBe(true);
    // Chunks included: their names carry their content's hash, and the asset hash covers them.
    expect(second.bundles[group].contentHash).toBe(first.bundles[group].contentHash);
  }
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
