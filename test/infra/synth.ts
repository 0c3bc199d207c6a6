import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, type BuildAppOptions, type BuiltApp } from '../../infra/lib/app.js';
import { locatedIn, type SynthOutcome } from './synth-into.js';

export const repoRoot = resolve(__dirname, '..', '..');

/** The run's synth of the whole app, read from its cloud assembly (no construct: what `cdk deploy` reads). */
export interface SynthesizedApp {
  /** The cloud assembly's folder. */
  outdir: string;
  /** Every stack's template, by stack name. */
  templates: Map<string, Template>;
  bundles: BuiltApp['bundles'];
  /** The logical id of the resource at `path` in the stack (as `stack.getLogicalId(construct.node.defaultChild)`: `Table/Resource`). */
  logicalId(stackName: string, path: string): string;
  /** The stacks deployed before this one (`stack.dependencies`). */
  dependencies(stackName: string): string[];
  /** The stack's tags, as the cloud assembly gives them to CloudFormation. */
  tags(stackName: string): Record<string, string> | undefined;
  /** The construct metadata of the stack, by construct path (`/Entraide-courbevoie/PublicApi`). */
  metadata(stackName: string): Record<string, { type: string; data?: unknown }[]>;
  /** Removes what this suite synthesized itself; nothing when the run's synth was read. */
  cleanUp(): void;
}

interface ManifestArtifact {
  type: string;
  dependencies?: string[];
  properties?: { templateFile?: string; tags?: Record<string, string> };
  additionalMetadataFile?: string;
  metadata?: Record<string, { type: string; data?: unknown }[]>;
}

/** Reads a cloud assembly folder written by `synthesizeInto` (test/infra/synth-into.ts). */
function readCloudAssembly(outcome: SynthOutcome, cleanUp: () => void = () => undefined): SynthesizedApp {
  const manifest = JSON.parse(readFileSync(join(outcome.outdir, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, ManifestArtifact>;
  };
  const stacks = new Map(Object.entries(manifest.artifacts).filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack'));
  const artifact = (stackName: string): ManifestArtifact => {
    const found = stacks.get(stackName);
    if (!found) throw new Error(`no stack ${stackName}; stacks: ${[...stacks.keys()].join(', ')}`);
    return found;
  };
  const templates = new Map(
    [...stacks].map(([name, stack]) => [
      name,
      Template.fromJSON(JSON.parse(readFileSync(join(outcome.outdir, stack.properties!.templateFile!), 'utf8'))),
    ]),
  );
  const metadataCache = new Map<string, Record<string, { type: string; data?: unknown }[]>>();
  const metadata = (stackName: string) => {
    const stack = artifact(stackName);
    if (!metadataCache.has(stackName)) {
      const fromFile = stack.additionalMetadataFile
        ? JSON.parse(readFileSync(join(outcome.outdir, stack.additionalMetadataFile), 'utf8'))
        : {};
      metadataCache.set(stackName, { ...stack.metadata, ...fromFile });
    }
    return metadataCache.get(stackName)!;
  };
  return {
    outdir: outcome.outdir,
    templates,
    bundles: outcome.bundles,
    logicalId(stackName, path) {
      const entries = metadata(stackName)[`/${stackName}/${path}`] ?? [];
      const id = entries.find((entry) => entry.type === 'aws:cdk:logicalId')?.data;
      if (typeof id !== 'string') throw new Error(`no resource at ${stackName}/${path}`);
      return id;
    },
    dependencies: (stackName) => (artifact(stackName).dependencies ?? []).filter((dependency) => stacks.has(dependency)),
    tags: (stackName) => artifact(stackName).properties?.tags,
    metadata,
    cleanUp,
  };
}

const waitForFile = async (file: string, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`no ${file} after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

function outcomeIn(synthDir: string): SynthOutcome {
  const outcome = JSON.parse(readFileSync(join(synthDir, 'synth.json'), 'utf8')) as SynthOutcome & { error?: string };
  if (outcome.error) throw new Error(`the CDK app did not synthesize:\n${outcome.error}`);
  return locatedIn(synthDir, outcome);
}

/**
 * The whole app as `cdk synth` builds it (every tenant file, real bundles, CloudFormation validation,
 * cdk-nag: an unacknowledged finding fails it), synthesized once per jest run by the global setup
 * (test/support/global-setup.ts, run-once.ts) while other suites run, or read from its cache when
 * nothing it is made from changed since. A suite run without that setup, or whose paths the
 * command line filtered out of the setup's sight, synthesizes its own copy the same way.
 */
export async function synthesizedApp(): Promise<SynthesizedApp> {
  const synthDir = process.env.ENTRAIDE_TEST_SYNTH_DIR;
  if (synthDir) {
    await waitForFile(join(synthDir, 'synth.json'), 240_000);
    return readCloudAssembly(outcomeIn(synthDir));
  }
  const scratch = mkdtempSync(join(tmpdir(), 'entraide-infra-test-'));
  const cleanUp = () => rmSync(scratch, { recursive: true, force: true });
  try {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'test', 'support', 'run-once.ts'), scratch, join(scratch, 'synth')],
      {
        cwd: repoRoot,
        stdio: 'ignore',
      },
    );
    // run-once.ts lives on after its synth (its SES server serves the run's platforms): the synth's
    // result is written last, so it is waited for, then the process is stopped.
    let running = true;
    const exited = new Promise((resolve) => child.once('exit', resolve)).then(() => (running = false));
    const synthJson = join(scratch, 'synth', 'synth.json');
    try {
      while (running && !existsSync(synthJson)) await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      child.kill();
      await exited;
    }
    if (!existsSync(synthJson)) throw new Error(`the synth process (run-once.ts) exited without a result`);
    return readCloudAssembly(outcomeIn(join(scratch, 'synth')), cleanUp);
  } catch (error) {
    cleanUp();
    throw error;
  }
}

/** The cloud assembly's files that CloudFormation and the CLI read: templates and asset manifests, by name. */
export const cloudAssemblyFiles = (outdir: string): Map<string, string> =>
  new Map(
    readdirSync(outdir)
      .filter((name) => name.endsWith('.template.json') || name.endsWith('.assets.json'))
      .map((name) => [name, readFileSync(join(outdir, name), 'utf8')]),
  );

export interface Synthesized extends BuiltApp {
  /** The cloud assembly's folder. */
  outdir: string;
  /** Every stack's template, by stack name. */
  templates: Map<string, Template>;
  /** Removes the temporary folders. */
  cleanUp: () => void;
}

/**
 * Builds and synthesizes the app the way `cdk synth` does (cdk-nag included: a finding throws),
 * into a temporary folder, bundles included, so a synth running beside the tests is left alone.
 */
export function synthesize(options: BuildAppOptions = {}): Synthesized {
  const scratch = mkdtempSync(join(tmpdir(), 'entraide-infra-test-'));
  const outdir = join(scratch, 'cdk.out');
  try {
    const built = buildApp({ repoRoot, outdir, bundleDir: join(scratch, 'bundles'), exampleSettings: true, ...options });
    built.app.synth();
    const templates = new Map(
      [built.platform, ...built.tenantStacks, built.site].map((stack) => [stack.stackName, Template.fromStack(stack)]),
    );
    return { ...built, outdir, templates, cleanUp: () => rmSync(scratch, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}

export function templateOf(synthesized: Pick<Synthesized, 'templates'>, stackName: string): Template {
  const template = synthesized.templates.get(stackName);
  if (!template) throw new Error(`no stack ${stackName}; stacks: ${[...synthesized.templates.keys()].join(', ')}`);
  return template;
}

// The slices of CloudFormation the tests walk.
export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
}

export const resourcesOf = (template: Template, type: string): Record<string, CfnResource> =>
  template.findResources(type) as Record<string, CfnResource>;

export const asArray = <Item>(value: Item | Item[] | undefined): Item[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
