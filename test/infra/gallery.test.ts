import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { loadTenantDirectory } from '@entraide/core';
import { siteStackName, tenantStackName } from '../../infra/lib/app.js';
import { asArray, repoRoot, resourcesOf, synthesizedApp, templateOf, type CfnResource, type SynthesizedApp } from './synth.js';

// The gallery's infrastructure, read from the run's one synth (cdk-nag included): the shared
// bucket and its CloudFront behaviour in the site stack, each gallery tenant's processing function
// and grants in its own stack (decision 0021).
const tenants = loadTenantDirectory(join(repoRoot, 'infra', 'tenants'));
const galleryTenants = tenants.filter((tenant) => tenant.sections.some((section) => section.type === 'gallery'));
const otherTenants = tenants.filter((tenant) => !galleryTenants.includes(tenant));

let synthesized: SynthesizedApp;
beforeAll(async () => {
  synthesized = await synthesizedApp();
}, 240_000);
afterAll(() => synthesized?.cleanUp());

const site = () => templateOf(synthesized, siteStackName);
const galleryBucketId = () => synthesized.logicalId(siteStackName, 'Gallery/Bucket/Resource');
const bucketArn = () => ({ 'Fn::GetAtt': [galleryBucketId(), 'Arn'] });
/** `arn:aws:s3:::entraide-gallery-<account>-<region>/<prefix>*` as the template writes it. */
const objectsArn = (prefix: string) => ({
  'Fn::Join': ['', ['arn:aws:s3:::entraide-gallery-', { Ref: 'AWS::AccountId' }, `-eu-west-3/${prefix}*`]],
});
const statementsOfRole = (template: ReturnType<typeof site>, roleId: string) =>
  Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((policy) => (policy.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement)
    .map((statement) => ({ ...statement, Action: asArray(statement.Action as string | string[]).sort() }));
const outsideLogsAndTable = (statements: { Action: string[] }[]) =>
  statements.filter((statement) => !statement.Action.every((action) => /^(logs|dynamodb|sqs):/.test(action)));

describe('the gallery bucket (site stack)', () => {
  test('is private, encrypted, TLS only, without ACLs or versions, and kept when its stack is deleted', () => {
    const bucket = resourcesOf(site(), 'AWS::S3::Bucket')[galleryBucketId()] as CfnResource;
    expect(bucket.Properties).toMatchObject({
      BucketName: { 'Fn::Join': ['', ['entraide-gallery-', { Ref: 'AWS::AccountId' }, '-eu-west-3']] },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    // A deleted drawing must leave no noncurrent version behind.
    expect(bucket.Properties?.VersioningConfiguration).toBeUndefined();
    expect(bucket.DeletionPolicy).toBe('Retain');
    const policy = Object.values(resourcesOf(site(), 'AWS::S3::BucketPolicy')).find(
      (candidate) => JSON.stringify(candidate.Properties?.Bucket) === JSON.stringify({ Ref: galleryBucketId() }),
    );
    expect((policy?.Properties?.PolicyDocument as { Statement: unknown[] }).Statement).toContainEqual({
      Action: 's3:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Resource: [bucketArn(), { 'Fn::Join': ['', [bucketArn(), '/*']] }],
    });
  });

  test('removes an upload nothing processed after a day, and incomplete multipart uploads; takes PUTs from the site only', () => {
    const bucket = resourcesOf(site(), 'AWS::S3::Bucket')[galleryBucketId()] as CfnResource;
    expect(bucket.Properties?.LifecycleConfiguration).toEqual({
      Rules: [
        { Id: 'unprocessed-uploads', Prefix: 'uploads/', ExpirationInDays: 1, Status: 'Enabled' },
        { Id: 'incomplete-multipart-uploads', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' },
      ],
    });
    expect(bucket.Properties?.CorsConfiguration).toEqual({
      CorsRules: [
        {
          AllowedOrigins: ['https://entraide.example'],
          AllowedMethods: ['PUT'],
          AllowedHeaders: ['content-type', 'if-none-match'],
          MaxAge: 600,
        },
      ],
    });
  });

  test('is read by CloudFront alone, through origin access control, at /gallery/* and for gallery/ keys only', () => {
    const config = Object.values(resourcesOf(site(), 'AWS::CloudFront::Distribution'))[0]?.Properties?.DistributionConfig as any;
    const behaviour = config.CacheBehaviors.find((candidate: any) => candidate.PathPattern === '/gallery/*');
    expect(behaviour).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] });
    expect(behaviour.ResponseHeadersPolicyId).toEqual(config.DefaultCacheBehavior.ResponseHeadersPolicyId);
    const origin = config.Origins.find((candidate: any) => candidate.Id === behaviour.TargetOriginId);
    expect(origin.DomainName).toEqual({ 'Fn::GetAtt': [galleryBucketId(), 'RegionalDomainName'] });
    expect(origin.OriginAccessControlId).toBeDefined();
    // A deleted drawing leaves the edges within the hour.
    const cachePolicy = resourcesOf(site(), 'AWS::CloudFront::CachePolicy')[behaviour.CachePolicyId.Ref] as CfnResource;
    expect((cachePolicy.Properties?.CachePolicyConfig as { MaxTTL: number }).MaxTTL).toBeLessThanOrEqual(3600);

    const policy = Object.values(resourcesOf(site(), 'AWS::S3::BucketPolicy')).find(
      (candidate) => JSON.stringify(candidate.Properties?.Bucket) === JSON.stringify({ Ref: galleryBucketId() }),
    );
    const statements = (policy?.Properties?.PolicyDocument as { Statement: Record<string, any>[] }).Statement;
    const forCloudFront = statements.filter((statement) => statement.Principal?.Service === 'cloudfront.amazonaws.com');
    expect(forCloudFront).toHaveLength(2);
    const allow = forCloudFront.find((statement) => statement.Effect === 'Allow')!;
    expect(allow.Action).toBe('s3:GetObject');
    // This distribution only.
    expect(JSON.stringify(allow.Condition.StringEquals['AWS:SourceArn'])).toContain(
      synthesized.logicalId(siteStackName, 'Distribution/Resource'),
    );
    // An upload is never served, whatever the path asked.
    expect(forCloudFront.find((statement) => statement.Effect === 'Deny')).toMatchObject({
      Action: 's3:GetObject',
      NotResource: { 'Fn::Join': ['', [bucketArn(), '/gallery/*']] },
    });
  });

  test('the CSP lets the pages upload to the bucket, and still takes images from the site’s own origin only', () => {
    const headers = Object.values(resourcesOf(site(), 'AWS::CloudFront::ResponseHeadersPolicy'))[0]?.Properties as any;
    const csp = headers.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;
    const [before, regionalDomain, after] = csp['Fn::Join'][1];
    expect(regionalDomain).toEqual({ 'Fn::GetAtt': [galleryBucketId(), 'RegionalDomainName'] });
    expect(before).toMatch(/img-src 'self' data:; connect-src 'self' (\S+ )?https:\/\/$/);
    expect(after).toMatch(/^; frame-ancestors 'none';/);
  });
});

describe('each gallery tenant', () => {
  test('has a processing function (arm64, 2 GB) that reaches only its own two prefixes of the bucket, and no table', () => {
    expect(galleryTenants.map((tenant) => tenant.id)).toContain('bourg-la-reine');
    for (const tenant of galleryTenants) {
      const stackName = tenantStackName(tenant.id);
      const template = templateOf(synthesized, stackName);
      const fnId = synthesized.logicalId(stackName, 'GalleryProcessing/Resource');
      const fn = resourcesOf(template, 'AWS::Lambda::Function')[fnId] as CfnResource;
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], MemorySize: 2048, Timeout: 20 });
      expect((fn.Properties?.Environment as { Variables: unknown }).Variables).toEqual({
        TENANT_ID: tenant.id,
        GALLERY_BUCKET: { 'Fn::Join': ['', ['entraide-gallery-', { Ref: 'AWS::AccountId' }, '-eu-west-3']] },
      });
      const roleId = synthesized.logicalId(stackName, 'GalleryProcessingRole/Resource');
      expect(outsideLogsAndTable(statementsOfRole(template, roleId))).toEqual([
        {
          Effect: 'Allow',
          Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
          Resource: [objectsArn(`gallery/${tenant.id}/`), objectsArn(`uploads/${tenant.id}/`)],
        },
        {
          Effect: 'Allow',
          Action: ['s3:ListBucket'],
          Resource: { 'Fn::Join': ['', ['arn:aws:s3:::entraide-gallery-', { Ref: 'AWS::AccountId' }, '-eu-west-3']] },
          Condition: { StringLike: { 's3:prefix': [`uploads/${tenant.id}/*`, `gallery/${tenant.id}/*`] } },
        },
      ]);
      expect(
        statementsOfRole(template, roleId).filter((statement) => statement.Action.some((action) => /^(dynamodb|sqs):/.test(action))),
      ).toEqual([]);
    }
  });

  test('its public API presigns PUTs to its uploads only, invokes its processing, deletes its own objects; staff delete only', () => {
    for (const tenant of galleryTenants) {
      const stackName = tenantStackName(tenant.id);
      const template = templateOf(synthesized, stackName);
      const deletes = {
        Effect: 'Allow',
        Action: ['s3:DeleteObject'],
        Resource: [objectsArn(`gallery/${tenant.id}/`), objectsArn(`uploads/${tenant.id}/`)],
      };
      const publicApi = outsideLogsAndTable(statementsOfRole(template, synthesized.logicalId(stackName, 'PublicApiRole/Resource')));
      expect(publicApi).toHaveLength(3);
      expect(publicApi).toEqual(
        expect.arrayContaining([
          { Effect: 'Allow', Action: ['s3:PutObject'], Resource: objectsArn(`uploads/${tenant.id}/`) },
          deletes,
          {
            Effect: 'Allow',
            Action: ['lambda:InvokeFunction'],
            // Its processing, and the tenant's mail sender (every function that mails invokes it: mail-relay.test.ts).
            Resource: [
              { 'Fn::GetAtt': [synthesized.logicalId(stackName, 'GalleryProcessing/Resource'), 'Arn'] },
              { 'Fn::GetAtt': [synthesized.logicalId(stackName, 'MailRelay/MailSender/Resource'), 'Arn'] },
            ],
          },
        ]),
      );
      expect(outsideLogsAndTable(statementsOfRole(template, synthesized.logicalId(stackName, 'StaffApiRole/Resource')))).toEqual([
        {
          Effect: 'Allow',
          Action: ['lambda:InvokeFunction'],
          Resource: { 'Fn::GetAtt': [synthesized.logicalId(stackName, 'MailRelay/MailSender/Resource'), 'Arn'] },
        },
        deletes,
      ]);
      const variables = (group: string) =>
        (
          (resourcesOf(template, 'AWS::Lambda::Function')[synthesized.logicalId(stackName, `${group}/Resource`)] as CfnResource).Properties
            ?.Environment as { Variables: Record<string, unknown> }
        ).Variables;
      // The bucket's name in both HTTP functions: a deployed POST /drawings no longer fails for want of it.
      expect(variables('PublicApi').GALLERY_BUCKET).toEqual(variables('GalleryProcessing').GALLERY_BUCKET);
      expect(variables('StaffApi').GALLERY_BUCKET).toEqual(variables('GalleryProcessing').GALLERY_BUCKET);
      expect(variables('PublicApi').GALLERY_PROCESSOR_FUNCTION).toEqual({
        Ref: synthesized.logicalId(stackName, 'GalleryProcessing/Resource'),
      });
    }
  });
});

test('a tenant without a gallery section has no processing function and no right on the gallery bucket', () => {
  expect(otherTenants.length).toBeGreaterThan(0);
  for (const tenant of otherTenants) {
    const template = templateOf(synthesized, tenantStackName(tenant.id));
    expect(JSON.stringify(template.toJSON())).not.toContain('entraide-gallery-');
    expect(
      Object.values(resourcesOf(template, 'AWS::Lambda::Function')).map((fn) => String(fn.Properties?.Description)),
    ).not.toContainEqual(expect.stringMatching(/^Gallery processing/));
  }
});

test('the processing asset carries sharp for Lambda’s linux-arm64, loaded beside the bundle, not this machine’s binaries', () => {
  const bundle = synthesized.bundles['gallery-processing'];
  const modules = join(bundle.directory, 'node_modules');
  expect(readdirSync(join(modules, '@img')).sort()).toEqual(['colour', 'sharp-libvips-linux-arm64', 'sharp-linux-arm64']);
  const addon = readdirSync(join(modules, '@img', 'sharp-linux-arm64', 'lib')).find((name) => name.endsWith('.node'))!;
  // ELF's e_machine at byte 18: 183 is AArch64 (x86-64 would be 62).
  const header = Buffer.alloc(20);
  const fd = openSync(join(modules, '@img', 'sharp-linux-arm64', 'lib', addon), 'r');
  readSync(fd, header, 0, 20, 0);
  closeSync(fd);
  expect([header.subarray(1, 4).toString(), header.readUInt16LE(18)]).toEqual(['ELF', 183]);
  // sharp is imported from there, not bundled, and only by the chunk loaded on the first drawing:
  // the function's init does not load libvips.
  const chunks = readdirSync(join(bundle.directory, 'chunks'));
  const importers = chunks.filter((name) => /from"sharp"/.test(readFileSync(join(bundle.directory, 'chunks', name), 'utf8')));
  expect(importers).toEqual([expect.stringMatching(/^sharp-image-processor-.*\.mjs$/)]);
  const index = readFileSync(join(bundle.directory, 'index.mjs'), 'utf8');
  expect(index).not.toMatch(/from"sharp"/);
  expect(index).toContain(`import("./chunks/${importers[0]}")`);
});
