/**
 * What AWS refuses at deploy time, checked on the synthesized templates: CloudFormation's limits per
 * template (hard), CloudFront Functions' code size (hard), and the account's quotas that grow with
 * the tenant count (SES receipt rules, SNS filter policies, IAM roles, HTTP APIs, Lambda's reserved concurrency).
 * `npm run synth:scale` prints them for 300 generated tenants; decision 0017 has the plan past each.
 */

/** A template as CloudFormation reads it: the slices this check walks. */
export interface TemplateJson {
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  Parameters?: Record<string, unknown>;
  Outputs?: Record<string, unknown>;
}

export interface LimitRow {
  limit: string;
  /** The default quota (per template, function, rule set, topic, account and region). */
  quota: number;
  /** What the templates use at most (per template) or in all (per account). */
  used: number;
  /** `hard`: no raise possible; `raisable`: a quota increase request, up to `raisableTo`. */
  kind: 'hard' | 'raisable';
  raisableTo?: number;
  /** Where the most is used, for per-template limits. */
  where?: string;
}

/** A row is refused at deploy when it is over its quota and, if raisable, over the most it can be raised to. */
export const blocksDeploy = (row: LimitRow): boolean => row.used > (row.kind === 'hard' ? row.quota : (row.raisableTo ?? row.quota));

const resourcesOf = (template: TemplateJson, type: string) =>
  Object.values(template.Resources ?? {}).filter((resource) => resource.Type === type);

/** The largest count of any template, and which. */
function perTemplate(templates: Map<string, TemplateJson>, count: (template: TemplateJson) => number): { used: number; where: string } {
  let most = { used: 0, where: '' };
  for (const [name, template] of templates) {
    const used = count(template);
    if (used > most.used) most = { used, where: name };
  }
  return most;
}

const total = (templates: Map<string, TemplateJson>, count: (template: TemplateJson) => number): number =>
  [...templates.values()].reduce((sum, template) => sum + count(template), 0);

/** CloudFront Functions' code, as CloudFormation joins it (a deploy-time token counted at its longest: 64 bytes). */
function functionCodeBytes(template: TemplateJson): number {
  const sizes = resourcesOf(template, 'AWS::CloudFront::Function').map((resource) => {
    const code = resource.Properties?.FunctionCode;
    if (typeof code === 'string') return Buffer.byteLength(code);
    const parts = (code as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join']?.[1] ?? [];
    return parts.reduce<number>((sum, part) => sum + (typeof part === 'string' ? Buffer.byteLength(part) : 64), 0);
  });
  return Math.max(0, ...sizes);
}

/** Every limit, with what the synthesized templates (by stack name, with their JSON size in bytes) use. */
export function deploymentLimits(templates: Map<string, TemplateJson>, templateBytes: Map<string, number>): LimitRow[] {
  const biggestTemplate = [...templateBytes].reduce((most, [name, bytes]) => (bytes > most.used ? { used: bytes, where: name } : most), {
    used: 0,
    where: '',
  });
  const filteredSubscriptions = (template: TemplateJson) =>
    resourcesOf(template, 'AWS::SNS::Subscription').filter((resource) => resource.Properties?.FilterPolicy !== undefined).length;
  return [
    { limit: 'resources per template', quota: 500, kind: 'hard', ...perTemplate(templates, (t) => Object.keys(t.Resources ?? {}).length) },
    {
      limit: 'parameters per template',
      quota: 200,
      kind: 'hard',
      ...perTemplate(templates, (t) => Object.keys(t.Parameters ?? {}).length),
    },
    { limit: 'outputs per template', quota: 200, kind: 'hard', ...perTemplate(templates, (t) => Object.keys(t.Outputs ?? {}).length) },
    // Uploaded through the CDK's asset bucket: 1 MB is CloudFormation's most for a template in S3.
    { limit: 'template bytes (through S3)', quota: 1_000_000, kind: 'hard', ...biggestTemplate },
    { limit: 'CloudFront Functions code bytes', quota: 10_240, kind: 'hard', ...perTemplate(templates, functionCodeBytes) },
    {
      limit: 'SES receipt rules per rule set',
      quota: 200,
      kind: 'hard',
      used: total(templates, (t) => resourcesOf(t, 'AWS::SES::ReceiptRule').length),
    },
    {
      limit: 'SNS filter policies per topic',
      quota: 200,
      kind: 'raisable',
      raisableTo: 10_000,
      used: total(templates, filteredSubscriptions),
    },
    {
      limit: 'IAM roles per account',
      quota: 1_000,
      kind: 'raisable',
      raisableTo: 5_000,
      used: total(templates, (t) => resourcesOf(t, 'AWS::IAM::Role').length),
    },
    {
      limit: 'HTTP APIs per region',
      quota: 600,
      kind: 'raisable',
      used: total(templates, (t) => resourcesOf(t, 'AWS::ApiGatewayV2::Api').length),
    },
    {
      // Each tenant's mail sender reserves 1 (decision 0022); Lambda keeps 100 of the account's concurrency unreserved.
      limit: 'Lambda reserved concurrency per region',
      quota: 900,
      kind: 'raisable',
      raisableTo: 9_900,
      used: total(templates, (t) =>
        resourcesOf(t, 'AWS::Lambda::Function').reduce((sum, fn) => sum + Number(fn.Properties?.ReservedConcurrentExecutions ?? 0), 0),
      ),
    },
    { limit: 'CloudFormation stacks per region', quota: 2_000, kind: 'raisable', used: templates.size },
  ];
}

/** The rows as a table for a terminal. */
export function formatLimits(rows: LimitRow[]): string {
  const lines = rows.map((row) => {
    const state = blocksDeploy(row) ? 'REFUSED' : row.used > row.quota ? `raise to ${row.raisableTo ?? '?'}` : 'ok';
    return `| ${row.limit} | ${row.used}${row.where ? ` (${row.where})` : ''} | ${row.quota} ${row.kind} | ${state} |`;
  });
  return ['| limit | used | quota | state |', '| --- | --- | --- | --- |', ...lines].join('\n');
}
