/**
 * The one route table: the CDK HTTP API declares exactly these routes, the local server matches
 * requests against them, and each function group's router dispatches them to its operations.
 * Paths are relative to a tenant's API prefix (`/t/{tenant}/api`).
 */
/** The HTTP function groups (those with routes). Functions fed by queues, mail or schedules are declared apart. */
export const functionGroups = ['public-api'] as const;
export type FunctionGroup = (typeof functionGroups)[number];

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  method: HttpMethod;
  path: string;
  group: FunctionGroup;
  operation: string;
}

export const routes = [
  { method: 'GET', path: '/config', group: 'public-api', operation: 'getConfig' },
  { method: 'GET', path: '/posts', group: 'public-api', operation: 'listPosts' },
  { method: 'POST', path: '/posts', group: 'public-api', operation: 'createPost' },
  { method: 'GET', path: '/posts/{id}', group: 'public-api', operation: 'getPost' },
  { method: 'POST', path: '/posts/{id}/verify', group: 'public-api', operation: 'verifyPost' },
  // Author management: `Authorization: Bearer <token from the verification mail>`.
  { method: 'GET', path: '/posts/{id}/own', group: 'public-api', operation: 'getOwnPost' },
  { method: 'PATCH', path: '/posts/{id}', group: 'public-api', operation: 'editPost' },
  { method: 'POST', path: '/posts/{id}/close', group: 'public-api', operation: 'closePost' },
  { method: 'DELETE', path: '/posts/{id}', group: 'public-api', operation: 'deletePost' },
] as const satisfies readonly RouteDefinition[];

export type OperationName<Group extends FunctionGroup> = Extract<(typeof routes)[number], { group: Group }>['operation'];

/** Every tenant's API lives under this prefix, on CloudFront as on the local server. */
export const apiPrefix = (tenantId: string): string => `/t/${tenantId}/api`;

export const routesOf = (group: FunctionGroup): RouteDefinition[] => routes.filter((route) => route.group === group);
