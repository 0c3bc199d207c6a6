import { join } from 'node:path';
import { loadTenantDirectory } from '@entraide/core';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { runInNewContext } from 'node:vm';
import { siteStackName, tenantStackName } from '../../infra/lib/app.js';
import { tenantApisFunctionCode, tenantPathsFunctionCode, tenantRoutesFunctionName } from '../../infra/lib/site-stack.js';
import { repoRoot, resourcesOf, synthesize, type Synthesized } from './synth.js';

// The site stack does not read the functions' code: stand-in bundles (the real ones: tenant-stacks.test.ts).
jest.mock('esbuild', () => jest.requireActual('./stand-in-bundles').withStandInBundles(jest.requireActual('esbuild')));

// Two tenants: enough to see one API route per tenant, and cdk-nag runs on the whole synth.
const tenants = loadTenantDirectory(join(repoRoot, 'infra', 'tenants')).filter((tenant) => ['courbevoie', 'paris'].includes(tenant.id));
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

const distributionConfig = () =>
  Object.values(resourcesOf(site, 'AWS::CloudFront::Distribution'))[0]?.Properties?.DistributionConfig as any;

test('the site bucket is private: all public access blocked, TLS only, read by CloudFront through origin access control', () => {
  site.hasResourceProperties('AWS::S3::Bucket', {
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
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
    const event = { viewer: { ip: '203.0.113.10' }, request: { uri, headers: { 'x-entraide-viewer-address': { value: '198.51.100.1' } } } };
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
