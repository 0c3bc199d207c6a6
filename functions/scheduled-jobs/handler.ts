import * as z from 'zod';
import { tenantDepsFromEnv } from '../shared/tenant-deps.js';
import { runScheduledJob } from './jobs.js';

// Built once per container.
const deps = tenantDepsFromEnv('scheduled-jobs');

const schedulerEvent = z.object({ job: z.string().min(1).max(64) });

/** Invoked by EventBridge Scheduler with `{"job": "<name>"}` as its input. */
export const handler = async (event: unknown) => runScheduledJob(schedulerEvent.parse(event).job, deps);
