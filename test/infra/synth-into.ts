import { join, resolve } from 'node:path';
import { buildApp, type BuiltApp } from '../../infra/lib/app.js';

/** What a synth into a folder leaves for the suites beside the cloud assembly. */
export interface SynthOutcome {
  /** The cloud assembly's folder: templates, manifest.json (metadata, tags, dependencies), validation-report.json. */
  outdir: string;
  /** Each function group's bundle, as buildApp made it. */
  bundles: BuiltApp['bundles'];
}

/**
 * The whole app as `cdk synth` builds it (every tenant file, CloudFormation validation, cdk-nag:
 * a finding throws), into `<dir>/cdk.out`, its bundles and site into `<dir>/bundles`.
 */
export function synthesizeInto(dir: string, repoRoot = resolve(import.meta.dirname, '..', '..')): SynthOutcome {
  const outdir = join(dir, 'cdk.out');
  const built = buildApp({ repoRoot, outdir, bundleDir: join(dir, 'bundles') });
  built.app.synth();
  return { outdir, bundles: built.bundles };
}
