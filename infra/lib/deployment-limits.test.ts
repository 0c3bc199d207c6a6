import { blocksDeploy, deploymentLimits, formatLimits, type TemplateJson } from './deployment-limits.js';

const template = (resources: Record<string, number>): TemplateJson => ({
  Resources: Object.fromEntries(
    Object.entries(resources).flatMap(([type, n]) =>
      Array.from({ length: n }, (_, index) => [`${type.replace(/\W/g, '')}${index}`, { Type: type, Properties: { FilterPolicy: {} } }]),
    ),
  ),
});

const rowsFor = (stacks: number, perStack: Record<string, number>) => {
  const templates = new Map(Array.from({ length: stacks }, (_, index) => [`Entraide-t${index}`, template(perStack)]));
  return deploymentLimits(templates, new Map([...templates.keys()].map((name) => [name, 50_000])));
};

test('a receipt rule per tenant is refused past 200 tenants, whatever quota is asked for: SES has no raise for it', () => {
  const rows = rowsFor(201, { 'AWS::SES::ReceiptRule': 1 });
  const receiptRules = rows.find((row) => row.limit === 'SES receipt rules per rule set')!;
  expect(receiptRules.used).toBe(201);
  expect(blocksDeploy(receiptRules)).toBe(true);
  expect(formatLimits(rows)).toMatch(/SES receipt rules per rule set \| 201 \| 200 hard \| REFUSED/);
});

test('seven IAM roles a tenant pass the default 1,000 roles at 143 tenants: a quota raise, not a refusal, up to 5,000', () => {
  const roles = (tenants: number) => rowsFor(tenants, { 'AWS::IAM::Role': 7 }).find((row) => row.limit === 'IAM roles per account')!;
  expect(blocksDeploy(roles(142))).toBe(false);
  expect(formatLimits(rowsFor(143, { 'AWS::IAM::Role': 7 }))).toMatch(/IAM roles per account \| 1001 \| 1000 raisable \| raise to 5000/);
  expect(blocksDeploy(roles(715))).toBe(true);
});

test('a template over 500 resources is named', () => {
  const rows = rowsFor(2, { 'AWS::Lambda::Function': 501 });
  expect(rows.find((row) => row.limit === 'resources per template')).toMatchObject({ used: 501, where: 'Entraide-t0' });
  expect(rows.filter(blocksDeploy).map((row) => row.limit)).toEqual(['resources per template']);
});

test('a reserved concurrency of 1 per tenant sender passes the default pool (1,000, 100 kept unreserved) at 901 tenants: a raise', () => {
  const templates = (tenants: number): Map<string, TemplateJson> =>
    new Map(
      Array.from({ length: tenants }, (_, index) => [
        `Entraide-t${index}`,
        { Resources: { Sender: { Type: 'AWS::Lambda::Function', Properties: { ReservedConcurrentExecutions: 1 } } } },
      ]),
    );
  const concurrency = (tenants: number) =>
    deploymentLimits(templates(tenants), new Map()).find((row) => row.limit === 'Lambda reserved concurrency per region')!;
  expect(concurrency(900)).toMatchObject({ used: 900, quota: 900 });
  expect(formatLimits([concurrency(901)])).toMatch(/Lambda reserved concurrency per region \| 901 \| 900 raisable \| raise to 9900/);
  expect(blocksDeploy(concurrency(901))).toBe(false);
});
