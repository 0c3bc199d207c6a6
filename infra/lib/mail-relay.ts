import type { TenantConfig } from '@entraide/core';
import { Arn, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { tableAccess } from '@entraide/functions/table-access';
import { Construct } from 'constructs';
import type { BackgroundFunctionGroup } from './background-functions.js';
import type { FunctionBundle } from './bundling.js';
import { HouseFunction, type MailSettings } from './house-function.js';

/** The mail relay's functions (background groups): fed by a queue, by received mail and by SES events. */
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

  constructor(scope: Construct, id: string, props: { configurationSet: ses.ConfigurationSet; mailDomain: string }) {
    super(scope, id);
    const stack = Stack.of(this);
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
    this.settings = { ...relayPlatformNames, relayDomain: `relay.${props.mailDomain}` };
  }
}

/** A sender's visibility timeout: AWS advises six times the function's timeout for an SQS event source. */
const senderTimeout = Duration.seconds(25);

/**
 * A tenant's mail, in and out. Out: one encrypted queue (with its dead-letter queue) that every
 * function of the tenant enqueues to, drained by one sender, the only function allowed to call
 * SES. In: the tenant's receipt rule stores mail to `*@<tenant>.relay.<domain>` in a private
 * bucket whose objects expire, and the inbound function relays it. Bounces and complaints of the
 * tenant's mail (SNS, filtered on its tag) feed its suppression list.
 */
export class MailRelay extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly sender: HouseFunction;
  readonly inboundBucket: s3.Bucket;
  readonly inbound: HouseFunction;
  readonly mailEvents: HouseFunction;
  private readonly mail: MailSettings;

  constructor(scope: Construct, id: string, props: MailRelayProps) {
    super(scope, id);
    const { tenant } = props;
    const stack = Stack.of(this);
    this.mail = props.mail;
    const environment = { TENANT_CONFIG: JSON.stringify(tenant), SITE_URL: props.siteUrl };

    // ---- out: queue, dead letters, sender
    this.deadLetterQueue = new sqs.Queue(this, 'MailDeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS keeps anything: time for an operator to look and redrive.
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This is the dead-letter queue of the outgoing-mail queue: what lands here is kept 14 days for an operator to inspect and redrive; a dead-letter queue of its own would only move the same messages again.',
    });
    this.queue = new sqs.Queue(this, 'MailQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(senderTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      // Five receives: throttling outlasting a few backoffs is retried later, a poison message ends here.
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });

    this.sender = new HouseFunction(this, 'MailSender', {
      bundle: props.bundles['mail-sender'],
      description: `Sends the tenant's queued mail through SES, once each (${tenant.id})`,
      environment,
      timeout: senderTimeout,
    });
    // The ledger (sent markers, suppression list): single items by key, no index.
    this.sender.bindTable(props.table, tableAccess['mail-sender']);
    this.sender.allowSendingMail(this.mail);
    this.sender.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        // A burst of mail must not exceed the account's SES sending rate shared by all tenants.
        maxConcurrency: 2,
      }),
    );

    // ---- in: receipt rule → bucket → inbound function
    this.inboundBucket = new s3.Bucket(this, 'InboundMail', {
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
    const objectKeyPrefix = 'inbound/';
    this.inbound = new HouseFunction(this, 'InboundMailFunction', {
      bundle: props.bundles['inbound-mail'],
      description: `Relays mail received at the tenant's aliases (${tenant.id})`,
      environment: { ...environment, INBOUND_BUCKET: this.inboundBucket.bucketName, INBOUND_PREFIX: objectKeyPrefix },
      timeout: Duration.seconds(25),
    });
    this.inbound.bindTable(props.table, tableAccess['inbound-mail']);
    this.inbound.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:DeleteObject'],
        resources: [this.inboundBucket.arnForObjects(`${objectKeyPrefix}*`)],
      }),
    );
    Validations.of(this.inbound.executionRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::<MailRelayInboundMailE3399FCC.Arn>/inbound/*]',
      reason:
        'The inbound function reads and then deletes each raw mail SES stored under inbound/ in its own tenant bucket; object keys are SES message ids, unknown in advance, so the grant names the prefix.',
    });
    this.allowQueueingMail(this.inbound);
    // SES stores the mail, then calls the function with the receipt (envelope recipients,
    // verdicts): no bucket notification, hence no CDK helper function in the tenant stack.
    // SES may write to this bucket and invoke this function only for this tenant's rule (SourceArn),
    // not for any rule of the account: another tenant's rule cannot feed this tenant's relay.
    const receiptRuleName = `entraide-${tenant.id}`;
    const receiptRuleArn = Arn.format(
      {
        service: 'ses',
        resource: 'receipt-rule-set',
        resourceName: `${props.platform.receiptRuleSetName}:receipt-rule/${receiptRuleName}`,
      },
      stack,
    );
    const fromThisRule = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': receiptRuleArn },
    };
    const sesPrincipal = new iam.ServicePrincipal('ses.amazonaws.com');
    const bucketGrant = this.inboundBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [sesPrincipal],
        actions: ['s3:PutObject'],
        resources: [this.inboundBucket.arnForObjects(`${objectKeyPrefix}*`)],
        conditions: fromThisRule,
      }),
    );
    this.inbound.addPermission('AllowThisReceiptRule', {
      principal: sesPrincipal,
      sourceAccount: stack.account,
      sourceArn: receiptRuleArn,
    });
    const rule = new ses.ReceiptRule(this, 'InboundRule', {
      receiptRuleName,
      ruleSet: ses.ReceiptRuleSet.fromReceiptRuleSetName(this, 'RuleSet', props.platform.receiptRuleSetName),
      // Every alias of this tenant, and only of this tenant.
      recipients: [`${tenant.id}.${props.platform.relayDomain}`],
      scanEnabled: true,
      tlsPolicy: ses.TlsPolicy.OPTIONAL,
      // The actions as SES takes them, without the CDK helpers' grants (any rule of the account).
      actions: [
        { bind: () => ({ s3Action: { bucketName: this.inboundBucket.bucketName, objectKeyPrefix } }) },
        { bind: () => ({ lambdaAction: { functionArn: this.inbound.functionArn, invocationType: 'Event' } }) },
      ],
    });
    // SES checks it may write and invoke when the rule is created.
    if (bucketGrant.policyDependable) rule.node.addDependency(bucketGrant.policyDependable);
    rule.node.addDependency(this.inbound.node.findChild('AllowThisReceiptRule'));

    // ---- bounces and complaints of this tenant's mail
    this.mailEvents = new HouseFunction(this, 'MailEvents', {
      bundle: props.bundles['mail-events'],
      description: `Suppresses addresses that bounce or complain, flags their posts (${tenant.id})`,
      environment,
    });
    this.mailEvents.bindTable(props.table, tableAccess['mail-events']);
    const topic = sns.Topic.fromTopicArn(
      this,
      'MailEventsTopic',
      Arn.format({ service: 'sns', resource: props.platform.mailEventsTopicName }, stack),
    );
    topic.addSubscription(
      new subscriptions.LambdaSubscription(this.mailEvents, {
        // The platform publishes every tenant's events; this tenant takes only those tagged with its id.
        filterPolicyWithMessageBody: {
          mail: sns.FilterOrPolicy.policy({
            tags: sns.FilterOrPolicy.policy({
              tenant: sns.FilterOrPolicy.filter(sns.SubscriptionFilter.stringFilter({ allowlist: [tenant.id] })),
            }),
          }),
        },
      }),
    );
  }

  /**
   * Lets a function hand mail to the queue (and only that): `MAIL_QUEUE_URL` and `MAIL_FROM`
   * set with the grant, so every `Mailer.send` of that function goes through the sender.
   */
  allowQueueingMail(fn: HouseFunction): void {
    // SendMessage only: not grantSendMessages, which adds GetQueueAttributes and GetQueueUrl nobody uses.
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }));
    fn.addEnvironment('MAIL_QUEUE_URL', this.queue.queueUrl);
    fn.addEnvironment('MAIL_FROM', this.mail.from);
  }
}
