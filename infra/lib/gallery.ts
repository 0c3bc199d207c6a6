import { galleryImagesRoot, galleryUploadsRoot, imagesPrefix, uploadsPrefix, type TenantConfig } from '@entraide/core';
import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { FunctionBundle } from './bundling.js';
import { HouseFunction } from './house-function.js';
import { partitionOf } from './mail-relay.js';

/**
 * The gallery's one bucket for every tenant (decision 0021), named from the account and region so
 * a tenant stack names it too, with no cross-stack export.
 */
const galleryBucketNameOf = (stack: Stack): string => `entraide-gallery-${stack.account}-${stack.region}`;

/** Where the site serves the images: the object keys under `gallery/` are their paths. */
export const galleryPathPattern = `/${galleryImagesRoot}*`;

/** An unprocessed upload is removed by the bucket after this many days (S3 counts to the next midnight UTC). */
const unprocessedUploadDays = 1;

/**
 * The site stack's side: the private bucket (no public access, SSE-S3, TLS only, no ACL), a
 * lifecycle that removes what nothing processed, CORS for the parents' presigned PUT from the site,
 * and the CloudFront behaviour `/gallery/*` that reads only `gallery/` keys through origin access
 * control, so images come from the site's own origin (the CSP's `img-src 'self'`).
 */
export class GalleryBucket extends Construct {
  readonly bucket: s3.Bucket;
  /** The origin the browser uploads to (the bucket's regional endpoint): the CSP's `connect-src` names it. */
  readonly uploadOrigin: string;

  constructor(scope: Construct, id: string, props: { siteOrigin: string }) {
    super(scope, id);
    const stack = Stack.of(this);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: galleryBucketNameOf(stack),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // No versioning: a deleted drawing must leave nothing behind, not a noncurrent version.
      lifecycleRules: [
        { id: 'unprocessed-uploads', prefix: galleryUploadsRoot, expiration: Duration.days(unprocessedUploadDays) },
        { id: 'incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      // The presigned PUT from the parent's browser: the site's origin only, the two headers it signs.
      cors: [
        {
          allowedOrigins: [props.siteOrigin],
          allowedMethods: [s3.HttpMethods.PUT],
          allowedHeaders: ['content-type', 'if-none-match'],
          maxAge: 600,
        },
      ],
      // Children's drawings published by the local governments: never deleted with a stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.uploadOrigin = `https://${this.bucket.bucketRegionalDomainName}`;
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'S3 access logs would keep every parent’s and reader’s IP address; each upload is tied to a drawing record of its tenant, processing and deletions are in the functions’ logs, and reads go through CloudFront only.',
    });
  }

  /**
   * The distribution's behaviour for the images. CloudFront may read objects of `gallery/` only
   * (origin access control; an explicit deny on every other key, so an upload is never served).
   */
  imagesBehavior(options: {
    responseHeadersPolicy: cloudfront.IResponseHeadersPolicy;
    originAccessControl: cloudfront.IOriginAccessControl;
  }): cloudfront.BehaviorOptions {
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudFrontReadsImagesOnly',
        effect: iam.Effect.DENY,
        principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        notResources: [this.bucket.arnForObjects(`${galleryImagesRoot}*`)],
      }),
    );
    // A deleted or refused drawing leaves the edge caches within the hour.
    const cachePolicy = new cloudfront.CachePolicy(this, 'ImagesCache', {
      comment: 'Entraide gallery images: cached an hour at most, so a deleted drawing is gone from the edges within it',
      defaultTtl: Duration.hours(1),
      maxTtl: Duration.hours(1),
      minTtl: Duration.seconds(0),
      enableAcceptEncodingBrotli: false,
      enableAcceptEncodingGzip: false,
    });
    return {
      origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket, { originAccessControl: options.originAccessControl }),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy,
      responseHeadersPolicy: options.responseHeadersPolicy,
    };
  }
}

/**
 * A gallery tenant's side: its processing function, which reads, writes and deletes its own two
 * prefixes of the bucket and nothing else, and the grants of its HTTP functions (the public API
 * presigns uploads to its uploads prefix, invokes the processing and deletes a parent's drawing;
 * the staff API deletes a refused one), each with the bucket's name in its environment.
 */
export class TenantGallery extends Construct {
  readonly processing: HouseFunction;

  constructor(
    scope: Construct,
    id: string,
    props: { tenant: TenantConfig; bundle: FunctionBundle; publicApi: HouseFunction; staffApi: HouseFunction },
  ) {
    super(scope, id);
    const stack = Stack.of(this);
    const bucketName = galleryBucketNameOf(stack);
    const bucketArn = `arn:${stack.partition}:s3:::${bucketName}`;
    const uploads = uploadsPrefix(props.tenant.id);
    const images = imagesPrefix(props.tenant.id);
    const objects = (prefix: string) => `${bucketArn}/${prefix}*`;

    this.processing = new HouseFunction(scope, 'GalleryProcessing', {
      bundle: props.bundle,
      description: `Gallery processing: checks a parent’s upload from its bytes and re-encodes it without metadata (${props.tenant.id})`,
      environment: { TENANT_ID: props.tenant.id, GALLERY_BUCKET: bucketName },
      // A 40-megapixel image decoded (160 MB of pixels) and resized twice; memory buys CPU too.
      memorySize: 2048,
      // Invoked synchronously by the public API's verification (its own timeout is longer).
      timeout: Duration.seconds(20),
    });
    // It reads an upload and replaces it by the empty marker that makes its URL single use; it writes the images.
    this.processing.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [objects(uploads), objects(images)],
      }),
    );
    // A missing object is told from a refused one by listing its own key (the S3 adapter asks only
    // when a GET is refused): the list is limited to the tenant's two prefixes.
    this.processing.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${uploads}*`, `${images}*`] } },
      }),
    );

    props.publicApi.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [objects(uploads)] }));
    for (const fn of [props.publicApi, props.staffApi]) {
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:DeleteObject'], resources: [objects(uploads), objects(images)] }));
      fn.addEnvironment('GALLERY_BUCKET', bucketName);
    }
    // The unqualified function only (the public API invokes it by name), not its versions.
    props.publicApi.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.processing.functionArn] }),
    );
    props.publicApi.addEnvironment('GALLERY_PROCESSOR_FUNCTION', this.processing.functionName);

    const nagBucket = `arn:${partitionOf(stack)}:s3:::entraide-gallery-<AWS::AccountId>-${Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region}`;
    for (const fn of [this.processing, props.publicApi, props.staffApi]) {
      for (const prefix of [uploads, images]) {
        Validations.of(fn.executionRole).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${nagBucket}/${prefix}*]`,
          reason:
            'The gallery’s objects are named by random upload ids and image secrets, unknown in advance: each grant names only this tenant’s prefix of the shared bucket (uploads/<tenant>/, gallery/<tenant>/).',
        });
      }
    }
  }
}
