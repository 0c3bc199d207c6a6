import type { DensitySummary } from '@entraide/core';
import * as z from 'zod/mini';
import type { HttpGroupDeps } from '../http-groups.js';
import { eventHandler } from '../shared/logger.js';

/** A job is built from the same dependencies as the HTTP groups of its tenant, the density summary's repair included. */
export type JobDeps = HttpGroupDeps & { densitySummary: DensitySummary };

/** What a run did, for the logs and for `POST /_local/jobs/{job}`: counts, never personal data. */
export type JobSummary = Record<string, number | string | boolean>;

export type ScheduledJob = (deps: JobDeps) => Promise<JobSummary>;

/**
 * The scheduled jobs of a tenant, by name, each loaded on its first run (a chunk of its own,
 * `import()`): a container runs the job of its schedule and loads only its code and schemas. In AWS a schedule per job and tenant invokes the
 * scheduled-jobs function with `{"job": "<name>"}`; locally `POST /_local/jobs/<name>?tenant=<id>`
 * runs the same entry now. Each issue adds its job here (the staff digest, alert digests,
 * follow-ups after a connection).
 */
export const scheduledJobs: Record<string, () => Promise<ScheduledJob>> = {
  // Issue 4: a few days after a post's first connection, ask its author whether the help took place.
  'follow-ups': async () => (await import('./follow-ups.js')).followUpsJob,
  // Issue 5: the staff's daily digest (EventBridge Scheduler, per tenant, at the time of its config).
  digest: async () => (await import('./digest.js')).digestJob,
  alerts: async () => (await import('./alert-digest.js')).alertDigestJob,
  // Issue 19: the day-before reminder of volunteers holding a place on a shift.
  'mission-reminders': async () => (await import('./mission-reminders.js')).missionRemindersJob,
  // Issue 15: health workers' recognitions ended (12 months after their last change) or being erased by their resident.
  recognitions: async () => (await import('./recognitions.js')).recognitionsJob,
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
  const load = Object.hasOwn(scheduledJobs, job) ? scheduledJobs[job] : undefined;
  if (!load) throw new UnknownJobError(job);
  deps.logger.appendKeys({ tenant: deps.tenant.id, job });
  const [run, { sectionDatesService }] = await Promise.all([load(), import('./section-dates.js')]);
  // The sections' dates admins set from the staff space, as the HTTP functions read them before each request.
  if (deps.sectionDates) await sectionDatesService({ ...deps, sectionDates: deps.sectionDates }).refresh();
  const summary = await run(deps);
  deps.logger.info('job done', { summary });
  return summary;
}

/** What EventBridge Scheduler sends: `{"job": "<name>"}`, the schedule's input. */
const schedulerEvent = z.object({ job: z.string().check(z.minLength(1), z.maxLength(64)) });

/** The scheduled-jobs function of a tenant: each schedule's tick runs its job. */
export const scheduledJobsHandler = (deps: JobDeps) =>
  eventHandler({ logger: deps.logger, tenantId: deps.tenant.id }, async (event: unknown) =>
    runScheduledJob(schedulerEvent.parse(event).job, deps),
  );
