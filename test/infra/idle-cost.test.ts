import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TemplateJson } from '../../infra/lib/deployment-limits.js';
import { idleCost, unpricedTypes, usd } from '../../infra/lib/idle-cost.js';
import { repoRoot, synthesizedApp, type SynthesizedApp } from './synth.js';

/**
 * What the stacks bill a month while no one uses them, priced from the run's synth of the whole
 * app with the repository's price table (infra/lib/idle-cost.ts): $0.00 for every tenant.
 */
let synthesized: SynthesizedApp;
const json = (name: string): TemplateJson => synthesized.templates.get(name)!.toJSON() as TemplateJson;

beforeAll(async () => {
  synthesized = await synthesizedApp();
}, 240_000);
afterAll(() => synthesized?.cleanUp());

const tenantStacks = () => [...synthesized.templates.keys()].filter((name) => !['Entraide-platform', 'Entraide-site'].includes(name));

test('every resource type of every stack is priced or known to be billed per use only', () => {
  expect(tenantStacks().length).toBeGreaterThan(2);
  for (const name of synthesized.templates.keys()) expect({ name, unpriced: unpricedTypes(json(name)) }).toEqual({ name, unpriced: [] });
});

test('a tenant nobody uses costs $0.00 a month: no queue polled, no key, no alarm, no provisioned concurrency', () => {
  for (const name of tenantStacks()) {
    const { monthlyUsd, items } = idleCost(json(name));
    expect({ name, idle: usd(monthlyUsd) }).toEqual({ name, idle: '$0.00' });
    // What is left are the daily jobs' runs, a fraction of a cent.
    expect(new Set(items.map((item) => item.type))).toEqual(new Set(['AWS::Scheduler::Schedule']));
  }
});

test('the platform’s fixed cost is its alarms, the mail events’ key and the origin secret: what docs/deploying.md states', () => {
  const platform = idleCost(json('Entraide-platform'));
  expect(platform.items.map((item) => item.type).sort()).toEqual([
    ...Array<string>(5).fill('AWS::CloudWatch::Alarm'),
    'AWS::KMS::Key',
    'AWS::SecretsManager::Secret',
  ]);
  expect(usd(platform.monthlyUsd)).toBe('$1.90');
  expect(readFileSync(join(repoRoot, 'docs/deploying.md'), 'utf8')).toContain(`**${usd(platform.monthlyUsd)} a month**`);
  expect(usd(idleCost(json('Entraide-site')).monthlyUsd)).toBe('$0.00');
});
