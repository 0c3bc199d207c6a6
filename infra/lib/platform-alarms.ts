import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Every tenant's mail sender dead-letters here (its on-failure destination, by name: no cross-stack export), so one alarm watches them all. */
export const mailDeadLettersQueueName = 'entraide-mail-dead-letters';

/**
 * The operator's alarms, a few for the whole platform and none per tenant (an alarm costs $0.10 a
 * month: per tenant, idle would not be free): dead-lettered mail, function errors and throttles
 * in the account, and SES's bounce and complaint rates, mailed to the settings' `alarmEmail`.
 */
export class PlatformAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly deadLetters: sqs.Queue;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: { alarmEmail: string }) {
    super(scope, id);
    this.deadLetters = new sqs.Queue(this, 'MailDeadLetters', {
      queueName: mailDeadLettersQueueName,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS keeps anything: time for an operator to look and redrive (each to its own tenant's sender).
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This is the on-failure destination of every tenant’s mail sender: what lands here is kept 14 days for an operator to inspect and send back to the sender it names; a dead-letter queue of its own would only move the same messages again.',
    });

    this.topic = new sns.Topic(this, 'Alarms', { topicName: 'entraide-alarms', displayName: 'Entraide alarms', enforceSSL: true });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry an alarm’s name, state and metric value, never a resident’s data; CloudWatch publishing to a KMS-encrypted topic needs a customer key ($1 a month) for nothing to protect.',
    });
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    const fiveMinutes = Duration.minutes(5);
    const lambda = (metricName: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/Lambda', metricName, statistic: cloudwatch.Stats.SUM, period: fiveMinutes });
    const ses = (metricName: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic: cloudwatch.Stats.MAXIMUM, period: Duration.hours(1) });
    const definitions: [string, string, cloudwatch.IMetric, number][] = [
      [
        'MailDeadLettered',
        'Mail was dead-lettered after 3 attempts: look at entraide-mail-dead-letters, fix, send it back to its sender (docs/deploying.md).',
        this.deadLetters.metricApproximateNumberOfMessagesVisible({ statistic: cloudwatch.Stats.MAXIMUM, period: fiveMinutes }),
        1,
      ],
      ['FunctionErrors', 'Lambda functions of the account failed 5 times or more in 5 minutes.', lambda('Errors'), 5],
      ['FunctionThrottles', 'Lambda throttled invocations in the account (concurrency shared by every tenant).', lambda('Throttles'), 1],
      // AWS reviews an account at 5 % bounces and 0.1 % complaints: warned before that.
      ['MailBounceRate', 'SES bounce rate at 4 % or more (AWS reviews the account at 5 %).', ses('Reputation.BounceRate'), 0.04],
      [
        'MailComplaintRate',
        'SES complaint rate at 0.08 % or more (AWS reviews the account at 0.1 %).',
        ses('Reputation.ComplaintRate'),
        0.0008,
      ],
    ];
    this.alarms = definitions.map(([name, description, metric, threshold]) => {
      const alarm = new cloudwatch.Alarm(this, name, {
        alarmName: `entraide-${name.replace(/[A-Z]/g, (letter, index: number) => `${index ? '-' : ''}${letter.toLowerCase()}`)}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // No traffic is no trouble: an idle platform stays OK.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(new SnsAction(this.topic));
      return alarm;
    });
  }
}
