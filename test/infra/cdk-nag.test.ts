import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTenantDirectory } from '@entraide/core';
import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { buildApp, type BuiltApp } from '../../infra/lib/app.js';
import { repoRoot } from './synth.js';

// cdk-nag reads the resources, not the functions' code: stand-in bundles (the real ones: tenant-stacks.test.ts).
jest.mock('esbuild', () => jest.requireActual('./stand-in-bundles').withStandInBundles(jest.requireActual('esbuild')));

// One tenant is enough here: the full app's synth, with cdk-nag, is in tenant-stacks.test.ts.
const [tenant] = loadTenantDirectory(join(repoRoot, 'infra', 'tenants'));
let scratch: string;
let built: BuiltApp;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'entraide-nag-test-'));
  built = buildApp({
    repoRoot,
    exampleSettings: true,
    tenants: tenant ? [tenant] : [],
    outdir: join(scratch, 'cdk.out'),
    bundleDir: join(scratch, 'bundles'),
    cloudFormationValidation: false,
  });
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every `Validations.of(x).acknowledge()` in the app: rule id → reasons. */
function acknowledgments(): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const construct of built.app.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [rule, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.set(rule, (found.get(rule) ?? new Set()).add(reason));
      }
    }
  }
  return found;
}

test('only the reviewed cdk-nag rules are acknowledged, each with a written reason', () => {
  const found = acknowledgments();
  // A new acknowledgment must be reviewed and added here: it is an exception to the security baseline.
  expect([...found.keys()].map((rule) => rule.replace(/^annotation::/i, '')).sort()).toEqual([
    'AwsSolutions-APIG4',
    // The site stack (site-stack.ts): CloudFront without geo restriction, WAF or standard logs,
    // a bucket without access logs.
    'AwsSolutions-CFR1',
    'AwsSolutions-CFR2',
    'AwsSolutions-CFR3',
    // The CDK-provided bucket deployment function (deploy time only), each wildcard named.
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'AwsSolutions-IAM5[Action::s3:Abort*]',
    'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
    'AwsSolutions-IAM5[Action::s3:GetBucket*]',
    'AwsSolutions-IAM5[Action::s3:GetObject*]',
    'AwsSolutions-IAM5[Action::s3:List*]',
    'AwsSolutions-IAM5[Resource::*]',
    // The platform's mail dispatcher (mail-relay.ts): SES's raw mails under inbound/, the tenants'
    // copies under tenants/, the tenants' two functions by name.
    'AwsSolutions-IAM5[Resource::<MailRelayInboundMailE3399FCC.Arn>/inbound/*]',
    'AwsSolutions-IAM5[Resource::<MailRelayInboundMailE3399FCC.Arn>/tenants/*/*]',
    // The digest schedule's role (digest-schedule.ts): invoke its one function's versions.
    'AwsSolutions-IAM5[Resource::<ScheduledJobsF52D479A.Arn>:*]',
    'AwsSolutions-IAM5[Resource::<SiteBucket397A1860.Arn>/*]',
    // The example settings' region, eu-west-3.
    'AwsSolutions-IAM5[Resource::arn:aws:lambda:eu-west-3:<AWS::AccountId>:function:entraide-*-inbound-mail]',
    'AwsSolutions-IAM5[Resource::arn:aws:lambda:eu-west-3:<AWS::AccountId>:function:entraide-*-mail-events]',
    'AwsSolutions-IAM5[Resource::arn:aws:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-eu-west-3/*]',
    // A gallery tenant's functions (gallery.ts; this tenant has a gallery): its own two prefixes of the gallery bucket.
    `AwsSolutions-IAM5[Resource::arn:aws:s3:::entraide-gallery-<AWS::AccountId>-eu-west-3/gallery/${tenant!.id}/*]`,
    `AwsSolutions-IAM5[Resource::arn:aws:s3:::entraide-gallery-<AWS::AccountId>-eu-west-3/uploads/${tenant!.id}/*]`,
    // Each tenant's inbound function (mail-relay.ts): its own prefix of the platform's inbound bucket.
    `AwsSolutions-IAM5[Resource::arn:aws:s3:::entraide-inbound-<AWS::AccountId>-eu-west-3/tenants/${tenant!.id}/*]`,
    'AwsSolutions-L1',
    'AwsSolutions-S1',
    // The origin secret (platform-stack.ts): rotating it means redeploying the site and the tenants.
    'AwsSolutions-SMG4',
    // The alarms' topic (platform-alarms.ts): alarm names and values, no personal data, no customer key.
    'AwsSolutions-SNS2',
    // The platform's dead-letter queue, every tenant sender's on-failure destination, has no dead-letter queue of its own.
    'AwsSolutions-SQS3',
  ]);
  for (const reasons of found.values()) {
    // One reason per kind of resource (e.g. AwsSolutions-L1: the house functions, and the CDK's deploy-time function).
    expect(reasons.size).toBeGreaterThanOrEqual(1);
    for (const reason of reasons) expect(reason.length).toBeGreaterThan(80);
  }
});

test('an unacknowledged cdk-nag finding makes the synth fail, naming the rule and the resource', () => {
  const [stack] = built.tenantStacks;
  if (!stack) throw new Error('no tenant stack');
  // What a careless change would do: a wildcard grant on the tenant's function.
  stack.functions['public-api'].addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: ['*'] }));
  let failure: unknown;
  try {
    built.app.synth();
  } catch (error) {
    failure = error;
  }
  expect(failure).toBeInstanceOf(Error);
  const message = failure instanceof Error ? failure.message : '';
  expect(message).toMatch(/AwsSolutions-IAM5\[Resource::\*\]/);
  expect(message).toContain(`${stack.stackName}/PublicApiRole/DefaultPolicy`);
});
