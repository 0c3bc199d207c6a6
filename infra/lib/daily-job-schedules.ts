import type { TenantConfig } from '@entraide/core';
import { Duration, TimeZone } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Construct } from 'constructs';

interface DailyJobProps {
  tenant: TenantConfig;
  /** The tenant's scheduled-jobs function. */
  target: lambda.IFunction;
  /** The digest schedule's role: it may invoke the tenant's scheduled-jobs function and nothing else. */
  role: iam.IRole;
}

/**
 * A job of the tenant's scheduled-jobs function, once a day at `hour`:00 in the tenant's time zone.
 * Every daily job is safe to run late (each sends at most once what it sends), so a run is retried
 * for six hours; a missed one does its work the next day.
 */
function dailyJobSchedule(
  scope: Construct,
  id: string,
  props: DailyJobProps & { job: string; hour: number; name: string; does: string },
): scheduler.Schedule {
  const { tenant } = props;
  return new scheduler.Schedule(scope, id, {
    description: `${props.name} of ${tenant.id}: ${props.does}, daily ${String(props.hour).padStart(2, '0')}:00 (${tenant.digest.timeZone})`,
    schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: String(props.hour), timeZone: TimeZone.of(tenant.digest.timeZone) }),
    target: new LambdaInvoke(props.target, {
      role: props.role,
      input: scheduler.ScheduleTargetInput.fromObject({ job: props.job }),
      maxEventAge: Duration.hours(6),
      retryAttempts: 3,
    }),
  });
}

/**
 * The residents' alert digests (job `alerts`), at 18:00: the day's new posts, in the evening.
 * Matches are cleared once mailed: a late run is harmless, a missed one mails the next day.
 */
export const alertDigestSchedule = (scope: Construct, props: DailyJobProps): scheduler.Schedule =>
  dailyJobSchedule(scope, 'AlertDigestSchedule', {
    ...props,
    job: 'alerts',
    hour: 18,
    name: 'Alert digests',
    does: "new posts near each resident's alert",
  });

/**
 * The missions' day-before reminders (job `mission-reminders`), at 17:00: tomorrow's shifts in the
 * tenant's time zone. Each volunteer is reminded at most once (`remindedAt` and the mail's key).
 */
export const missionRemindersSchedule = (scope: Construct, props: DailyJobProps): scheduler.Schedule =>
  dailyJobSchedule(scope, 'MissionRemindersSchedule', {
    ...props,
    job: 'mission-reminders',
    hour: 17,
    name: 'Mission reminders',
    does: "reminds volunteers of tomorrow's shifts",
  });

/**
 * The erasure of health workers' recognitions that ended (job `recognitions`), at 04:00, where a
 * section is for health workers. Erasing twice is erasing once: a late or repeated run is harmless.
 */
export const recognitionsSchedule = (scope: Construct, props: DailyJobProps): scheduler.Schedule =>
  dailyJobSchedule(scope, 'RecognitionsSchedule', {
    ...props,
    job: 'recognitions',
    hour: 4,
    name: 'Recognitions',
    does: "erases health workers' recognitions that ended",
  });

/**
 * The follow-ups job ("did the help take place?"), at 10:00: a morning mail, after the staff
 * digest. Sent at most once per post (ledger and follow-up item).
 */
export const followUpsSchedule = (scope: Construct, props: DailyJobProps): scheduler.Schedule =>
  dailyJobSchedule(scope, 'FollowUpsSchedule', {
    ...props,
    job: 'follow-ups',
    hour: 10,
    name: 'Follow-ups',
    does: 'asks authors whether the help took place',
  });
