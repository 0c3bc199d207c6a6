import type { TenantConfig } from '@entraide/core';
import { Duration, TimeZone } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Construct } from 'constructs';

/**
 * The residents' alert digests (job `alerts`), daily at 18:00 in the tenant's time zone: the day's
 * new posts, in the evening. It reuses the digest schedule's role, which may invoke the tenant's
 * scheduled-jobs function and nothing else.
 */
export function alertDigestSchedule(scope: Construct, props: { tenant: TenantConfig; target: lambda.IFunction; role: iam.IRole }): scheduler.Schedule {
  return new scheduler.Schedule(scope, 'AlertDigestSchedule', {
    description: `Alert digests of ${props.tenant.id}: new posts near each resident's alert, daily 18:00 (${props.tenant.digest.timeZone})`,
    schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '18', timeZone: TimeZone.of(props.tenant.digest.timeZone) }),
    target: new LambdaInvoke(props.target, {
      role: props.role,
      input: scheduler.ScheduleTargetInput.fromObject({ job: 'alerts' }),
      // Matches are cleared once mailed: a late run is harmless, a missed one mails the next day.
      maxEventAge: Duration.hours(6),
      retryAttempts: 3,
    }),
  });
}
