import { tenantDepsFromEnv } from '../shared/tenant-deps.js';
import { publicApiHandler } from './app.js';

// Built once per container: a quiet commune pays this once per visit, not once per request.
export const handler = publicApiHandler(tenantDepsFromEnv('public-api'));
