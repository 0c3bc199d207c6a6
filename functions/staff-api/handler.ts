import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { builtOnFirstInvocation } from '../shared/built-on-first-invocation.js';

// Built once per container, on its first request: the import reads only the line above (docs/performance.md).
export const handler = builtOnFirstInvocation<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(async () => {
  const [{ staffApiHandler }, { tenantDepsFromEnv }] = await Promise.all([import('./app.js'), import('../shared/tenant-deps.js')]);
  return staffApiHandler(tenantDepsFromEnv('staff-api'));
});
