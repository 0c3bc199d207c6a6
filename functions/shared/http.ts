import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import middy from '@middy/core';
import httpRouter from '@middy/http-router';
import { ConcurrentUpdateError, DomainError, parseRecordId, RateLimitedError } from '@entraide/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { apiPrefix, originProofHeader, routesOf, viewerAddressHeader, type FunctionGroup, type OperationName } from '../routes.js';
import { logContext, type Logger } from './logger.js';

/** What an operation sees: the request already parsed as JSON, nothing validated yet (zod does that). */
export interface ApiRequest {
  pathParameters: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  headers: Record<string, string>;
  /**
   * The resident's address: behind CloudFront, the viewer's address its routing function forwards
   * (trusted only with the origin proof); locally, the socket's. Never a header the caller could forge.
   */
  sourceIp: string;
}

export interface ApiResult {
  statusCode: number;
  body?: unknown;
  /** A body that is not JSON (a CSV export): sent as is, with its own content type and headers. */
  raw?: { contentType: string; text: string; headers?: Record<string, string> };
}

export type Operation = (request: ApiRequest) => Promise<ApiResult>;
export type Operations<Group extends FunctionGroup> = Record<OperationName<Group>, Operation>;

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** A comparison whose time does not tell how much of the secret a guess got right. */
const sameSecret = (given: string | undefined, secret: string): boolean =>
  given !== undefined && timingSafeEqual(digest(given), digest(secret));

/**
 * Who is calling: in AWS (an origin secret is set), a request without CloudFront's proof is
 * refused, and the address is the viewer's as CloudFront saw it; locally (no secret), the socket's.
 */
function callerAddress(event: APIGatewayProxyEventV2, originSecret: string | null): { refused: true } | { sourceIp: string } {
  const socketAddress = event.requestContext?.http?.sourceIp ?? 'unknown';
  if (originSecret === null) return { sourceIp: socketAddress };
  const headers = lowerCaseKeys(event.headers);
  if (!sameSecret(headers[originProofHeader], originSecret)) return { refused: true };
  const viewer = headers[viewerAddressHeader]?.trim();
  return { sourceIp: viewer && isIP(viewer) ? viewer : socketAddress };
}

/** docs/api.md: a body over 32 KB is refused before any field is looked at. */
export const maxBodyBytes = 32 * 1024;

export const ok = (body: unknown, statusCode = 200): ApiResult => ({ statusCode, body });

const securityHeaders = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

function errorResult(status: number, code: string, message: string, details: unknown[] = []): APIGatewayProxyStructuredResultV2 {
  return { statusCode: status, headers: securityHeaders, body: JSON.stringify({ error: { code, message, details } }) };
}

function readBody(event: APIGatewayProxyEventV2, contentType: string): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.length > maxBodyBytes) throw new DomainError(413, 'body_too_large', `The body is over ${maxBodyBytes} bytes`);
  // RFC 8058's one-click POST (`List-Unsubscribe=One-Click`) is the only form a mail program sends.
  if (/^application\/x-www-form-urlencoded\b/i.test(contentType)) return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new DomainError(400, 'invalid_json', 'The body is not valid JSON', [{ path: '(body)', message: 'invalid JSON' }]);
  }
}

const lowerCaseKeys = (headers: Record<string, string | undefined> = {}): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers)
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([name, value]) => [name.toLowerCase(), value]),
  );

/**
 * The shared chain of every HTTP function: Lambda's context, the tenant and the route in every
 * log line, the 32 KB cap, JSON parsing, routing from the one route table, and one error mapper
 * (domain errors → their 4xx, anything else → a 500 that says nothing of the inside).
 */
export function httpHandler<Group extends FunctionGroup>(options: {
  group: Group;
  tenantId: string;
  operations: Operations<Group>;
  logger: Logger;
  /**
   * The platform's origin secret (`ORIGIN_SECRET`, set on every HTTP function by its tenant stack);
   * null: no CloudFront in front (the local runtime), the socket's address is the caller's.
   */
  originSecret?: string | null;
  /** Runs before a request's operation (after the route is found): the sections' dates read into the tenant's config. */
  beforeEachRequest?: (operation: string) => Promise<void>;
}) {
  const { group, tenantId, operations, logger } = options;
  const originSecret = options.originSecret === undefined ? process.env.ORIGIN_SECRET || null : options.originSecret;
  const prefix = apiPrefix(tenantId);

  const routes = routesOf(group).map((route) => ({
    method: route.method,
    path: `${prefix}${route.path}`,
    handler: async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
      const operation = operations[route.operation as OperationName<Group>];
      const request: ApiRequest = {
        body: readBody(event, lowerCaseKeys(event.headers)['content-type'] ?? ''),
        pathParameters: Object.fromEntries(
          Object.entries(event.pathParameters ?? {}).map(([name, value]) => [name, decodeURIComponent(value ?? '')]),
        ),
        query: Object.fromEntries(Object.entries(event.queryStringParameters ?? {}).map(([name, value]) => [name, value ?? ''])),
        headers: lowerCaseKeys(event.headers),
        sourceIp: (callerAddress(event, originSecret) as { sourceIp: string }).sourceIp,
      };
      await options.beforeEachRequest?.(route.operation);
      const result = await operation(request);
      if (result.raw) {
        return {
          statusCode: result.statusCode,
          headers: { ...securityHeaders, ...result.raw.headers, 'content-type': result.raw.contentType },
          body: result.raw.text,
        };
      }
      return {
        statusCode: result.statusCode,
        headers: securityHeaders,
        ...(result.body === undefined ? {} : { body: JSON.stringify(result.body) }),
      };
    },
  }));

  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use({
      // Before anything else: a request that did not come through CloudFront is not read at all.
      before: (request) =>
        'refused' in callerAddress(request.event, originSecret)
          ? errorResult(403, 'forbidden_origin', 'This API answers only through the site’s address')
          : undefined,
    })
    .use(
      logContext<APIGatewayProxyEventV2>(logger, (event) => ({
        tenant: tenantId,
        route: `${event.requestContext?.http?.method} ${event.rawPath}`,
      })),
    )
    .use({
      // Before the log context's own onError (middy runs them last used, first): the 500 is logged with its keys.
      onError: (request) => {
        const error = request.error;
        if (error instanceof RateLimitedError) {
          const response = errorResult(429, error.code, error.message);
          request.response = { ...response, headers: { ...response.headers, 'retry-after': String(error.retryAfterSeconds) } };
        } else if (error instanceof DomainError) {
          request.response = errorResult(error.status, error.code, error.message, error.details);
        } else if (error instanceof ConcurrentUpdateError) {
          // still changing after a few retries: the client may simply try again
          request.response = errorResult(409, 'concurrent_update', 'The post changed meanwhile; please try again');
        } else if ((error as { statusCode?: number } | null)?.statusCode === 404) {
          // the router found no route: a path or method this API does not have
          request.response = errorResult(404, 'not_found', 'No such route');
        } else if ((error as { name?: string } | null)?.name === 'URIError') {
          request.response = errorResult(400, 'invalid_path', 'The path is not valid');
        } else {
          logger.error('unhandled error', error as Error);
          request.response = errorResult(500, 'internal', 'Something went wrong on our side; please try again later');
        }
      },
    })
    .handler(httpRouter(routes) as never);
}

/** `Authorization: Bearer <secret>`; the author's token from the verification mail. */
export function bearerToken(request: ApiRequest): string {
  const match = /^Bearer\s+([A-Za-z0-9_-]{16,128})$/.exec(request.headers.authorization ?? '');
  if (!match?.[1]) throw new DomainError(401, 'missing_token', 'An Authorization: Bearer <token> header is required');
  return match[1];
}

/** The `{id}` of a route's path: a post's (or an alert's) id, or a 404 naming `what`. */
export const pathId = (request: ApiRequest, what = 'Post'): string => parseRecordId(request.pathParameters.id, what);

/** A campaign route's `{id}` (a section id: the campaign service answers 404 for any that is not a campaign) and `{volunteerId}`. */
export const campaignPath = (request: ApiRequest) => ({
  campaignId: request.pathParameters.id ?? '',
  volunteerId: request.pathParameters.volunteerId === undefined ? '' : parseRecordId(request.pathParameters.volunteerId, 'Volunteer'),
});
