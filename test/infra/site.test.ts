import { join } from 'node:path';
import { loadTenantDirectory } from '@entraide/core';
import { Template } from 'aws-cdk-lib/assertions';
import { runInNewContext } from 'node:vm';
import { siteStackName, tenantStackName } from '../../infra/lib/app.js';
import { tenantApiDomainParameterName, tenantPathsFunctionCode } from '../../infra/lib/site-stack.js';
import { repoRoot, resourcesOf, synthesize, type Synthesized } from './synth.js';

// Two tenants: enough to see one API route per tenant, and cdk-nag runs on the whole synth.
const tenants = loadTenantDirectory(join(repoRoot, 'infra', 'tenants')).filter((tenant) => ['courbevoie', 'paris'].includes(tenant.id));
let synthesized: Synthesized;
let site: Template;
beforeAll(() => {
  synthesized = synthesize({ tenants, cloudFormationValidation: false, context: { 'entraide:tileUrl': 'https://tiles.example.org/{z}/{x}/{y}.png' } });
  site = Template.fromStack(synthesized.site);
});
afterAll(() => synthesized?.cleanUp());

const distributionConfig = () => Object.values(resourcesOf(site, 'AWS::CloudFront::Distribution'))[0]?.Properties?.DistributionConfig as any;

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
  expect(security.ContentSecurityPolicy.ContentSecurityPolicy).toMatch(/script-src 'self';/);
  expect(security.ContentSecurityPolicy.ContentSecurityPolicy).not.toContain('unsafe-inline');
  expect(security.ContentSecurityPolicy.ContentSecurityPolicy).toContain('img-src \'self\' data: https://tiles.example.org');
  expect(security.ContentSecurityPolicy.ContentSecurityPolicy).toContain('connect-src \'self\' https://api-adresse.data.gouv.fr');
  expect(security.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31536000);
  expect(security.FrameOptions.FrameOption).toBe('DENY');
  for (const behaviour of behaviours) expect(behaviour.ResponseHeadersPolicyId).toBeDefined();
});

test('each tenant’s /t/{id}/api/* goes to its own API, uncached, all methods, the domain read from the tenant’s parameter', () => {
  const config = distributionConfig();
  for (const tenant of tenants) {
    const behaviour = config.CacheBehaviors.find((candidate: any) => candidate.PathPattern === `/t/${tenant.id}/api/*`);
    expect(behaviour).toBeDefined();
    expect(behaviour.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS']));
    const origin = config.Origins.find((candidate: any) => candidate.Id === behaviour.TargetOriginId);
    expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    // A CloudFormation parameter resolved from SSM at deploy time: no cross-stack export.
    const parameterName = JSON.stringify(origin.DomainName);
    const parameters = site.toJSON().Parameters as Record<string, { Default?: string; Type: string }>;
    const parameter = Object.entries(parameters).find(([name]) => parameterName.includes(name));
    expect(parameter?.[1]).toEqual({ Type: 'AWS::SSM::Parameter::Value<String>', Default: tenantApiDomainParameterName(tenant.id) });
    const tenantTemplate = synthesized.templates.get(tenantStackName(tenant.id))!;
    tenantTemplate.hasResourceProperties('AWS::SSM::Parameter', { Name: tenantApiDomainParameterName(tenant.id) });
  }
  expect(JSON.stringify(site.toJSON())).not.toContain('Fn::ImportValue');
  expect(synthesized.site.dependencies.map((stack) => stack.stackName).sort()).toEqual(tenants.map((tenant) => tenantStackName(tenant.id)).sort());
  expect(synthesized.site.stackName).toBe(siteStackName);
});

test('the built site is uploaded with its tenant index, and /t/{id}/ pages map onto the one copy of the site', () => {
  site.resourceCountIs('Custom::CDKBucketDeployment', 1);
  const rewrite = (uri: string) => runInNewContext(`${tenantPathsFunctionCode}; handler({ request: { uri: ${JSON.stringify(uri)} } })`) as any;
  expect(rewrite('/t/courbevoie/').uri).toBe('/tenant.html');
  expect(rewrite('/t/courbevoie/annonce.html').uri).toBe('/annonce.html');
  expect(rewrite('/t/courbevoie').statusCode).toBe(301);
  expect(rewrite('/style.css').uri).toBe('/style.css');
});
