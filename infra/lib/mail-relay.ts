import type { TenantConfig } from '@entraide/core';
import { Arn, ArnFormat, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { inboundFunctionName, mailEventsFunctionName, receivedPrefix, tenantInboundPrefix } from '@entraide/functions/mail-dispatch';
import { tableAccess } from '@entraide/functions/table-access';
import { Construct } from 'constructs';
import type { BackgroundFunctionGroup } from './background-functions.js';
import type { FunctionBundle } from './bundling.js';
import { HouseFunction, type MailSettings } from './house-function.js';
import { mailDeadLettersQueueName } from './platform-alarms.js';

/** The mail relay's functions (background groups): invoked with each mail to send, by received mail and by SES events. */
type MailFunctionGroup = Extract<BackgroundFunctionGroup, 'mail-sender' | 'inbound-mail' | 'mail-events'>;

/** What the platform stack sets up for every tenant's relay, passed as plain names (no cross-stack export). */
export interface RelayPlatformSettings {
  /** The SES receipt rule set each tenant adds its rule to (only one rule set is active per account and region). */
  receiptRuleSetName: string;
  /** `relay.<mail domain>`: a tenant's aliases are `<token>@<tenant>.<relayDomain>`. */
  relayDomain: string;
  /** The SNS topic the configuration set publishes bounces and complaints to. */
  mailEventsTopicName: string;
}

/** The partition as cdk-nag names it in a finding: a literal once the stack's region is. */
export const partitionOf = (stack: Stack): string =>
  Token.isUnresolved(stack.region) ? '<AWS::Partition>' : (RegionInfo.get(stack.region).partition ?? 'aws');

/** The platform's bucket of received mail, named from the account and region, so a tenant stack names it too. */
const inboundBucketNameOf = (stack: Stack): string => `entraide-inbound-${stack.account}-${stack.region}`;

export interface MailRelayProps {
  tenant: TenantConfig;
  table: dynamodb.ITable;
  bundles: Record<MailFunctionGroup, FunctionBundle>;
  mail: MailSettings;
  platform: RelayPlatformSettings;
  siteUrl: string;
}

/** The platform's names for the relay: fixed, so tenant stacks refer to them by name. */
const relayPlatformNames = { receiptRuleSetName: 'entraide-inbound', mailEventsTopicName: 'entraide-mail-events' } as const;

/**
 * What the relay needs once per account and region (platform stack): the receipt rule set every
 * tenant adds its rule to, and the topic SES publishes bounces and complaints to. SES allows one
 * active rule set per account and region: activate this one once (docs/contact-relay.md).
 */
export class MailRelayPlatform extends Construct {
  readonly settings: RelayPlatformSettings;
  readonly topic: sns.Topic;
  readonly ruleSet: ses.ReceiptRuleSet;

  readonly inboundBucket: s3.Bucket;
  readonly dispatcher: HouseFunction;

  constructor(scope: Construct, id: string, props: { configurationSet: ses.ConfigurationSet; mailDomain: string; bundle: FunctionBundle }) {
    super(scope, id);
    const stack = Stack.of(this);
    const relayDomain = `relay.${props.mailDomain}`;
    // Bounce notices name addresses: encrypted at rest, with a key SES may use to publish.
    const key = new kms.Key(this, 'MailEventsKey', {
      description: 'Entraide: encrypts SES bounce and complaint events',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    this.topic = new sns.Topic(this, 'MailEvents', {
      topicName: relayPlatformNames.mailEventsTopicName,
      masterKey: key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    props.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(this.topic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
    this.ruleSet = new ses.ReceiptRuleSet(this, 'InboundRuleSet', { receiptRuleSetName: relayPlatformNames.receiptRuleSetName });

    // ---- in: one receipt rule for every tenant's aliases → one bucket → the dispatcher → the tenant's function.
    // A rule per tenant would stop at 200 (SES's rules per rule set, not raisable): decision 0017.
    this.inboundBucket = new s3.Bucket(this, 'InboundMail', {
      bucketName: inboundBucketNameOf(stack),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Raw mails are personal data: removed once relayed, and in any case within two days.
      lifecycleRules: [{ expiration: Duration.days(2), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.inboundBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Raw received mails live here for minutes (deleted once relayed, expired after two days at most); server access logs would be one more place holding who wrote to which alias, for longer than the mails themselves.',
    });
    this.dispatcher = new HouseFunction(this, 'MailDispatch', {
      bundle: props.bundle,
      description: 'Hands each received mail and each bounce or complaint to its tenant’s function',
      environment: { INBOUND_BUCKET: this.inboundBucket.bucketName, RELAY_DOMAIN: relayDomain },
      timeout: Duration.seconds(30),
    });
    // Reads and removes what SES stored; writes (and removes) each tenant's copy under tenants/<id>/.
    this.dispatcher.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:DeleteObject'],
        resources: [this.inboundBucket.arnForObjects(`${receivedPrefix}*`)],
      }),
    );
    this.dispatcher.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:DeleteObject'],
        resources: [this.inboundBucket.arnForObjects(`${tenantInboundPrefix('*')}*`)],
      }),
    );
    // The tenants' inbound and mail-events functions, by their names, and no other function.
    const functionArn = (name: string) =>
      Arn.format({ service: 'lambda', resource: 'function', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME }, stack);
    this.dispatcher.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [functionArn(inboundFunctionName('*')), functionArn(mailEventsFunctionName('*'))],
      }),
    );
    const dispatcherReason =
      'The dispatcher reads and deletes each mail SES stored under inbound/ (keys are SES message ids), copies it under tenants/<id>/ for the tenant its alias names, and invokes that tenant’s functions by name (entraide-<id>-inbound-mail, entraide-<id>-mail-events): tenants come and go without a platform deploy, so the grant names the prefixes and the name patterns.';
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    for (const resource of [
      `<${stack.getLogicalId(this.inboundBucket.node.defaultChild as s3.CfnBucket)}.Arn>/${receivedPrefix}*`,
      `<${stack.getLogicalId(this.inboundBucket.node.defaultChild as s3.CfnBucket)}.Arn>/${tenantInboundPrefix('*')}*`,
      `arn:${partitionOf(stack)}:lambda:${region}:<AWS::AccountId>:function:${inboundFunctionName('*')}`,
      `arn:${partitionOf(stack)}:lambda:${region}:<AWS::AccountId>:function:${mailEventsFunctionName('*')}`,
    ]) {
      Validations.of(this.dispatcher.executionRole).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${resource}]`,
        reason: dispatcherReason,
      });
    }
    // SES may write to this bucket and invoke the dispatcher for this rule only (SourceArn), not for any rule of the account.
    const receiptRuleName = 'entraide-relay';
    const receiptRuleArn = Arn.format(
      {
        service: 'ses',
        resource: 'receipt-rule-set',
        resourceName: `${relayPlatformNames.receiptRuleSetName}:receipt-rule/${receiptRuleName}`,
      },
      stack,
    );
    const sesPrincipal = new iam.ServicePrincipal('ses.amazonaws.com');
    const bucketGrant = this.inboundBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [sesPrincipal],
        actions: ['s3:PutObject'],
        resources: [this.inboundBucket.arnForObjects(`${receivedPrefix}*`)],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': receiptRuleArn } },
      }),
    );
    this.dispatcher.addPermission('AllowTheRelayRule', {
      principal: sesPrincipal,
      sourceAccount: stack.account,
      sourceArn: receiptRuleArn,
    });
    const rule = new ses.ReceiptRule(this, 'InboundRule', {
      receiptRuleName,
      ruleSet: this.ruleSet,
      // Every alias of every tenant (`<token>@<tenant>.relay.<domain>`: the leading dot matches the subdomains), and nothing else.
      recipients: [`.${relayDomain}`],
      scanEnabled: true,
      tlsPolicy: ses.TlsPolicy.OPTIONAL,
      // The actions as SES takes them, without the CDK helpers' grants (any rule of the account).
      actions: [
        { bind: () => ({ s3Action: { bucketName: this.inboundBucket.bucketName, objectKeyPrefix: receivedPrefix } }) },
        { bind: () => ({ lambdaAction: { functionArn: this.dispatcher.functionArn, invocationType: 'Event' } }) },
      ],
    });
    // SES checks it may write and invoke when the rule is created.
    if (bucketGrant.policyDependable) rule.node.addDependency(bucketGrant.policyDependable);
    rule.node.addDependency(this.dispatcher.node.findChild('AllowTheRelayRule'));

    // ---- bounces and complaints: one subscription, the dispatcher invokes the tenant's function by its mail's tag
    // (a filtered subscription per tenant would stop at 200 filter policies per topic).
    this.topic.addSubscription(new subscriptions.LambdaSubscription(this.dispatcher));

    this.settings = { ...relayPlatformNames, relayDomain };
  }
}

/** A sender's invocation: a mail, with up to four SES attempts and their backoff. */
const senderTimeout = Duration.seconds(25);

/**
 * The sender's asynchronous invocations (decision 0022): a failed delivery is tried twice more
 * (Lambda waits about a minute, then two), a throttled invocation waits in Lambda's queue for up
 * to six hours without spending a retry, and what still fails goes to the platform's one
 * dead-letter queue (by ARN), where one alarm sees every tenant's.
 */
const senderAsyncInvoke = { retryAttempts: 2, maxEventAgeHours: 6 } as const;

/** Lambda's on-failure destination on a queue of the platform, granting SendMessage on it and nothing else. */
const queueDestination = (queueArn: string): lambda.IDestination => ({
  bind: (_scope, fn) => {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queueArn] }));
    return { destination: queueArn };
  },
});

/**
 * A tenant's mail, in and out. Out: one sender, the only function allowed to call SES, that every
 * function of the tenant invokes asynchronously with each mail (no queue polled while idle:
 * decision 0022). In: the platform's dispatcher hands it the mail to `*@<tenant>.relay.<domain>`
 * (a copy in its own prefix of the platform's bucket) and the inbound function relays it.
 * Bounces and complaints of the tenant's mail (tagged with its id, handed over by the same
 * dispatcher) feed its suppression list.
 */
export class MailRelay extends Construct {
  readonly sender: HouseFunction;
  readonly inbound: HouseFunction;
  readonly mailEvents: HouseFunction;
  private readonly mail: MailSettings;

  constructor(scope: Construct, id: string, props: MailRelayProps) {
    super(scope, id);
    const { tenant } = props;
    const stack = Stack.of(this);
    this.mail = props.mail;
    const environment = { TENANT_CONFIG: JSON.stringify(tenant), SITE_URL: props.siteUrl };

    // ---- out: the sender, invoked asynchronously, dead-lettering into the platform's queue (by ARN)
    this.sender = new HouseFunction(this, 'MailSender', {
      bundle: props.bundles['mail-sender'],
      description: `Sends the tenant's mail through SES, once each (${tenant.id})`,
      environment,
      timeout: senderTimeout,
      // One mail at a time per tenant: a burst stays under the account's SES sending rate shared by
      // every tenant; what Lambda throttles waits in its queue, not counted as a retry.
      reservedConcurrentExecutions: 1,
    });
    // The ledger (sent markers, suppression list): single items by key, no index.
    this.sender.bindTable(props.table, tableAccess['mail-sender']);
    this.sender.allowSendingMail(this.mail);
    this.sender.configureAsyncInvoke({
      retryAttempts: senderAsyncInvoke.retryAttempts,
      maxEventAge: Duration.hours(senderAsyncInvoke.maxEventAgeHours),
      onFailure: queueDestination(Arn.format({ service: 'sqs', resource: mailDeadLettersQueueName }, stack)),
    });

    // ---- in: the platform's receipt rule stores every alias's mail, its dispatcher copies this
    // tenant's under tenants/<id>/ and invokes this function by name with SES's receipt (this
    // tenant's recipients only). It reads and deletes that prefix of the platform's bucket, nothing else.
    const inboundBucketName = inboundBucketNameOf(stack);
    const objectKeyPrefix = tenantInboundPrefix(tenant.id);
    this.inbound = new HouseFunction(this, 'InboundMailFunction', {
      bundle: props.bundles['inbound-mail'],
      functionName: inboundFunctionName(tenant.id),
      description: `Relays mail received at the tenant's aliases (${tenant.id})`,
      environment: { ...environment, INBOUND_BUCKET: inboundBucketName, INBOUND_PREFIX: objectKeyPrefix },
      timeout: Duration.seconds(25),
    });
    this.inbound.bindTable(props.table, tableAccess['inbound-mail']);
    this.inbound.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:DeleteObject'],
        resources: [`arn:${stack.partition}:s3:::${inboundBucketName}/${objectKeyPrefix}*`],
      }),
    );
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    Validations.of(this.inbound.executionRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${partitionOf(stack)}:s3:::entraide-inbound-<AWS::AccountId>-${region}/${objectKeyPrefix}*]`,
      reason:
        'The inbound function reads and then deletes each raw mail the platform’s dispatcher copied under tenants/<its id>/ of the platform’s inbound bucket; object keys are SES message ids, unknown in advance, so the grant names its own prefix.',
    });
    this.allowHandingMailToSender(this.inbound);

    // ---- bounces and complaints of this tenant's mail: the platform's dispatcher invokes it by name
    // for the events tagged with this tenant.
    this.mailEvents = new HouseFunction(this, 'MailEvents', {
      bundle: props.bundles['mail-events'],
      functionName: mailEventsFunctionName(tenant.id),
      description: `Suppresses addresses that bounce or complain, flags their posts (${tenant.id})`,
      environment,
    });
    this.mailEvents.bindTable(props.table, tableAccess['mail-events']);
  }

  /**
   * Lets a function hand mail to the sender (and only that): `lambda:InvokeFunction` on the sender
   * alone, with `MAIL_SENDER_FUNCTION` and `MAIL_FROM` set with the grant, so every `Mailer.send`
   * of that function goes through the sender.
   */
  allowHandingMailToSender(fn: HouseFunction): void {
    // Not grantInvoke, which adds the sender's versions and aliases (`:*`) nobody invokes.
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.sender.functionArn] }));
    fn.addEnvironment('MAIL_SENDER_FUNCTION', this.sender.functionName);
    fn.addEnvironment('MAIL_FROM', this.mail.from);
  }
}
