import { join, relative, resolve } from 'node:path';
import { buildApp, type BuiltApp } from '../../infra/lib/app.js';

/** What a synth into a folder leaves for the suites beside the cloud assembly; paths relative to that folder. */
export interface SynthOutcome {
  /** The cloud assembly's folder: templates, manifest.json (tags, dependencies), the stacks' metadata, validation-report.json. */
  outdir: string;
  /** Each function group's bundle, as buildApp made it. */
  bundles: BuiltApp['bundles'];
}

/**
 * The whole app as `cdk synth` builds it (every tenant file, real bundles, cdk-nag: a finding
 * throws), into `<dir>/cdk.out`, its bundles and site into `<dir>/bundles`. Without CDK's
 * CloudFormation schema validation: its engine's start-up alone is about 7 s of CPU, a tenth of
 * what `npm test` may spend on a fresh clone, and it reads the templates without changing them.
 * `.ci/run` runs it on the same app, with `npx cdk synth` from the root as an operator does.
 */
export function synthesizeInto(dir: string, repoRoot = resolve(import.meta.dirname, '..', '..')): SynthOutcome {
  const outdir = join(dir, 'cdk.out');
  const built = buildApp({ repoRoot, outdir, bundleDir: join(dir, 'bundles'), exampleSettings: true, cloudFormationValidation: false });
  built.app.synth();
  const bundles = Object.fromEntries(
    Object.entries(built.bundles).map(([group, bundle]) => [group, { ...bundle, directory: relative(dir, bundle.directory) }]),
  ) as BuiltApp['bundles'];
  return { outdir: relative(dir, outdir), bundles };
}

/** The outcome with its paths made absolute again, wherever the folder is now. */
export function locatedIn(dir: string, outcome: SynthOutcome): SynthOutcome {
  const bundles = Object.fromEntries(
    Object.entries(outcome.bundles).map(([group, bundle]) => [group, { ...bundle, directory: resolve(dir, bundle.directory) }]),
  ) as BuiltApp['bundles'];
  return { outdir: resolve(dir, outcome.outdir), bundles };
}
