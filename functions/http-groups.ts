import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { publicApiHandler, type PublicApiDeps } from './public-api/app.js';
import { staffApiHandler, type StaffApiDeps } from './staff-api/app.js';
import type { FunctionGroup } from './routes.js';

/** What every HTTP group is built from: the tenant, the adapters behind core's ports, a logger. */
export type HttpGroupDeps = PublicApiDeps & StaffApiDeps;

export type HttpGroupHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * How each HTTP function group is built. Lambda builds one in its `handler.ts`; the local runtime
 * builds every group of every tenant from this table, so a new group is served locally as soon as
 * it is listed here.
 */
export const httpGroups: Record<FunctionGroup, (deps: HttpGroupDeps) => HttpGroupHandler> = {
  'public-api': (deps) => publicApiHandler(deps) as unknown as HttpGroupHandler,
  'staff-api': (deps) => staffApiHandler(deps) as unknown as HttpGroupHandler,
};
