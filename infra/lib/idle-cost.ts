import type { TemplateJson } from './deployment-limits.js';

/**
 * What a stack costs a month while no one uses it, read from its synthesized template: the
 * resources AWS bills by the hour or the month whatever the traffic, priced from the table below
 * (USD, list prices of eu-west-3, without the free tier, which an account shares between all its
 * tenants). Everything else is billed per request, per mail or per GB stored: nothing while idle.
 * A resource type in neither list stops the check (`unpricedTypes`): price it before deploying it.
 * Decision 0022 has the reasoning; docs/deploying.md the platform's fixed cost.
 */
type Resource = NonNullable<TemplateJson['Resources']>[string];

interface IdlePrice {
  /** USD a month for one resource as its template declares it; 0 when this one is not billed idle. */
  monthlyUsd: (resource: Resource, template: TemplateJson) => number;
  why: string;
}

const hoursPerMonth = 730;
const daysPerMonth = 30.44;

/** One run of a schedule whose target is a short Lambda invocation: Scheduler ($1/M) + the invoke ($0.20/M) + ~1 s at 512 MB arm ($0.0000133334/GB-s). */
const scheduledRunUsd = 1 / 1e6 + 0.2 / 1e6 + 0.5 * 0.0000133334;

/** A field of a cron expression: how many values it takes (`*` its whole range, `1,3`, `MON-FRI`). */
function fieldCount(field: string, whole: number): number {
  if (field === '*' || field === '?') return whole;
  const names = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
  const value = (part: string) => (names.includes(part) ? names.indexOf(part) + 1 : Number(part));
  return field.split(',').reduce((sum, part) => {
    const [range, step] = part.split('/');
    const [from, to] = (range ?? '').split('-');
    const span = range === '*' ? whole : to === undefined ? 1 : value(to) - value(from ?? '') + 1;
    return sum + Math.ceil(span / Number(step ?? 1));
  }, 0);
}

/** Runs a month of an EventBridge Scheduler expression: `rate(…)` or `cron(min hour dom month dow year)`. */
export function runsPerMonth(expression: string): number {
  const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression);
  if (rate) return (daysPerMonth * { minute: 1440, hour: 24, day: 1 }[rate[2] as 'minute' | 'hour' | 'day']) / Number(rate[1]);
  const cron = /^cron\((.+)\)$/.exec(expression)?.[1]?.split(' ');
  if (!cron || cron.length !== 6) return expression.startsWith('at(') ? 0 : Number.NaN;
  const [minutes, hours, dayOfMonth, month, dayOfWeek] = cron as [string, string, string, string, string];
  const perDay = fieldCount(minutes, 60) * fieldCount(hours, 24);
  const days =
    dayOfMonth !== '*' && dayOfMonth !== '?'
      ? fieldCount(dayOfMonth, 31)
      : dayOfWeek !== '*' && dayOfWeek !== '?'
        ? (fieldCount(dayOfWeek, 7) * daysPerMonth) / 7
        : daysPerMonth;
  return (perDay * days * fieldCount(month, 12)) / 12;
}

const flat = (usd: number) => () => usd;
const property = (resource: Resource, name: string): unknown => resource.Properties?.[name];

/** Billed while idle (or may be, depending on how it is declared). */
const idlePrices: Record<string, IdlePrice> = {
  'AWS::Lambda::EventSourceMapping': {
    // Lambda's pollers long-poll an SQS queue all the time: ~0.65 M ReceiveMessage a month at $0.40/M.
    monthlyUsd: (resource, template) => (isQueue(property(resource, 'EventSourceArn'), template) ? 0.26 : 0),
    why: 'an SQS event source is polled continuously (~0.65 M billed requests a month)',
  },
  'AWS::Lambda::Version': {
    monthlyUsd: (resource) => provisioned(resource) * 0.0000041667 * 3600 * hoursPerMonth,
    why: 'provisioned concurrency, per execution at 1 GB (an upper bound for 512 MB)',
  },
  'AWS::Lambda::Alias': {
    monthlyUsd: (resource) => provisioned(resource) * 0.0000041667 * 3600 * hoursPerMonth,
    why: 'provisioned concurrency, per execution at 1 GB (an upper bound for 512 MB)',
  },
  'AWS::DynamoDB::Table': {
    monthlyUsd: (resource) => {
      if (property(resource, 'BillingMode') === 'PAY_PER_REQUEST') return 0;
      const throughput = (property(resource, 'ProvisionedThroughput') ?? {}) as { ReadCapacityUnits?: number; WriteCapacityUnits?: number };
      return ((throughput.ReadCapacityUnits ?? 0) * 0.000147 + (throughput.WriteCapacityUnits ?? 0) * 0.000735) * hoursPerMonth;
    },
    why: 'provisioned capacity (on-demand tables bill requests and GB stored only)',
  },
  'AWS::Scheduler::Schedule': {
    monthlyUsd: (resource) => runsPerMonth(String(property(resource, 'ScheduleExpression'))) * scheduledRunUsd,
    why: 'runs whether anyone uses the tenant (a run: the schedule, an invoke, ~1 s of a function)',
  },
  'AWS::EC2::NatGateway': { monthlyUsd: flat(0.048 * hoursPerMonth), why: 'a NAT gateway by the hour' },
  'AWS::EC2::EIP': { monthlyUsd: flat(0.005 * hoursPerMonth), why: 'a public IPv4 address by the hour' },
  'AWS::EC2::VPCEndpoint': {
    monthlyUsd: (resource) =>
      property(resource, 'VpcEndpointType') === 'Interface'
        ? 0.011 * hoursPerMonth * Math.max(1, ((property(resource, 'SubnetIds') as unknown[] | undefined) ?? []).length)
        : 0,
    why: 'an interface endpoint by the hour, per zone',
  },
  'AWS::EC2::Instance': { monthlyUsd: flat(0.0042 * hoursPerMonth), why: 'an instance by the hour (t4g.nano at least)' },
  'AWS::RDS::DBInstance': { monthlyUsd: flat(0.018 * hoursPerMonth), why: 'a database instance by the hour (db.t4g.micro at least)' },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': { monthlyUsd: flat(0.0252 * hoursPerMonth), why: 'a load balancer by the hour' },
  'AWS::KMS::Key': { monthlyUsd: flat(1), why: 'a customer managed KMS key, $1 a month' },
  'AWS::CloudWatch::Alarm': { monthlyUsd: flat(0.1), why: 'a standard alarm, $0.10 a month (10 free per account)' },
  'AWS::CloudWatch::Dashboard': { monthlyUsd: flat(3), why: 'a dashboard, $3 a month (3 free per account)' },
  'AWS::Route53::HostedZone': { monthlyUsd: flat(0.5), why: 'a hosted zone, $0.50 a month' },
  'AWS::SecretsManager::Secret': { monthlyUsd: flat(0.4), why: 'a secret, $0.40 a month' },
};

/** An event source that is an SQS queue: its ARN, or a reference to a queue of the same template. */
function isQueue(arn: unknown, template: TemplateJson): boolean {
  const target = (arn as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];
  if (target) return template.Resources?.[target]?.Type === 'AWS::SQS::Queue';
  return /:sqs:/.test(JSON.stringify(arn ?? ''));
}

function provisioned(resource: Resource): number {
  const config = property(resource, 'ProvisionedConcurrencyConfig') as { ProvisionedConcurrentExecutions?: number } | undefined;
  return config?.ProvisionedConcurrentExecutions ?? 0;
}

/** Billed per use only (requests, invocations, mails, GB ingested or stored): nothing while idle. */
const perUseTypes = new Set([
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::Route',
  'AWS::ApiGatewayV2::Stage',
  'AWS::CloudFront::CachePolicy',
  'AWS::CloudFront::Distribution',
  'AWS::CloudFront::Function',
  'AWS::CloudFront::KeyValueStore',
  'AWS::CloudFront::OriginAccessControl',
  'AWS::CloudFront::ResponseHeadersPolicy',
  'AWS::IAM::Policy',
  'AWS::IAM::Role',
  'AWS::Lambda::EventInvokeConfig',
  'AWS::Lambda::Function',
  'AWS::Lambda::LayerVersion',
  'AWS::Lambda::Permission',
  'AWS::Logs::LogGroup',
  'AWS::S3::Bucket',
  'AWS::S3::BucketPolicy',
  'AWS::SES::ConfigurationSet',
  'AWS::SES::ConfigurationSetEventDestination',
  'AWS::SES::EmailIdentity',
  'AWS::SES::ReceiptRule',
  'AWS::SES::ReceiptRuleSet',
  'AWS::SNS::Subscription',
  'AWS::SNS::Topic',
  'AWS::SNS::TopicPolicy',
  // A queue nobody polls bills only the messages sent to it (the dead letters).
  'AWS::SQS::Queue',
  'AWS::SQS::QueuePolicy',
]);

export interface IdleItem {
  logicalId: string;
  type: string;
  monthlyUsd: number;
  why: string;
}

/** Custom resources run a function at deploy time only. */
const isPerUse = (type: string): boolean =>
  perUseTypes.has(type) || type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';

/** The resource types of a template that neither list prices. */
export const unpricedTypes = (template: TemplateJson): string[] =>
  [...new Set(Object.values(template.Resources ?? {}).map((resource) => resource.Type))].filter(
    (type) => !isPerUse(type) && !(type in idlePrices),
  );

/** What a template bills a month while idle: the total and each resource that costs something. */
export function idleCost(template: TemplateJson): { monthlyUsd: number; items: IdleItem[] } {
  const items = Object.entries(template.Resources ?? {}).flatMap(([logicalId, resource]) => {
    const price = idlePrices[resource.Type];
    const monthlyUsd = price ? price.monthlyUsd(resource, template) : 0;
    return monthlyUsd > 0 ? [{ logicalId, type: resource.Type, monthlyUsd, why: price!.why }] : [];
  });
  return { monthlyUsd: items.reduce((sum, item) => sum + item.monthlyUsd, 0), items };
}

/** Dollars as a bill shows them. */
export const usd = (amount: number): string => `$${amount.toFixed(2)}`;
