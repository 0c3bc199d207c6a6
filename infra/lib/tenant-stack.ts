import type { TenantConfig } from '@entraide/core';
import { tableDefinition } from '@entraide/dynamodb-store/table-definition';
import { apiPrefix, functionGroups, routesOf, type FunctionGroup } from '@entraide/functions';
import { tableAccess } from '@entraide/functions/table-access';
import { Arn, ArnFormat, CfnOutput, CustomResource, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { BackgroundFunctionGroup, SectionFunctionGroup } from './background-functions.js';
import type { FunctionBundle } from './bundling.js';
import { DigestSchedule } from './digest-schedule.js';
import { TenantGallery } from './gallery.js';
import { alertDigestSchedule, followUpsSchedule, missionRemindersSchedule, recognitionsSchedule } from './daily-job-schedules.js';
import { HouseFunction, type MailSettings } from './house-function.js';
import { MailRelay, type RelayPlatformSettings } from './mail-relay.js';
import { originSecretValue } from './platform-stack.js';
import { tenantRoutesFunctionName } from './site-stack.js';

/**
 * What each function group may do besides its table (whose grant is the group's table access,
 * `@entraide/functions/table-access`). A group added to the route table must be declared here.
 */
interface GroupPrivileges {
  description: string;
  sendsMail: boolean;
}

const groupPrivileges = {
  'public-api': {
    description: 'Public API: residents post, search, verify and manage their posts',
    // Verification and relay mails, through the tenant's mail sender.
    sendsMail: true,
  },
  'staff-api': {
    description: 'Staff API: sign-in links and sessions, moderation, posts for residents without internet, figures and export',
    // Sign-in links and rejection notices.
    sendsMail: true,
  },
} as const satisfies Record<FunctionGroup, GroupPrivileges>;

export interface ApiThrottle {
  /** Requests per second, steady state, for the whole tenant API. */
  rateLimit: number;
  burstLimit: number;
}

export interface TenantStackProps extends StackProps {
  tenant: TenantConfig;
  /** One bundle per group, built once per synth and shared by every tenant stack. */
  bundles: Record<FunctionGroup | BackgroundFunctionGroup | SectionFunctionGroup, FunctionBundle>;
  /** The public site's origin; mails link to `<siteUrl>/t/<tenant>/…`. */
  siteUrl: string;
  mail: MailSettings;
  throttle: ApiThrottle;
  /** The contact relay and mail: the platform's shared names (rule set, relay domain, SES events topic). */
  relay: RelayPlatformSettings;
}

const attributeTypes = {
  S: dynamodb.AttributeType.STRING,
  N: dynamodb.AttributeType.NUMBER,
  B: dynamodb.AttributeType.BINARY,
} as const;

const attribute = (key: { name: string; type: keyof typeof attributeTypes }): dynamodb.Attribute => ({
  name: key.name,
  type: attributeTypes[key.type],
});

/**
 * One tenant: its table, its functions (one per group, each allowed only this table), and its
 * HTTP API declaring exactly the route table under `/t/<tenant>/api`. `cdk deploy` of this stack
 * onboards the tenant.
 */
export class TenantStack extends Stack {
  readonly table: dynamodb.Table;
  readonly api: apigwv2.HttpApi;
  readonly functions: Record<FunctionGroup, HouseFunction>;
  /** Outgoing mail's sender, inbound relay, bounces (infra/lib/mail-relay.ts). */
  readonly mailRelay: MailRelay;
  readonly scheduledJobs: HouseFunction;
  readonly digestSchedule: DigestSchedule;
  /** Where a section is of type gallery: its processing function and the HTTP functions' grants on the gallery bucket. */
  readonly gallery: TenantGallery | undefined;

  constructor(scope: Construct, id: string, props: TenantStackProps) {
    super(scope, id, props);
    const { tenant } = props;
    const prefix = apiPrefix(tenant.id);
    const hasGallery = tenant.sections.some((section) => section.type === 'gallery');

    // The residents' posts: kept if the stack is deleted, and CloudFormation refuses to delete it
    // by mistake. CloudFormation names it, so a redeployed tenant never collides with the old table.
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: attribute(tableDefinition.partitionKey),
      sortKey: attribute(tableDefinition.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    for (const index of tableDefinition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType[index.projection],
      });
    }

    const tenantEnvironment = {
      TENANT_CONFIG: JSON.stringify(tenant),
      SITE_URL: props.siteUrl,
    };
    this.mailRelay = new MailRelay(this, 'MailRelay', {
      tenant,
      table: this.table,
      bundles: props.bundles,
      mail: props.mail,
      platform: props.relay,
      siteUrl: props.siteUrl,
    });
    this.functions = Object.fromEntries(
      functionGroups.map((group) => {
        const privileges: GroupPrivileges = groupPrivileges[group];
        const fn = new HouseFunction(this, constructId(group), {
          bundle: props.bundles[group],
          description: `${privileges.description} (${tenant.id})`,
          environment: tenantEnvironment,
          // A drawing's verification waits for its processing (up to 20 s): under API Gateway's 30 s.
          ...(group === 'public-api' && hasGallery ? { timeout: Duration.seconds(25) } : {}),
        });
        fn.bindTable(this.table, tableAccess[group]);
        // Every HTTP function refuses a request without CloudFront's proof, and takes the viewer's address from it.
        fn.addEnvironment('ORIGIN_SECRET', originSecretValue());
        // Never SES directly: the tenant's sender, which delivers once and is retried (issue 4, decision 0022).
        if (privileges.sendsMail) this.mailRelay.allowHandingMailToSender(fn);
        return [group, fn];
      }),
    ) as Record<FunctionGroup, HouseFunction>;

    this.gallery = hasGallery
      ? new TenantGallery(this, 'Gallery', {
          tenant,
          bundle: props.bundles['gallery-processing'],
          publicApi: this.functions['public-api'],
          staffApi: this.functions['staff-api'],
        })
      : undefined;

    // Scheduled jobs (the staff digest): not behind the API; EventBridge Scheduler invokes it.
    this.scheduledJobs = new HouseFunction(this, 'ScheduledJobs', {
      bundle: props.bundles['scheduled-jobs'],
      description: `Scheduled jobs: the staff digest (${tenant.id})`,
      environment: tenantEnvironment,
      // A digest reads a day of posts and mails each staff address: more than an API call.
      timeout: Duration.minutes(2),
    });
    this.scheduledJobs.bindTable(this.table, tableAccess['scheduled-jobs']);
    this.mailRelay.allowHandingMailToSender(this.scheduledJobs);
    this.digestSchedule = new DigestSchedule(this, 'DigestSchedule', { tenant, target: this.scheduledJobs });
    // Issue 4: "did the help take place?", daily, with the digest schedule's role (invokes this function only).
    followUpsSchedule(this, { tenant, target: this.scheduledJobs, role: this.digestSchedule.role });
    // Only where volunteers sign up to shifts.
    if (tenant.sections.some((section) => section.type === 'missions')) {
      missionRemindersSchedule(this, { tenant, target: this.scheduledJobs, role: this.digestSchedule.role });
    }
    // Only where a section is for health workers: their recognitions end.
    if (tenant.healthWorkers) recognitionsSchedule(this, { tenant, target: this.scheduledJobs, role: this.digestSchedule.role });
    // Issue 3: the residents' alert digests, daily, with the same role.
    alertDigestSchedule(this, { tenant, target: this.scheduledJobs, role: this.digestSchedule.role });

    this.api = new apigwv2.HttpApi(this, 'Api', {
      apiName: `entraide-${tenant.id}`,
      description: `Entraide API of ${tenant.name}`,
      // The stage is declared below, with access logs and throttling.
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: accessLogFormat(),
      },
    });

    for (const group of functionGroups) {
      // One invoke permission for the whole API instead of one per route: a smaller stack, and the
      // API only has routes to this function's own operations anyway.
      const integration = new HttpLambdaIntegration(`${constructId(group)}Integration`, this.functions[group], {
        scopePermissionToRoute: false,
      });
      for (const route of routesOf(group)) {
        this.api.addRoutes({
          path: `${prefix}${route.path}`,
          methods: [apigwv2.HttpMethod[route.method]],
          integration,
        });
      }
    }
    for (const route of this.api.node.findAll().filter((child) => child instanceof apigwv2.HttpRoute)) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Residents use the public routes without an account (docs/decisions/0002-residents-without-accounts.md); author and staff routes check a bearer token (post token or signed staff session) inside the function, per tenant.',
      });
    }

    // The site's CloudFront routes `${prefix}/*` to this domain: its key in the routing KeyValueStore,
    // written by the site's provider on deploy and deleted when this stack is removed.
    new CustomResource(this, 'TenantApiRoute', {
      resourceType: 'Custom::TenantApiRoute',
      serviceToken: Arn.format(
        { service: 'lambda', resource: 'function', resourceName: tenantRoutesFunctionName, arnFormat: ArnFormat.COLON_RESOURCE_NAME },
        this,
      ),
      properties: { TenantId: tenant.id, ApiDomain: `${this.api.apiId}.execute-api.${this.region}.amazonaws.com` },
    });
    new CfnOutput(this, 'ApiUrl', {
      description: `Base URL of ${tenant.name}'s API (CloudFront routes ${prefix}/* here)`,
      value: `${this.api.apiEndpoint}${prefix}`,
    });
    new CfnOutput(this, 'TableName', { description: `DynamoDB table of ${tenant.id}`, value: this.table.tableName });
  }
}

/** `public-api` → `PublicApi`: stable construct ids, hence stable logical ids. */
export const constructId = (group: string): string =>
  group
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

/** One JSON line per request: what an operator greps for when a resident reports a problem. */
function accessLogFormat(): AccessLogFormat {
  return AccessLogFormat.custom(
    JSON.stringify({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      requestTime: '$context.requestTime',
      routeKey: '$context.routeKey',
      status: '$context.status',
      responseLength: '$context.responseLength',
      responseLatency: '$context.responseLatency',
      integrationLatency: '$context.integrationLatency',
      integrationError: '$context.integrationErrorMessage',
      userAgent: '$context.identity.userAgent',
    }),
  );
}
