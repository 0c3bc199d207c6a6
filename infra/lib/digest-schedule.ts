import type { TenantConfig } from '@entraide/core';
import { Duration, Stack, TimeZone, Validations, type CfnElement } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';

/** `08:00` on `['MON', …, 'FRI']` in `Europe/Paris` → EventBridge Scheduler's cron, in that zone. */
function digestScheduleExpression(digest: TenantConfig['digest']): scheduler.ScheduleExpression {
  const [hour, minute] = digest.time.split(':');
  return scheduler.ScheduleExpression.cron({
    minute: String(Number(minute)),
    hour: String(Number(hour)),
    weekDay: digest.days.join(','),
    timeZone: TimeZone.of(digest.timeZone),
  });
}

/**
 * The staff digest of one tenant: EventBridge Scheduler invokes the tenant's scheduled-jobs
 * function with `{"job": "digest"}` at the time and on the days of the tenant config, in its time
 * zone (summer time included). Its role may invoke that function only.
 */
export class DigestSchedule extends Construct {
  readonly schedule: scheduler.Schedule;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: { tenant: TenantConfig; target: lambda.IFunction }) {
    super(scope, id);
    const { tenant } = props;
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        // Only schedules of this account may use it (confused deputy).
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: `Lets the digest schedule of ${tenant.id} invoke its scheduled-jobs function, nothing else`,
    });
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: `Staff digest of ${tenant.id}: ${tenant.digest.time} ${tenant.digest.days.join(',')} (${tenant.digest.timeZone})`,
      schedule: digestScheduleExpression(tenant.digest),
      target: new LambdaInvoke(props.target, {
        role: this.role,
        input: scheduler.ScheduleTargetInput.fromObject({ job: 'digest' }),
        // A digest late by more than a few hours is not worth sending: tomorrow's covers it.
        maxEventAge: Duration.hours(3),
        retryAttempts: 3,
      }),
    });
    // grantInvoke names the function and its versions (`<arn>:*`): still this one function only.
    const functionId = Stack.of(this).getLogicalId(props.target.node.defaultChild as CfnElement);
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
      reason:
        'lambda:InvokeFunction on the versions of this one function (`<function arn>:*`, added by aws-cdk-lib grantInvoke); no other function, no other action.',
    });
  }
}
