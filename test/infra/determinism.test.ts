import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, synthesize, type Synthesized } from './synth.js';

// Two synths, each in its own temporary folder with its own bundles: nothing shared but the sources.
// CloudFormation schema validation is off here: it reads the templates and never changes them
// (tenant-stacks.test.ts synthesizes with it on).
let first: Synthesized;
let second: Synthesized;
beforeAll(() => {
  first = synthesize({ cloudFormationValidation: false });
  second = synthesize({ cloudFormationValidation: false });
});
afterAll(() => {
  first?.cleanUp();
  second?.cleanUp();
});

const cloudAssemblyFiles = (synthesized: Synthesized): Map<string, string> =>
  new Map(
    readdirSync(synthesized.outdir)
      .filter((name) => name.endsWith('.template.json') || name.endsWith('.assets.json'))
      .map((name) => [name, readFileSync(join(synthesized.outdir, name), 'utf8')]),
  );

test('two synths write identical templates and asset manifests', () => {
  const firstFiles = cloudAssemblyFiles(first);
  const secondFiles = cloudAssemblyFiles(second);
  expect(firstFiles.size).toBe(2 * first.templates.size);
  expect([...secondFiles.keys()].sort()).toEqual([...firstFiles.keys()].sort());
  for (const [name, content] of firstFiles) expect({ name, content: secondFiles.get(name) }).toEqual({ name, content });
});

test('two synths bundle byte-identical code, so a redeploy uploads nothing new', () => {
  for (const group of Object.keys(first.bundles) as (keyof Synthesized['bundles'])[]) {
    const code = (synthesized: Synthesized) => readFileSync(join(synthesized.bundles[group].directory, 'index.mjs'));
    expect(code(second).equals(code(first))).toBe(true);
    // Chunks included: their names carry their content's hash, and the asset hash covers them.
    expect(second.bundles[group].contentHash).toBe(first.bundles[group].contentHash);
  }
});

test('templates hold no machine-specific path and no timestamp', () => {
  for (const [name, content] of cloudAssemblyFiles(first)) {
    expect({ name, hasRepoPath: content.includes(repoRoot) }).toEqual({ name, hasRepoPath: false });
    expect({ name, hasOutdir: content.includes(first.outdir) }).toEqual({ name, hasOutdir: false });
    expect({ name, timestamps: content.match(/20\d\d-\d\d-\d\dT\d\d:\d\d/g) }).toEqual({ name, timestamps: null });
  }
});
