import { tenantDepsFromEnv } from '../shared/tenant-deps.js';
import { staffApiHandler } from './app.js';

// Built once per container.
export const handler = staffApiHandler(tenantDepsFromEnv('staff-api'));
