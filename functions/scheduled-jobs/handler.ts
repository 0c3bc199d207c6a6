import { tenantDepsFromEnv } from '../shared/tenant-deps.js';
import { scheduledJobsHandler } from './jobs.js';

/** Invoked by EventBridge Scheduler with `{"job": "<name>"}` as its input; built once per container. */
export const handler = scheduledJobsHandler(tenantDepsFromEnv('scheduled-jobs'));
