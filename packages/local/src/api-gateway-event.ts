import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { apiPrefix, routes, type RouteDefinition } from '@entraide/functions/routes';

export interface RouteMatch {
  route: RouteDefinition;
  pathParameters: Record<string, string>;
}

const compiled = routes.map((route) => ({
  route: route as RouteDefinition,
  pattern: new RegExp(`^${route.path.replace(/\{([a-zA-Z]+)\}/g, '(?<$1>[^/]+)')}/?$`),
}));

/** Matches a path under a tenant's prefix against the one route table, as API Gateway would. */
export function matchRoute(method: string, pathUnderPrefix: string): RouteMatch | 'method_not_allowed' | undefined {
  let pathKnown = false;
  for (const { route, pattern } of compiled) {
    const match = pattern.exec(pathUnderPrefix);
    if (!match) continue;
    pathKnown = true;
    if (route.method === method) return { route, pathParameters: { ...match.groups } };
  }
  return pathKnown ? 'method_not_allowed' : undefined;
}

/** The API Gateway v2 (HTTP API, payload 2.0) event for a local request. */
export function toApiGatewayEvent(input: {
  tenantId: string;
  method: string;
  rawPath: string;
  rawQueryString: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  sourceIp: string;
  match: RouteMatch;
}): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(input.rawQueryString)) {
    // API Gateway joins repeated parameters with commas.
    queryStringParameters[name] = name in queryStringParameters ? `${queryStringParameters[name]},${value}` : value;
  }
  const now = new Date();
  const isText = input.body.length === 0 || /json|text/.test(headers['content-type'] ?? 'application/json');
  return {
    version: '2.0',
    routeKey: `${input.match.route.method} ${apiPrefix(input.tenantId)}${input.match.route.path}`,
    rawPath: input.rawPath,
    rawQueryString: input.rawQueryString,
    headers,
    ...(Object.keys(queryStringParameters).length > 0 ? { queryStringParameters } : {}),
    ...(Object.keys(input.match.pathParameters).length > 0 ? { pathParameters: input.match.pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: `local-${input.tenantId}`,
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: '127',
      http: {
        method: input.method,
        path: input.rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: input.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: `${input.match.route.method} ${apiPrefix(input.tenantId)}${input.match.route.path}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(input.body.length > 0
      ? isText
        ? { body: input.body.toString('utf8'), isBase64Encoded: false }
        : { body: input.body.toString('base64'), isBase64Encoded: true }
      : { isBase64Encoded: false }),
  };
}
