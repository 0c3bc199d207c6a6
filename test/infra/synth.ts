import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, type BuildAppOptions, type BuiltApp } from '../../infra/lib/app.js';

export const repoRoot = resolve(__dirname, '..', '..');

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
    const built = buildApp({ repoRoot, outdir, bundleDir: join(scratch, 'bundles'), ...options });
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

export function templateOf(synthesized: Synthesized, stackName: string): Template {
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
