import { Match, type Template } from 'aws-cdk-lib/assertions';
import { resourcesOf, synthesizedApp, templateOf, type PolicyStatement, type SynthesizedApp } from './synth.js';

/**
 * The mail relay's infrastructure on the templates of the run's synth of the whole app (cdk-nag
 * included: any unacknowledged finding fails it): the sender and its asynchronous invocations, the
 * inbound bucket and receipt rule, the bounce subscription, and who may do what.
 */
let synthesized: SynthesizedApp;
let stack: Template;
let platform: Template;

beforeAll(async () => {
  synthesized = await synthesizedApp();
  stack = templateOf(synthesized, 'Entraide-courbevoie');
  platform = templateOf(synthesized, 'Entraide-platform');
}, 240_000);
afterAll(() => synthesized?.cleanUp());

const logicalIdOf = (template: Template, type: string, pattern: RegExp): string => {
  const ids = Object.keys(resourcesOf(template, type)).filter((id) => pattern.test(id));
  if (ids.length !== 1) throw new Error(`${type} matching ${pattern}: ${ids.join(', ') || 'none'}`);
  return ids[0]!;
};

/** Every statement of the policies attached to a role whose logical id matches. */
function statementsOfRole(template: Template, rolePattern: RegExp): PolicyStatement[] {
  const roleId = logicalIdOf(template, 'AWS::IAM::Role', rolePattern);
  return Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify((policy.Properties as { Roles: unknown }).Roles).includes(`"${roleId}"`))
    .flatMap((policy) => (policy.Properties as { PolicyDocument: { Statement: PolicyStatement[] } }).PolicyDocument.Statement);
}
const actionsOf = (statements: PolicyStatement[]): string[] => statements.flatMap((statement) => [statement.Action].flat()).sort();

test('no queue per tenant: the sender is invoked asynchronously, retried twice, and dead-letters into the platform’s one queue', () => {
  const senderId = logicalIdOf(stack, 'AWS::Lambda::Function', /MailRelayMailSender(?!Role)/);
  const deadLetters = { 'Fn::Join': ['', ['arn:aws:sqs:eu-west-3:', { Ref: 'AWS::AccountId' }, ':entraide-mail-dead-letters']] };
  stack.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
    FunctionName: { Ref: senderId },
    Qualifier: '$LATEST',
    MaximumRetryAttempts: 2,
    MaximumEventAgeInSeconds: 6 * 3600,
    DestinationConfig: { OnFailure: { Destination: deadLetters } },
  });
  // One sender at a time per tenant, and nothing polled while idle.
  stack.hasResourceProperties('AWS::Lambda::Function', {
    ReservedConcurrentExecutions: 1,
    Description: Match.stringLikeRegexp('^Sends the tenant'),
  });
  expect(Object.keys(resourcesOf(stack, 'AWS::SQS::Queue'))).toEqual([]);
  expect(Object.keys(resourcesOf(stack, 'AWS::Lambda::EventSourceMapping'))).toEqual([]);
  // The sender may put its failures in that queue, and do nothing else with SQS.
  expect(
    statementsOfRole(stack, /MailRelayMailSenderRole/).filter((statement) =>
      actionsOf([statement]).some((action) => action.startsWith('sqs:')),
    ),
  ).toEqual([expect.objectContaining({ Action: 'sqs:SendMessage', Resource: deadLetters })]);
  platform.hasResourceProperties('AWS::SQS::Queue', {
    QueueName: 'entraide-mail-dead-letters',
    SqsManagedSseEnabled: true,
    MessageRetentionPeriod: 14 * 86_400,
  });
  platform.hasResourceProperties('AWS::SQS::QueuePolicy', {
    Queues: [{ Ref: logicalIdOf(platform, 'AWS::SQS::Queue', /MailDeadLetters/) }],
    PolicyDocument: {
      Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
    },
  });
});

test('the operator is mailed by a few platform alarms, none per tenant: dead letters, function errors and throttles, bounce and complaint rates', () => {
  const topicId = logicalIdOf(platform, 'AWS::SNS::Topic', /Alarms/);
  platform.hasResourceProperties('AWS::SNS::Subscription', {
    Protocol: 'email',
    Endpoint: 'exploitation@entraide.example',
    TopicArn: { Ref: topicId },
  });
  const alarms = Object.values(resourcesOf(platform, 'AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties as any);
  expect(alarms.map((alarm) => [alarm.Namespace, alarm.MetricName, alarm.Threshold]).sort()).toEqual([
    ['AWS/Lambda', 'Errors', 5],
    ['AWS/Lambda', 'Throttles', 1],
    ['AWS/SES', 'Reputation.BounceRate', 0.04],
    ['AWS/SES', 'Reputation.ComplaintRate', 0.0008],
    ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 1],
  ]);
  for (const alarm of alarms) {
    expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    expect(alarm.TreatMissingData).toBe('notBreaching');
  }
  // Account-wide, not one function's: no dimension on the Lambda metrics.
  expect(alarms.filter((alarm) => alarm.Namespace === 'AWS/Lambda').map((alarm) => alarm.Dimensions)).toEqual([undefined, undefined]);
  for (const [name, template] of synthesized.templates) {
    if (name !== 'Entraide-platform') expect(Object.keys(resourcesOf(template, 'AWS::CloudWatch::Alarm'))).toEqual([]);
  }
});

test('one sender is the only function that may call SES, and only ses:SendEmail', () => {
  const sesActions = (statements: PolicyStatement[]) => actionsOf(statements).filter((action) => action.startsWith('ses:'));
  expect(sesActions(statementsOfRole(stack, /MailRelayMailSenderRole/))).toEqual(['ses:SendEmail']);
  for (const role of Object.keys(resourcesOf(stack, 'AWS::IAM::Role')).filter((id) => !/MailSenderRole/.test(id))) {
    expect({ role, ses: sesActions(statementsOfRole(stack, new RegExp(`^${role}$`))) }).toEqual({ role, ses: [] });
  }
});

test('every function that sends mail hands it to the sender: its name beside the right to invoke that function only', () => {
  const senderId = logicalIdOf(stack, 'AWS::Lambda::Function', /MailRelayMailSender(?!Role)/);
  for (const rolePattern of [/^PublicApiRole/, /^StaffApiRole/, /^ScheduledJobsRole/, /InboundMailFunctionRole/]) {
    const statements = statementsOfRole(stack, rolePattern).filter((statement) =>
      actionsOf([statement]).some((action) => action.startsWith('lambda:') || action.startsWith('sqs:')),
    );
    expect({ rolePattern: String(rolePattern), statements }).toEqual({
      rolePattern: String(rolePattern),
      statements: [expect.objectContaining({ Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [senderId, 'Arn'] } })],
    });
  }
  stack.hasResourceProperties('AWS::Lambda::Function', {
    Description: Match.stringLikeRegexp('^Public API'),
    Environment: { Variables: Match.objectLike({ MAIL_SENDER_FUNCTION: { Ref: senderId } }) },
  });
});

test('the platform’s inbound bucket is private, encrypted, TLS only, and forgets raw mails within two days', () => {
  const bucketId = logicalIdOf(platform, 'AWS::S3::Bucket', /InboundMail/);
  platform.hasResourceProperties('AWS::S3::Bucket', {
    BucketName: { 'Fn::Join': ['', ['entraide-inbound-', { Ref: 'AWS::AccountId' }, '-eu-west-3']] },
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 2, Status: 'Enabled' })] },
  });
  platform.hasResourceProperties('AWS::S3::BucketPolicy', {
    Bucket: { Ref: bucketId },
    PolicyDocument: {
      Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
    },
  });
  // No tenant stack has a bucket, a receipt rule or a subscription of its own: nothing that grows past SES's 200 rules.
  for (const [name, template] of synthesized.templates) {
    if (name === 'Entraide-platform') continue;
    expect(Object.keys(resourcesOf(template, 'AWS::SES::ReceiptRule'))).toEqual([]);
    expect(Object.keys(resourcesOf(template, 'AWS::SNS::Subscription'))).toEqual([]);
  }
});

const relayRuleArn = {
  'Fn::Join': ['', ['arn:aws:ses:eu-west-3:', { Ref: 'AWS::AccountId' }, ':receipt-rule-set/entraide-inbound:receipt-rule/entraide-relay']],
};

test('SES may store and invoke for the platform’s relay rule only (SourceArn), not for any rule of the account', () => {
  const sesStatements = Object.values(platform.findResources('AWS::S3::BucketPolicy')).flatMap((policy: any) =>
    policy.Properties.PolicyDocument.Statement.filter((statement: any) => statement.Principal?.Service === 'ses.amazonaws.com'),
  );
  expect(sesStatements).toEqual([
    expect.objectContaining({
      Action: 's3:PutObject',
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalIdOf(platform, 'AWS::S3::Bucket', /InboundMail/), 'Arn'] }, '/inbound/*']] },
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnLike: { 'aws:SourceArn': relayRuleArn } },
    }),
  ]);
  const sesPermissions = Object.values(platform.findResources('AWS::Lambda::Permission')).filter(
    (permission: any) => permission.Properties.Principal === 'ses.amazonaws.com',
  ) as any[];
  expect(sesPermissions.map((permission) => [permission.Properties.SourceArn, permission.Properties.SourceAccount])).toEqual([
    [relayRuleArn, { Ref: 'AWS::AccountId' }],
  ]);
});

test('one receipt rule takes every tenant’s relay subdomain, stores to the platform’s bucket, then calls the dispatcher', () => {
  const bucketId = logicalIdOf(platform, 'AWS::S3::Bucket', /InboundMail/);
  const dispatcherId = logicalIdOf(platform, 'AWS::Lambda::Function', /MailDispatch(?!Role)/);
  platform.hasResourceProperties('AWS::SES::ReceiptRule', {
    RuleSetName: { Ref: logicalIdOf(platform, 'AWS::SES::ReceiptRuleSet', /InboundRuleSet/) },
    Rule: Match.objectLike({
      Name: 'entraide-relay',
      Enabled: true,
      ScanEnabled: true,
      Recipients: ['.relay.entraide.example'],
      Actions: [
        { S3Action: { BucketName: { Ref: bucketId }, ObjectKeyPrefix: 'inbound/' } },
        { LambdaAction: { FunctionArn: { 'Fn::GetAtt': [dispatcherId, 'Arn'] }, InvocationType: 'Event' } },
      ],
    }),
  });
  platform.hasResourceProperties('AWS::SES::ReceiptRuleSet', { RuleSetName: 'entraide-inbound' });
  // The dispatcher: SES's objects under inbound/, the tenants' copies under tenants/, their two functions by name.
  const statements = statementsOfRole(platform, /MailDispatchRole/).filter((statement) => !actionsOf([statement])[0]!.startsWith('logs:'));
  const functionArn = (name: string) => ({
    'Fn::Join': ['', ['arn:aws:lambda:eu-west-3:', { Ref: 'AWS::AccountId' }, `:function:${name}`]],
  });
  expect(statements.map((statement) => [actionsOf([statement]), statement.Resource])).toEqual([
    [['s3:DeleteObject', 's3:GetObject'], { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/inbound/*']] }],
    [['s3:DeleteObject', 's3:PutObject'], { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/tenants/*/*']] }],
    [['lambda:InvokeFunction'], [functionArn('entraide-*-inbound-mail'), functionArn('entraide-*-mail-events')]],
  ]);
});

test('each tenant’s inbound function is named for the dispatcher and reads and deletes its own prefix of the platform’s bucket only', () => {
  stack.hasResourceProperties('AWS::Lambda::Function', {
    FunctionName: 'entraide-courbevoie-inbound-mail',
    Environment: { Variables: Match.objectLike({ INBOUND_PREFIX: 'tenants/courbevoie/' }) },
  });
  const s3Statements = statementsOfRole(stack, /InboundMailFunctionRole/).filter((statement) =>
    actionsOf([statement]).some((action) => action.startsWith('s3:')),
  );
  expect(s3Statements).toEqual([
    expect.objectContaining({
      Action: ['s3:DeleteObject', 's3:GetObject'],
      Resource: {
        'Fn::Join': ['', ['arn:aws:s3:::entraide-inbound-', { Ref: 'AWS::AccountId' }, '-eu-west-3/tenants/courbevoie/*']],
      },
    }),
  ]);
});

test('bounces and complaints: SES → an encrypted platform topic → one dispatcher subscription → the tagged tenant’s function', () => {
  platform.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'entraide-mail-events', KmsMasterKeyId: Match.anyValue() });
  platform.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
    EventDestination: Match.objectLike({ Enabled: true, MatchingEventTypes: ['bounce', 'complaint'], SnsDestination: Match.anyValue() }),
  });
  const topicId = logicalIdOf(platform, 'AWS::SNS::Topic', /MailEvents/);
  const subscriptions = Object.values(resourcesOf(platform, 'AWS::SNS::Subscription')).filter(
    (subscription) => JSON.stringify(subscription.Properties?.TopicArn) === JSON.stringify({ Ref: topicId }),
  );
  expect(subscriptions.map((subscription) => [subscription.Properties?.Protocol, subscription.Properties?.FilterPolicy])).toEqual([
    ['lambda', undefined],
  ]);
  stack.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'entraide-courbevoie-mail-events' });
  // It writes the suppression list and the flags in its own tenant's table, and nothing else.
  const tableId = logicalIdOf(stack, 'AWS::DynamoDB::Table', /^Table/);
  const statements = statementsOfRole(stack, /MailRelayMailEventsRole/).filter((statement) =>
    actionsOf([statement]).some((action) => !action.startsWith('logs:')),
  );
  expect(statements).toEqual([expect.objectContaining({ Resource: { 'Fn::GetAtt': [tableId, 'Arn'] } })]);
});

test('the follow-ups job runs daily in the tenant’s morning, with the digest schedule’s role', () => {
  stack.hasResourceProperties('AWS::Scheduler::Schedule', {
    ScheduleExpression: 'cron(0 10 * * ? *)',
    ScheduleExpressionTimezone: 'Europe/Paris',
    Target: Match.objectLike({
      Input: '{"job":"follow-ups"}',
      RoleArn: { 'Fn::GetAtt': [logicalIdOf(stack, 'AWS::IAM::Role', /^DigestScheduleRole/), 'Arn'] },
    }),
  });
});

test('health workers’ recognitions that ended are erased daily at 04:00 where a section is for health workers, and only there', () => {
  const erasures = (template: Template) =>
    Object.values(resourcesOf(template, 'AWS::Scheduler::Schedule')).filter((schedule) =>
      JSON.stringify(schedule).includes('{\\"job\\":\\"recognitions\\"}'),
    );
  expect(erasures(templateOf(synthesized, 'Entraide-mulhouse'))).toEqual([
    expect.objectContaining({
      Properties: expect.objectContaining({ ScheduleExpression: 'cron(0 4 * * ? *)', ScheduleExpressionTimezone: 'Europe/Paris' }),
    }),
  ]);
  expect(erasures(stack)).toEqual([]);
});

test('the missions’ reminders run daily at 17:00 in the tenant’s time zone where a section takes missions, and only there', () => {
  const reminders = (template: Template) =>
    Object.values(resourcesOf(template, 'AWS::Scheduler::Schedule')).filter((schedule) =>
      JSON.stringify(schedule).includes('mission-reminders'),
    );
  const namur = templateOf(synthesized, 'Entraide-namur');
  expect(reminders(namur)).toEqual([
    expect.objectContaining({
      // namur's time zone: its tenant file's digest zone (the default, Europe/Paris).
      Properties: expect.objectContaining({ ScheduleExpression: 'cron(0 17 * * ? *)', ScheduleExpressionTimezone: 'Europe/Paris' }),
    }),
  ]);
  expect(reminders(stack)).toEqual([]);
});
