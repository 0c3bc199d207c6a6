import * as z from 'zod';
import { eraseEndedRecognitions, sectionDatesService } from '@entraide/core';
import type { HttpGroupDeps } from '../http-groups.js';
import { eventHandler } from '../shared/logger.js';
import { digestJob } from './digest.js';
import { followUpsJob } from './follow-ups.js';
import { alertDigestJob } from './alert-digest.js';
import { missionRemindersJob } from './mission-reminders.js';

/** A job is built from the same dependencies as the HTTP groups of its tenant. */
export type JobDeps = HttpGroupDeps;

/** What a run did, for the logs and for `POST /_local/jobs/{job}`: counts, never personal data. */
export type JobSummary = Record<string, number | string | boolean>;

export type ScheduledJob = (deps: JobDeps) => Promise<JobSummary>;

/**
 * The scheduled jobs of a tenant, by name. In AWS a schedule per job and tenant invokes the
 * scheduled-jobs function with `{"job": "<name>"}`; locally `POST /_local/jobs/<name>?tenant=<id>`
 * runs the same entry now. Each issue adds its job here (the staff digest, alert digests,
 * follow-ups after a connection).
 */
export const scheduledJobs: Record<string, ScheduledJob> = {
  // Issue 4: a few days after a post's first connection, ask its author whether the help took place.
  'follow-ups': followUpsJob,
  // Issue 5: the staff's daily digest (EventBridge Scheduler, per tenant, at the time of its config).
  digest: digestJob,
  alerts: alertDigestJob,
  // Issue 19: the day-before reminder of volunteers holding a place on a shift.
  'mission-reminders': missionRemindersJob,
  // Issue 15: health workers' recognitions ended (12 months after their last change) or being erased by their resident.
  recognitions: eraseEndedRecognitions,
};

export const jobNames = (): string[] => Object.keys(scheduledJobs).sort();

export class UnknownJobError extends Error {
  constructor(readonly job: string) {
    super(`No job "${job}"; jobs: ${jobNames().join(', ') || '(none yet)'}`);
    this.name = 'UnknownJobError';
  }
}

/** Runs one job for one tenant. A job's fault is its own: the caller decides what it stops. */
export async function runScheduledJob(job: string, deps: JobDeps): Promise<JobSummary> {
  const run = Object.hasOwn(scheduledJobs, job) ? scheduledJobs[job] : undefined;
  if (!run) throw new UnknownJobError(job);
  deps.logger.appendKeys({ tenant: deps.tenant.id, job });
  // The sections' dates admins set from the staff space, as the HTTP functions read them before each request.
  if (deps.sectionDates) await sectionDatesService({ ...deps, sectionDates: deps.sectionDates }).refresh();
  const summary = await run(deps);
  deps.logger.info('job done', { summary });
  return summary;
}

/** What EventBridge Scheduler sends: `{"job": "<name>"}`, the schedule's input. */
const schedulerEvent = z.object({ job: z.string().min(1).max(64) });

/** The scheduled-jobs function of a tenant: each schedule's tick runs its job. */
export const scheduledJobsHandler = (deps: JobDeps) =>
  eventHandler({ logger: deps.logger, tenantId: deps.tenant.id }, async (event: unknown) =>
    runScheduledJob(schedulerEvent.parse(event).job, deps),
  );
