import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTenantConfig, type TenantConfig } from '@entraide/core';
import { buildApp } from '../lib/app.js';
import { blocksDeploy, deploymentLimits, formatLimits, type TemplateJson } from '../lib/deployment-limits.js';
import { idleCost, usd } from '../lib/idle-cost.js';

/**
 * `npm run synth:scale [-- <count>]`: synthesizes the whole app (real bundles, cdk-nag, example
 * settings) with <count> generated tenants (300 by default), then prints every deploy-time limit
 * against what the templates use, and what they cost a month while idle. Exit 1 if the synth fails or a limit no quota raise lifts is passed.
 * Not in `npm test` (minutes on two cores): `.ci/run` runs it.
 */
const count = Number(process.argv[2] ?? 300);
if (!Number.isInteger(count) || count < 1) throw new Error(`a tenant count, not ${process.argv[2]}`);
const repoRoot = join(import.meta.dirname, '..', '..');
const model = JSON.parse(readFileSync(join(repoRoot, 'infra', 'tenants', 'courbevoie.json'), 'utf8')) as Record<string, unknown>;

/** A section that adds resources to its tenant's stack (the gallery's processing function, decision 0021): every tenant has one, the worst case. */
const gallerySection = { id: 'dessins', type: 'gallery', title: { fr: 'Des dessins pour les soignants', en: 'Drawings for carers' } };

/** `commune-001` …: the model tenant under another id, name and staff address, with a gallery. */
const generatedTenants = (n: number): TenantConfig[] =>
  Array.from({ length: n }, (_, index) => {
    const id = `commune-${String(index + 1).padStart(3, '0')}`;
    const sections = [...(model.sections as unknown[]), gallerySection];
    return parseTenantConfig({ ...model, id, name: `Commune ${index + 1}`, staffEmails: [`staff@${id}.example`], sections }, id);
  });

const scratch = mkdtempSync(join(tmpdir(), 'entraide-synth-scale-'));
const started = performance.now();
try {
  const outdir = join(scratch, 'cdk.out');
  const built = buildApp({
    repoRoot,
    outdir,
    bundleDir: join(scratch, 'bundles'),
    exampleSettings: true,
    tenants: generatedTenants(count),
  });
  built.app.synth();
  const stacks = [built.platform, built.site, ...built.tenantStacks];
  const texts = new Map(stacks.map((stack) => [stack.stackName, readFileSync(join(outdir, stack.templateFile), 'utf8')]));
  const templates = new Map([...texts].map(([name, text]) => [name, JSON.parse(text) as TemplateJson]));
  const bytes = new Map([...texts].map(([name, text]) => [name, Buffer.byteLength(text)]));
  const rows = deploymentLimits(templates, bytes);
  console.log(`Synthesized ${stacks.length} stacks (${count} tenants) in ${((performance.now() - started) / 1000).toFixed(0)} s.\n`);
  console.log(formatLimits(rows));
  // What the account pays a month with no one using it (infra/lib/idle-cost.ts): the platform's fixed part, then the tenants'.
  const idle = new Map([...templates].map(([name, template]) => [name, idleCost(template).monthlyUsd]));
  const tenantsIdle = built.tenantStacks.reduce((sum, stack) => sum + (idle.get(stack.stackName) ?? 0), 0);
  console.log(
    `\nIdle a month: platform ${usd(idle.get(built.platform.stackName) ?? 0)}, site ${usd(idle.get(built.site.stackName) ?? 0)}, ${count} tenants ${usd(tenantsIdle)} in all.`,
  );
  const refused = rows.filter(blocksDeploy);
  if (refused.length > 0) {
    console.error(`\nA deploy would be refused: ${refused.map((row) => row.limit).join(', ')}.`);
    process.exitCode = 1;
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
