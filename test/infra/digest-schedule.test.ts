import { join } from 'node:path';
import { loadTenantDirectory, parseTenantConfig } from '@entraide/core';
import { functionGroups } from '@entraide/functions';
import { Stack, type CfnElement } from 'aws-cdk-lib';
import { buildSync } from 'esbuild';
import { tenantStackName } from '../../infra/lib/app.js';
import { backgroundFunctionGroups, sectionFunctionGroups, sharedFunctionGroups } from '../../infra/lib/background-functions.js';
import { asArray, repoRoot, resourcesOf, synthesize, templateOf, type PolicyStatement, type Synthesized } from './synth.js';

// This app's function bundles are stand-ins (the real ones: the run's synth, tenant-stacks.test.ts);
// esbuild's runs are counted, to show each group is bundled once per synth, not once per tenant.
jest.mock('esbuild', () => jest.requireActual('./stand-in-bundles').withStandInBundles(jest.requireActual('esbuild')));

// Two tenants: a demo one on the defaults, and one that chose its own time, days and zone.
const [courbevoie] = loadTenantDirectory(join(repoRoot, 'infra', 'tenants')).filter((tenant) => tenant.id === 'courbevoie');
const saturday = parseTenantConfig(
  { ...courbevoie, id: 'namur-samedi', digest: { time: '18:30', days: ['SAT'], timeZone: 'Europe/Brussels' } },
  'test',
);

let synthesized: Synthesized;
beforeAll(() => {
  // cdk-nag runs inside this synth: an unacknowledged finding throws here.
  synthesized = synthesize({ tenants: [courbevoie!, saturday], cloudFormationValidation: false });
});
afterAll(() => synthesized?.cleanUp());

test('bundles each function group once per synth, whatever the number of tenants, and builds the site once', () => {
  expect(synthesized.tenantStacks).toHaveLength(2);
  const groupCount = functionGroups.length + backgroundFunctionGroups.length + sharedFunctionGroups.length + sectionFunctionGroups.length;
  const handlerBuilds = jest.mocked(buildSync).mock.calls.filter(([options]) => JSON.stringify(options.entryPoints).includes('handler.ts'));
  expect(handlerBuilds).toHaveLength(groupCount);
  // The other esbuild run builds the site.
  expect(jest.mocked(buildSync)).toHaveBeenCalledTimes(groupCount + 1);
});

const stackOf = (tenantId: string) => synthesized.tenantStacks.find((stack) => stack.stackName === tenantStackName(tenantId))!;

describe('the staff digest schedule', () => {
  it.each([
    ['courbevoie', 'cron(0 8 ? * MON,TUE,WED,THU,FRI *)', 'Europe/Paris'],
    ['namur-samedi', 'cron(30 18 ? * SAT *)', 'Europe/Brussels'],
  ])(
    '%s: one schedule at the time, days and zone of its config, invoking its scheduled-jobs function with {"job":"digest"}',
    (tenantId, expression, zone) => {
      const stack = stackOf(tenantId);
      const template = templateOf(synthesized, stack.stackName);
      // The digest's own schedule (the follow-ups job has another one: mail-relay.test.ts).
      const schedules = Object.values(resourcesOf(template, 'AWS::Scheduler::Schedule')).filter(
        (schedule) => JSON.parse((schedule.Properties as { Target: { Input: string } }).Target.Input).job === 'digest',
      );
      expect(schedules).toHaveLength(1);
      const properties = schedules[0]!.Properties as Record<string, any>;
      expect(properties.ScheduleExpression).toBe(expression);
      expect(properties.ScheduleExpressionTimezone).toBe(zone);
      expect(properties.State).toBe('ENABLED');
      const functionId = Stack.of(stack).getLogicalId(stack.scheduledJobs.node.defaultChild as CfnElement);
      expect(properties.Target.Arn).toEqual({ 'Fn::GetAtt': [functionId, 'Arn'] });
      expect(JSON.parse(properties.Target.Input)).toEqual({ job: 'digest' });
      expect(properties.Target.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 3 });
    },
  );

  it('lets the schedule’s role invoke that function and nothing else, from this account only', () => {
    for (const stack of synthesized.tenantStacks) {
      const template = templateOf(synthesized, stack.stackName);
      const functionId = stack.getLogicalId(stack.scheduledJobs.node.defaultChild as CfnElement);
      const roleId = stack.getLogicalId(stack.digestSchedule.role.node.defaultChild as CfnElement);
      const role = resourcesOf(template, 'AWS::IAM::Role')[roleId]!.Properties as Record<string, any>;
      expect(role.AssumeRolePolicyDocument.Statement).toEqual([
        expect.objectContaining({
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        }),
      ]);
      const statements = Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
        .filter((policy) => asArray((policy.Properties as any).Roles).some((ref: any) => ref.Ref === roleId))
        .flatMap((policy) => (policy.Properties as any).PolicyDocument.Statement as PolicyStatement[]);
      expect(statements.flatMap((statement) => asArray(statement.Action))).toEqual(['lambda:InvokeFunction']);
      const resources = JSON.stringify(statements.flatMap((statement) => asArray(statement.Resource)));
      expect(resources).toContain(functionId);
      const otherFunctions = Object.keys(resourcesOf(template, 'AWS::Lambda::Function')).filter((id) => id !== functionId);
      for (const other of otherFunctions) expect(resources).not.toContain(other);
    }
  });

  it('builds the scheduled-jobs function from its own bundle, with its tenant’s table (gsi1 only) and mail', () => {
    const stack = stackOf('courbevoie');
    const template = templateOf(synthesized, stack.stackName);
    const functionId = stack.getLogicalId(stack.scheduledJobs.node.defaultChild as CfnElement);
    const fn = resourcesOf(template, 'AWS::Lambda::Function')[functionId]!.Properties as Record<string, any>;
    expect(fn.Environment.Variables).toMatchObject({
      TABLE_NAME: expect.anything(),
      MAIL_FROM: expect.any(String),
      SITE_URL: expect.any(String),
    });
    expect(JSON.parse(fn.Environment.Variables.TENANT_CONFIG).id).toBe('courbevoie');
    expect(synthesized.bundles['scheduled-jobs'].directory).toMatch(/scheduled-jobs$/);
    const roleId = stack.getLogicalId(stack.scheduledJobs.executionRole.node.defaultChild as CfnElement);
    const statements = Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
      .filter((policy) => asArray((policy.Properties as any).Roles).some((ref: any) => ref.Ref === roleId))
      .flatMap((policy) => (policy.Properties as any).PolicyDocument.Statement as PolicyStatement[]);
    const resources = JSON.stringify(statements.flatMap((statement) => asArray(statement.Resource)));
    expect(resources).toContain('/index/gsi1');
    expect(resources).not.toContain('/index/gsi2');
    // Its mail (digests, follow-ups) goes through the tenant's mail sender, not to SES directly.
    expect(statements.flatMap((statement) => asArray(statement.Action))).toEqual(
      expect.arrayContaining(['lambda:InvokeFunction', 'dynamodb:Query']),
    );
    expect(statements.flatMap((statement) => asArray(statement.Action))).not.toContain('ses:SendEmail');
    expect(statements.flatMap((statement) => asArray(statement.Action))).not.toContain('dynamodb:Scan');
  });
});

describe('the residents’ alert digests', () => {
  it('run daily at 18:00 in the tenant’s zone, invoking its scheduled-jobs function with {"job":"alerts"}', () => {
    const stack = stackOf('namur-samedi');
    const template = templateOf(synthesized, stack.stackName);
    const schedules = Object.values(resourcesOf(template, 'AWS::Scheduler::Schedule')).filter(
      (schedule) => JSON.parse((schedule.Properties as { Target: { Input: string } }).Target.Input).job === 'alerts',
    );
    expect(schedules).toHaveLength(1);
    const properties = schedules[0]!.Properties as Record<string, any>;
    expect(properties.ScheduleExpression).toBe('cron(0 18 * * ? *)');
    expect(properties.ScheduleExpressionTimezone).toBe('Europe/Brussels');
    const functionId = Stack.of(stack).getLogicalId(stack.scheduledJobs.node.defaultChild as CfnElement);
    expect(properties.Target.Arn).toEqual({ 'Fn::GetAtt': [functionId, 'Arn'] });
  });
});
