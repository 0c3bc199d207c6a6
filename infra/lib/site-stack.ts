import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TenantConfig } from '@entraide/core';
import { apiPrefix, originProofHeader, viewerAddressHeader } from '@entraide/functions';
import { CfnOutput, Duration, RemovalPolicy, Stack, Token, Validations, type StackProps } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { FunctionBundle } from './bundling.js';
import { GalleryBucket, galleryPathPattern } from './gallery.js';
import { HouseFunction } from './house-function.js';
import { originSecretValue } from './platform-stack.js';
import { banGeocoderOrigin, contentSecurityPolicy } from '../../packages/site/build/security-headers.js';

/**
 * The site stack's provider of tenant routes (functions/tenant-routes), by name: each tenant stack's
 * custom resource calls it to write its key in the routing KeyValueStore, with no cross-stack export.
 */
export const tenantRoutesFunctionName = 'entraide-tenant-routes';

export interface SiteStackProps extends StackProps {
  /** The tenant routes' provider bundle (functions/tenant-routes), built once per synth. */
  bundle: FunctionBundle;
  /** The built site (`buildSite`), with `tenants.json` and `site-config.json` for this deployment. */
  siteDir: string;
  /** A tile server's origin, allowed by the CSP for the map's images. */
  tileOrigin: string | null;
  geocoder: 'stand-in' | 'ban';
  /** The site's domain (the host of the settings' siteUrl): the distribution's alias. */
  domainName: string;
  /** An issued ACM certificate for that domain, in us-east-1 (the settings' `certificate.arn`). */
  certificateArn: string;
}

/**
 * The residents' and staff's site: a private bucket that only CloudFront reads (origin access
 * control), HTTPS only, security headers with the strict CSP, and each tenant's `/t/{id}/api/*`
 * routed to that tenant's HTTP API, so the site and every API share one origin.
 */
export class SiteStack extends Stack {
  readonly bucket: s3.Bucket;
  /** The gallery's drawings, every tenant's under its own prefixes (gallery.ts, decision 0021). */
  readonly gallery: GalleryBucket;
  readonly distribution: cloudfront.Distribution;
  /** Tenant id → its HTTP API's domain, read by the routing function. */
  readonly tenantApis: cloudfront.KeyValueStore;
  /** The custom resource provider tenant stacks call to write their key. */
  readonly tenantRoutes: HouseFunction;

  constructor(scope: Construct, id: string, props: SiteStackProps) {
    super(scope, id, props);

    this.bucket = new s3.Bucket(this, 'SiteBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // The site is rebuilt from the repository at every deploy: nothing in it to keep.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The bucket holds only the public static site, rebuilt from the repository at each deploy and read only by CloudFront; who reads it is in the CloudFront logs, not in S3 access logs.',
    });

    this.gallery = new GalleryBucket(this, 'Gallery', { siteOrigin: `https://${props.domainName}` });

    const securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Entraide site: strict CSP, HSTS, no framing, no sniffing',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy({
            tileOrigin: props.tileOrigin,
            geocoderOrigin: props.geocoder === 'ban' ? banGeocoderOrigin : null,
            // The parents' presigned PUTs go to the bucket's own endpoint; its images come from this origin.
            uploadOrigin: this.gallery.uploadOrigin,
          }),
          override: true,
        },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });

    // `/t/{id}/` → tenant.html and `/t/{id}/<file>` → <file>: one copy of the site serves every tenant.
    const tenantPaths = new cloudfront.Function(this, 'TenantPaths', {
      comment: 'Entraide: /t/{id}/ pages served from the one copy of the site',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(tenantPathsFunctionCode),
    });

    // One behaviour for every tenant's API, whatever their number: CloudFront allows 25 behaviours
    // and 25 origins per distribution, so a behaviour (and an origin) per tenant would stop at ~20
    // tenants. The viewer-request function sends `/t/{id}/api/*` to tenant {id}'s HTTP API, whose
    // domain it reads from this KeyValueStore (5 MB: tens of thousands of tenants): each tenant stack
    // writes its key on deploy and deletes it on removal (TenantApiRoute, through the provider below),
    // so neither the function's code nor this stack changes when a tenant comes or goes.
    this.tenantApis = new cloudfront.KeyValueStore(this, 'TenantApiDomains', {
      keyValueStoreName: 'entraide-tenant-apis',
      comment: 'Entraide: tenant id to its HTTP API domain, written by each tenant stack',
    });
    const tenantApis = new cloudfront.Function(this, 'TenantApis', {
      comment: 'Entraide: /t/{id}/api/* to tenant {id}’s HTTP API',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      keyValueStore: this.tenantApis,
      code: cloudfront.FunctionCode.fromInline(tenantApisFunctionCode(this.tenantApis.keyValueStoreId)),
    });
    this.tenantRoutes = new HouseFunction(this, 'TenantRoutes', {
      bundle: props.bundle,
      functionName: tenantRoutesFunctionName,
      description: 'Writes and deletes a tenant’s key in the routing KeyValueStore (each tenant stack’s TenantApiRoute)',
      environment: { KVS_ARN: this.tenantApis.keyValueStoreArn },
      timeout: Duration.minutes(1),
    });
    this.tenantRoutes.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [
          'cloudfront-keyvaluestore:DescribeKeyValueStore',
          'cloudfront-keyvaluestore:PutKey',
          'cloudfront-keyvaluestore:DeleteKey',
        ],
        resources: [this.tenantApis.keyValueStoreArn],
      }),
    );
    const apiBehavior: cloudfront.BehaviorOptions = {
      // The origin's settings (HTTPS only, TLS 1.2) hold for every tenant; the function always names
      // the requested tenant's domain (or answers 404 itself), so this one is never reached.
      origin: new origins.HttpOrigin(`execute-api.${this.region}.amazonaws.com`, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        // The proof of origin every tenant API checks first (functions/shared/http.ts); CloudFront
        // overwrites a viewer's header of the same name.
        customHeaders: { [originProofHeader]: originSecretValue() },
      }),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      // The API needs its own Host; everything else (Authorization, query, body) goes through.
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: securityHeaders,
      functionAssociations: [{ function: tenantApis, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
    };

    // One origin access control (CloudFront signs its S3 requests) for the site's bucket and the gallery's.
    const originAccessControl = new cloudfront.S3OriginAccessControl(this, 'OriginAccessControl', {
      description: 'Entraide: CloudFront reads the site and the gallery images, signed',
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Entraide: the residents’ and staff’s site and every tenant API',
      defaultRootObject: 'index.html',
      // The address mails link to: the settings' domain, with its certificate and a modern TLS floor.
      domainNames: [props.domainName],
      certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket, { originAccessControl }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [{ function: tenantPaths, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        [`${apiPrefix('*')}/*`]: apiBehavior,
        [galleryPathPattern]: this.gallery.imagesBehavior({ responseHeadersPolicy: securityHeaders, originAccessControl }),
      },
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'Residents of a French or Belgian local government travel and have family abroad; the platform serves no restricted content, so no country is blocked.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'Abuse is limited per tenant by API Gateway throttling and the API rate limits (per IP and per email); a WAF web ACL costs a monthly fee a small commune would pay while nobody uses it.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR3',
      reason:
        'Each tenant API keeps its own access logs; CloudFront standard logs would hold every resident’s IP for the static pages too, which the privacy page promises not to collect.',
    });
    // The one DNS record the operator creates (or an alias record in Route 53) for the site's domain.
    new CfnOutput(this, 'DnsRecord', {
      description: `DNS record to create for ${props.domainName}`,
      value: `${props.domainName} CNAME ${this.distribution.distributionDomainName}`,
    });

    const deployment = new s3deploy.BucketDeployment(this, 'SiteFiles', {
      sources: [s3deploy.Source.asset(props.siteDir)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 256,
    });
    // The CDK-provided function that copies the files, run only during deploys: its findings,
    // each named, with why it is acceptable.
    const deploymentFunctions = [
      deployment,
      ...this.node.children.filter((child) => child.node.id.startsWith('Custom::CDKBucketDeployment')),
    ];
    const findings: [string, string][] = [
      [
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'The CDK bucket deployment function (a CDK-provided custom resource, run only during deploys) writes its logs with the AWS managed basic execution policy.',
      ],
      [
        'AwsSolutions-L1',
        'The CDK bucket deployment function’s runtime is chosen by aws-cdk-lib and moves with its upgrades; it runs only during deploys, never on a resident’s request.',
      ],
      ...[
        'Action::s3:Abort*',
        'Action::s3:DeleteObject*',
        'Action::s3:GetBucket*',
        'Action::s3:GetObject*',
        'Action::s3:List*',
        'Resource::*',
        'Resource::<SiteBucket397A1860.Arn>/*',
        // The CDK asset bucket, named with the stack's region (a literal once the settings name it).
        Token.isUnresolved(this.region)
          ? 'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*'
          : `Resource::arn:${RegionInfo.get(this.region).partition ?? 'aws'}:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${this.region}/*`,
      ].map((detail): [string, string] => [
        `AwsSolutions-IAM5[${detail}]`,
        'The CDK bucket deployment function copies every file of the built site from the CDK asset bucket into the site bucket and deletes stale ones: object-level wildcards on those two buckets only, granted by aws-cdk-lib.',
      ]),
    ];
    for (const construct of deploymentFunctions) for (const [id, reason] of findings) Validations.of(construct).acknowledge({ id, reason });
  }
}

/** The viewer-request function: the tenant pages share one set of files. */
export const tenantPathsFunctionCode = `function handler(event) {
  var request = event.request;
  var match = /^\\/t\\/([a-z0-9-]+)(\\/.*)?$/.exec(request.uri);
  if (!match) return request;
  var rest = match[2] || '';
  if (rest === '') {
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '/t/' + match[1] + '/' } } };
  }
  request.uri = rest === '/' ? '/tenant.html' : rest;
  return request;
}`;

/**
 * The viewer-request function of the tenants' API paths (`/t/{id}/api/…`): reads tenant {id}'s API
 * domain from the KeyValueStore (`kvsId`, a deploy-time token) and sends the request there
 * (`cf.updateRequestOrigin`, JavaScript runtime 2.0); an unknown tenant gets the API's own 404. The
 * code is the same for 1 or 10,000 tenants.
 */
export function tenantApisFunctionCode(kvsId: string): string {
  return `import cf from 'cloudfront';
var apis = cf.kvs('${kvsId}');
async function handler(event) {
  var request = event.request;
  var match = /^\\/t\\/([a-z0-9-]+)\\/api\\//.exec(request.uri);
  var domain = null;
  if (match) {
    try {
      domain = await apis.get(match[1]);
    } catch (missing) {
      domain = null;
    }
  }
  if (!domain) {
    return {
      statusCode: 404,
      statusDescription: 'Not Found',
      headers: { 'content-type': { value: 'application/json; charset=utf-8' }, 'cache-control': { value: 'no-store' } },
      body: { encoding: 'text', data: '{"error":{"code":"unknown_tenant","message":"Aucune collectivité sous cette adresse. / No local government at this address.","details":[]}}' },
    };
  }
  // The resident's address as CloudFront saw the connection; a viewer's own header of that name is replaced.
  request.headers['${viewerAddressHeader}'] = { value: event.viewer.ip };
  cf.updateRequestOrigin({ domainName: domain });
  return request;
}`;
}

/** The public index of tenants the home page lists, as the local runtime serves it. */
export function writeTenantIndex(siteDir: string, tenants: TenantConfig[]): void {
  const index = tenants.map((tenant) => ({
    id: tenant.id,
    name: tenant.name,
    kind: tenant.kind,
    country: tenant.country,
    url: `/t/${tenant.id}/`,
    api: apiPrefix(tenant.id),
  }));
  writeFileSync(join(siteDir, 'tenants.json'), JSON.stringify(index));
}
