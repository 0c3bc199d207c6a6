import { loadTenantDirectory, parseTenantConfig } from '@entraide/core';
import { functionGroups } from '@entraide/functions';
import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { buildSync } from 'esbuild';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { siteStackName, tenantStackName } from '../../infra/lib/app.js';
import { backgroundFunctionGroups, sectionFunctionGroups, sharedFunctionGroups } from '../../infra/lib/background-functions.js';
import { tenantApisFunctionCode, tenantPathsFunctionCode, tenantRoutesFunctionName } from '../../infra/lib/site-stack.js';
import { asArray, repoRoot, resourcesOf, synthesize, templateOf, type PolicyStatement, type Synthesized } from './synth.js';

/**
 * The app in a configuration of the tests' own, synthesized once here (cdk-nag included: an
 * unacknowledged finding throws) for what the demo tenants' app does not show: the site stack with
 * a tile server, a tenant whose staff digest goes out on Saturdays in Brussels, and cdk-nag's
 * acknowledgments. Neither reads the functions' code: stand-in bundles, whose esbuild runs are
 * counted (the real bundles: the run's synth, tenant-stacks.test.ts and determinism.test.ts).
 * One synth for the three: each costs seconds of CPU, loading aws-cdk-lib included.
 */
jest.mock('esbuild', () => jest.requireActual('./stand-in-bundles').withStandInBundles(jest.requireActual('esbuild')));

const demoTenants = loadTenantDirectory(join(repoRoot, 'infra', 'tenants'));
const demoTenant = (id: string) => {
  const found = demoTenants.find((tenant) => tenant.id === id);
  if (!found) throw new Error(`no demo tenant ${id}`);
  return found;
};
const courbevoie = demoTenant('courbevoie');
/** A gallery tenant: its functions' grants on the gallery bucket's prefixes are acknowledged by cdk-nag. */
const galleryTenant = demoTenant('bourg-la-reine');
/** A tenant that chose its own digest time, days and zone (the others keep the defaults). */
const saturday = parseTenantConfig(
  { ...courbevoie, id: 'namur-samedi', digest: { time: '18:30', days: ['SAT'], timeZone: 'Europe/Brussels' } },
  'test',
);
const tenants = [courbevoie, galleryTenant, saturday];

let synthesized: Synthesized;
let site: Template;
beforeAll(() => {
  synthesized = synthesize({
    tenants,
    cloudFormationValidation: false,
    context: { 'entraide:tileUrl': 'https://tiles.example.org/{z}/{x}/{y}.png' },
  });
  site = Template.fromStack(synthesized.site);
});
afterAll(() => synthesized?.cleanUp());

const stackOf = (tenantId: string) => synthesized.tenantStacks.find((stack) => stack.stackName === tenantStackName(tenantId))!;

describe('the site stack', () => {
  const distributionConfig = () =>
    Object.values(resourcesOf(site, 'AWS::CloudFront::Distribution'))[0]?.Properties?.DistributionConfig as any;

  test('the site bucket is private: all public access blocked, TLS only, read by CloudFront through origin access control', () => {
    site.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    site.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const policy = JSON.stringify(Object.values(resourcesOf(site, 'AWS::S3::BucketPolicy'))[0]?.Properties);
    expect(policy).toContain('cloudfront.amazonaws.com');
    expect(policy).toContain('aws:SecureTransport');
    const s3Origin = distributionConfig().Origins.find((origin: any) => origin.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId).toBeDefined();
  });

  test('every behaviour is HTTPS only, with the security headers and a strict CSP naming the tile server', () => {
    const config = distributionConfig();
    const behaviours = [config.DefaultCacheBehavior, ...config.CacheBehaviors];
    for (const behaviour of behaviours) expect(['redirect-to-https', 'https-only']).toContain(behaviour.ViewerProtocolPolicy);
    const headers = Object.values(resourcesOf(site, 'AWS::CloudFront::ResponseHeadersPolicy'))[0]?.Properties as any;
    const security = headers.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    // The gallery bucket's domain (a deploy-time value, gallery.test.ts) written as <bucket>.
    const csp = (security.ContentSecurityPolicy.ContentSecurityPolicy['Fn::Join'][1] as unknown[])
      .map((part) => (typeof part === 'string' ? part : '<bucket>'))
      .join('');
    expect(csp).toMatch(/script-src 'self';/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("img-src 'self' data: https://tiles.example.org;");
    expect(csp).toContain("connect-src 'self' https://api-adresse.data.gouv.fr https://<bucket>;");
    expect(security.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31536000);
    expect(security.FrameOptions.FrameOption).toBe('DENY');
    for (const behaviour of behaviours) expect(behaviour.ResponseHeadersPolicyId).toBeDefined();
  });

  test('one behaviour sends /t/{id}/api/* to tenant {id}’s API, uncached, all methods, each domain a key the tenant stack writes', () => {
    const config = distributionConfig();
    // One behaviour whatever the number of tenants: CloudFront's quota is 25 behaviours and 25 origins.
    const apiBehaviours = config.CacheBehaviors.filter((candidate: any) => String(candidate.PathPattern).includes('/api/'));
    expect(apiBehaviours.map((behaviour: any) => behaviour.PathPattern)).toEqual(['/t/*/api/*']);
    const [behaviour] = apiBehaviours;
    expect(behaviour.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS']));
    expect(behaviour.ViewerProtocolPolicy).toBe('https-only');
    const origin = config.Origins.find((candidate: any) => candidate.Id === behaviour.TargetOriginId);
    expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    // The function reads the tenant's domain from the KeyValueStore associated with it.
    const functions = Object.values(resourcesOf(site, 'AWS::CloudFront::Function')) as any[];
    const apiFunction = functions.find((candidate) => JSON.stringify(candidate.Properties.FunctionCode).includes('updateRequestOrigin'));
    expect(apiFunction.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    const [storeId] = Object.keys(resourcesOf(site, 'AWS::CloudFront::KeyValueStore'));
    expect(apiFunction.Properties.FunctionConfig.KeyValueStoreAssociations).toEqual([
      { KeyValueStoreARN: { 'Fn::GetAtt': [storeId, 'Arn'] } },
    ]);
    expect(JSON.stringify(apiFunction.Properties.FunctionCode)).toContain(`{"Fn::GetAtt":["${storeId}","Id"]}`);
    expect(behaviour.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: expect.anything() }]);
    // The provider, by name, may only describe the store and put and delete its keys.
    const provider = Object.values(resourcesOf(site, 'AWS::Lambda::Function')).find(
      (candidate) => candidate.Properties?.FunctionName === tenantRoutesFunctionName,
    );
    expect((provider?.Properties?.Environment as any).Variables.KVS_ARN).toEqual({ 'Fn::GetAtt': [storeId, 'Arn'] });
    const statements = Object.values(resourcesOf(site, 'AWS::IAM::Policy')).flatMap(
      (policy) => (policy.Properties as any).PolicyDocument.Statement,
    );
    const kvsStatements = statements.filter((statement: any) => JSON.stringify(statement.Action).includes('cloudfront-keyvaluestore'));
    expect(kvsStatements).toEqual([
      {
        Effect: 'Allow',
        Action: ['cloudfront-keyvaluestore:DeleteKey', 'cloudfront-keyvaluestore:DescribeKeyValueStore', 'cloudfront-keyvaluestore:PutKey'],
        Resource: { 'Fn::GetAtt': [storeId, 'Arn'] },
      },
    ]);
    // Each tenant stack writes its key through the provider: no parameter, no export, the site first.
    for (const tenant of tenants) {
      const tenantTemplate = synthesized.templates.get(tenantStackName(tenant.id))!;
      const [route] = Object.values(resourcesOf(tenantTemplate, 'Custom::TenantApiRoute'));
      expect(route?.Properties).toEqual({
        ServiceToken: { 'Fn::Join': ['', expect.arrayContaining([`:function:${tenantRoutesFunctionName}`])] },
        TenantId: tenant.id,
        ApiDomain: { 'Fn::Join': ['', [expect.objectContaining({ Ref: expect.any(String) }), '.execute-api.eu-west-3.amazonaws.com']] },
      });
      expect(synthesized.tenantStacks.find((stack) => stack.stackName === tenantStackName(tenant.id))!.dependencies).toContain(
        synthesized.site,
      );
    }
    const parameters = Object.values((site.toJSON().Parameters ?? {}) as Record<string, { Type: string }>);
    // Only the CDK's bootstrap version: no parameter per tenant (a template holds 200 at most).
    expect(parameters).toHaveLength(1);
    expect(JSON.stringify(site.toJSON())).not.toContain('Fn::ImportValue');
    expect(synthesized.site.dependencies).toEqual([]);
    expect(synthesized.site.stackName).toBe(siteStackName);
  });

  test('the distribution answers on the settings’ domain with its certificate and TLS 1.2 at least, and outputs the DNS record', () => {
    const config = distributionConfig();
    expect(config.Aliases).toEqual(['entraide.example']);
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    expect(JSON.stringify(site.findOutputs('DnsRecord'))).toContain('entraide.example CNAME ');
  });

  test('CloudFront sends every tenant API the origin secret, by a deploy-time reference, never written in the template', () => {
    const config = distributionConfig();
    const [behaviour] = config.CacheBehaviors.filter((candidate: any) => String(candidate.PathPattern).includes('/api/'));
    const origin = config.Origins.find((candidate: any) => candidate.Id === behaviour.TargetOriginId);
    expect(origin.OriginCustomHeaders).toEqual([
      { HeaderName: 'x-entraide-origin', HeaderValue: '{{resolve:secretsmanager:entraide/origin-secret:SecretString:::}}' },
    ]);
    // The platform generates it; every HTTP function of a tenant checks it, the others do not take it.
    const platform = synthesized.templates.get('Entraide-platform')!;
    platform.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'entraide/origin-secret',
      GenerateSecretString: Match.anyValue(),
    });
    for (const tenant of tenants) {
      const functions = Object.values(resourcesOf(synthesized.templates.get(tenantStackName(tenant.id))!, 'AWS::Lambda::Function'));
      const withSecret = functions.filter((fn) => (fn.Properties?.Environment as any).Variables.ORIGIN_SECRET);
      expect(withSecret.map((fn) => String(fn.Properties?.Description).split(':')[0]).sort()).toEqual(['Public API', 'Staff API']);
      for (const fn of withSecret) {
        expect((fn.Properties?.Environment as any).Variables.ORIGIN_SECRET).toBe(
          '{{resolve:secretsmanager:entraide/origin-secret:SecretString:::}}',
        );
      }
    }
  });

  test('the API routing function sends each tenant to its own domain, and an unknown tenant or path to a 404', async () => {
    const code = tenantApisFunctionCode('kvs-id-1');
    const [importLine, kvsLine, ...rest] = code.split('\n');
    expect(importLine).toBe("import cf from 'cloudfront';");
    expect(kvsLine).toBe("var apis = cf.kvs('kvs-id-1');");
    // The KeyValueStore as CloudFront Functions give it: get() rejects for a missing key.
    const keys = new Map([
      ['courbevoie', 'a1.execute-api.eu-west-3.amazonaws.com'],
      ['paris', 'b2.execute-api.eu-west-3.amazonaws.com'],
    ]);
    const apis = { get: async (key: string) => (keys.has(key) ? keys.get(key) : Promise.reject(new Error('Key not found'))) };
    const route = async (uri: string) => {
      const origins: unknown[] = [];
      const event = {
        viewer: { ip: '203.0.113.10' },
        request: { uri, headers: { 'x-entraide-viewer-address': { value: '198.51.100.1' } } },
      };
      const result = (await runInNewContext(`${rest.join('\n')}; handler(${JSON.stringify(event)})`, {
        apis,
        cf: { updateRequestOrigin: (origin: unknown) => origins.push(origin) },
      })) as any;
      return { result, origins };
    };
    expect((await route('/t/paris/api/posts')).origins).toEqual([{ domainName: 'b2.execute-api.eu-west-3.amazonaws.com' }]);
    expect((await route('/t/courbevoie/api/posts/x1/contact')).origins).toEqual([{ domainName: 'a1.execute-api.eu-west-3.amazonaws.com' }]);
    expect((await route('/t/paris/api/posts')).result.uri).toBe('/t/paris/api/posts');
    // The resident's address as CloudFront saw it, over whatever the viewer sent in that header.
    expect((await route('/t/paris/api/posts')).result.headers).toEqual({ 'x-entraide-viewer-address': { value: '203.0.113.10' } });
    for (const uri of ['/t/lyon/api/posts', '/t/constructor/api/x', '/t/toString/api/x', '/t/paris/apix']) {
      const { result, origins } = await route(uri);
      expect(origins).toEqual([]);
      expect(result.statusCode).toBe(404);
      expect(JSON.parse(result.body.data).error.code).toBe('unknown_tenant');
    }
    // The code does not grow with the tenants: well under CloudFront Functions' 10 KB.
    expect(Buffer.byteLength(code)).toBeLessThan(2048);
  });

  test('the built site is uploaded with its tenant index, and /t/{id}/ pages map onto the one copy of the site', () => {
    site.resourceCountIs('Custom::CDKBucketDeployment', 1);
    const rewrite = (uri: string) =>
      runInNewContext(`${tenantPathsFunctionCode}; handler({ request: { uri: ${JSON.stringify(uri)} } })`) as any;
    expect(rewrite('/t/courbevoie/').uri).toBe('/tenant.html');
    expect(rewrite('/t/courbevoie/annonce.html').uri).toBe('/annonce.html');
    expect(rewrite('/t/courbevoie').statusCode).toBe(301);
    expect(rewrite('/style.css').uri).toBe('/style.css');
  });
});

describe('the schedules', () => {
  test('bundles each function group once per synth, whatever the number of tenants, and builds the site once', () => {
    expect(synthesized.tenantStacks).toHaveLength(tenants.length);
    const groupCount = functionGroups.length + backgroundFunctionGroups.length + sharedFunctionGroups.length + sectionFunctionGroups.length;
    const handlerBuilds = jest
      .mocked(buildSync)
      .mock.calls.filter(([options]) => JSON.stringify(options.entryPoints).includes('handler.ts'));
    expect(handlerBuilds).toHaveLength(groupCount);
    // The other esbuild run builds the site.
    expect(jest.mocked(buildSync)).toHaveBeenCalledTimes(groupCount + 1);
  });

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
});

// Last: its second test adds a finding to the app and synthesizes it again.
describe('cdk-nag', () => {
  /** Every `Validations.of(x).acknowledge()` in the app: rule id → reasons. */
  function acknowledgments(): Map<string, Set<string>> {
    const found = new Map<string, Set<string>>();
    for (const construct of synthesized.app.node.findAll()) {
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
    // (In any order: sorted as the found ones are.)
    expect([...found.keys()].map((rule) => rule.replace(/^annotation::/i, '')).sort()).toEqual(
      [
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
        // A gallery tenant's functions (gallery.ts; Bourg-la-Reine has a gallery): its own two prefixes of the gallery bucket.
        `AwsSolutions-IAM5[Resource::arn:aws:s3:::entraide-gallery-<AWS::AccountId>-eu-west-3/gallery/${galleryTenant.id}/*]`,
        `AwsSolutions-IAM5[Resource::arn:aws:s3:::entraide-gallery-<AWS::AccountId>-eu-west-3/uploads/${galleryTenant.id}/*]`,
        // Each tenant's inbound function (mail-relay.ts): its own prefix of the platform's inbound bucket.
        ...tenants.map(
          (tenant) => `AwsSolutions-IAM5[Resource::arn:aws:s3:::entraide-inbound-<AWS::AccountId>-eu-west-3/tenants/${tenant.id}/*]`,
        ),
        'AwsSolutions-L1',
        'AwsSolutions-S1',
        // The origin secret (platform-stack.ts): rotating it means redeploying the site and the tenants.
        'AwsSolutions-SMG4',
        // The alarms' topic (platform-alarms.ts): alarm names and values, no personal data, no customer key.
        'AwsSolutions-SNS2',
        // The platform's dead-letter queue, every tenant sender's on-failure destination, has no dead-letter queue of its own.
        'AwsSolutions-SQS3',
      ].sort(),
    );
    for (const reasons of found.values()) {
      // One reason per kind of resource (e.g. AwsSolutions-L1: the house functions, and the CDK's deploy-time function).
      expect(reasons.size).toBeGreaterThanOrEqual(1);
      for (const reason of reasons) expect(reason.length).toBeGreaterThan(80);
    }
  });

  test('an unacknowledged cdk-nag finding makes the synth fail, naming the rule and the resource', () => {
    const [stack] = synthesized.tenantStacks;
    if (!stack) throw new Error('no tenant stack');
    // What a careless change would do: a wildcard grant on the tenant's function.
    stack.functions['public-api'].addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: ['*'] }));
    let failure: unknown;
    try {
      // Synthesized once already (beforeAll): forced, as a `cdk synth` after the change would be.
      synthesized.app.synth({ force: true });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(Error);
    const message = failure instanceof Error ? failure.message : '';
    expect(message).toMatch(/AwsSolutions-IAM5\[Resource::\*\]/);
    expect(message).toContain(`${stack.stackName}/PublicApiRole/DefaultPolicy`);
  });
});
