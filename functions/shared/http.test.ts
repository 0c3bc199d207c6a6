import { createLogger } from './logger.js';
import { ConcurrentUpdateError, DomainError } from '@entraide/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { apiEvent, lambdaContext, logLines } from '../../test/support/lambda.js';
import { routesOf } from '../routes.js';
import { bearerToken, httpHandler, maxBodyBytes, ok, type ApiRequest, type Operation, type Operations } from './http.js';

const tenantId = 'courbevoie';

const context = lambdaContext('public-api');

/** Every operation answers what it was asked, so a test sees what reached it. */
function setup(overrides: Partial<Operations<'public-api'>> = {}) {
  const received: { operation: string; request: ApiRequest }[] = [];
  const operations = Object.fromEntries(
    routesOf('public-api').map((route) => [
      route.operation,
      overrides[route.operation as keyof Operations<'public-api'>] ??
        (async (request: ApiRequest) => {
          received.push({ operation: route.operation, request });
          return ok({ operation: route.operation });
        }),
    ]),
  ) as Operations<'public-api'>;
  const logger = createLogger('test', 'SILENT');
  const handler = httpHandler({ group: 'public-api', tenantId, operations, logger });
  const call = async (event: APIGatewayProxyEventV2) => {
    const response = (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
    expect(response.headers?.['content-type']).toMatch(/^application\/json/);
    return { ...response, json: response.body === undefined ? undefined : JSON.parse(response.body) };
  };
  return { call, received, logger };
}

const failing =
  (error: unknown): Operation =>
  async () => {
    throw error;
  };

describe('routing', () => {
  it('dispatches each route of the route table to its operation, with the path parameters', async () => {
    const { call, received } = setup();
    for (const route of routesOf('public-api')) {
      const path = route.path.replace('{id}', 'post000001');
      const response = await call(apiEvent(route.method, path, route.method === 'GET' ? {} : { body: '{}' }));
      expect(response.json).toEqual({ operation: route.operation });
    }
    expect(received.filter((call) => call.operation === 'getPost')[0]!.request.pathParameters).toEqual({ id: 'post000001' });
  });

  it('answers an unknown path or method with a 404 in the error shape', async () => {
    const { call, received } = setup();
    for (const event of [apiEvent('GET', '/nothing-here'), apiEvent('PUT', '/posts'), apiEvent('GET', '/posts/a/b/c')]) {
      const response = await call(event);
      expect(response.statusCode).toBe(404);
      expect(response.json).toEqual({ error: { code: 'not_found', message: expect.any(String), details: [] } });
    }
    expect(received).toHaveLength(0);
  });

  it('answers 404 to a request for another tenant’s API', async () => {
    const { call, received } = setup();
    const response = await call(apiEvent('GET', '/config', { prefix: '/t/paris/api' }));
    expect(response.statusCode).toBe(404);
    expect(received).toHaveLength(0);
  });

  it('answers 400 to a path with broken percent-encoding', async () => {
    const { call, received } = setup();
    const response = await call(apiEvent('GET', '/posts/%E0%A4%A'));
    expect(response.statusCode).toBe(400);
    expect(response.json.error.code).toBe('invalid_path');
    expect(received).toHaveLength(0);
  });
});

describe('request bodies', () => {
  it('hands the operation the parsed JSON, query and lower-cased headers', async () => {
    const { call, received } = setup();
    await call(apiEvent('POST', '/posts', { body: '{"title":"Courses"}', headers: { Authorization: 'Bearer x' }, query: { limit: '5' } }));
    expect(received[0]!.request).toMatchObject({
      body: { title: 'Courses' },
      query: { limit: '5' },
      headers: { authorization: 'Bearer x' },
    });
  });

  it('decodes a base64 body', async () => {
    const { call, received } = setup();
    await call(apiEvent('POST', '/posts', { body: Buffer.from('{"title":"Été"}').toString('base64'), isBase64Encoded: true }));
    expect(received[0]!.request.body).toEqual({ title: 'Été' });
  });

  it('reads a form body (a mail program’s one-click unsubscribe) as its fields', async () => {
    const { call, received } = setup();
    await call(
      apiEvent('POST', '/posts', {
        body: 'List-Unsubscribe=One-Click',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(received[0]!.request.body).toEqual({ 'List-Unsubscribe': 'One-Click' });
  });

  it('refuses a body that is not JSON with a 400 invalid_json', async () => {
    const { call, received } = setup();
    const response = await call(apiEvent('POST', '/posts', { body: '{"title": "Courses",' }));
    expect(response.statusCode).toBe(400);
    expect(response.json.error).toMatchObject({ code: 'invalid_json', details: [{ path: '(body)', message: expect.any(String) }] });
    expect(received).toHaveLength(0);
  });

  it('refuses a body over 32 KB with a 413, before looking at it, even if it is not JSON', async () => {
    const { call, received } = setup();
    const response = await call(apiEvent('POST', '/posts', { body: `{"title": "${'x'.repeat(maxBodyBytes)}` }));
    expect(response.statusCode).toBe(413);
    expect(response.json.error.code).toBe('body_too_large');
    expect(received).toHaveLength(0);
  });

  it('counts bytes, not characters: 32 KB of accented text is too large', async () => {
    const { call } = setup();
    const response = await call(apiEvent('POST', '/posts', { body: JSON.stringify({ title: 'é'.repeat(maxBodyBytes / 2) }) }));
    expect(response.statusCode).toBe(413);
  });

  it('accepts a body of exactly 32 KB', async () => {
    const { call } = setup();
    const body = JSON.stringify({ title: 'x'.repeat(maxBodyBytes - '{"title":""}'.length) });
    expect(Buffer.byteLength(body)).toBe(maxBodyBytes);
    expect((await call(apiEvent('POST', '/posts', { body }))).statusCode).toBe(200);
  });
});

describe('errors', () => {
  it('maps a domain error to its status, code, message and details', async () => {
    const { call } = setup({
      createPost: failing(
        new DomainError(422, 'outside_area', 'This place is outside the area', [{ path: 'location', message: '9 km away' }]),
      ),
    });
    const response = await call(apiEvent('POST', '/posts', { body: '{}' }));
    expect(response.statusCode).toBe(422);
    expect(response.json).toEqual({
      error: { code: 'outside_area', message: 'This place is outside the area', details: [{ path: 'location', message: '9 km away' }] },
    });
  });

  it('answers anything else with a 500 that says nothing of the inside, and logs it for the operator', async () => {
    const internal = new Error('AccessDeniedException: arn:aws:dynamodb:eu-west-3:123456789012:table/entraide-courbevoie');
    const { call, logger } = setup({ getConfig: failing(internal) });
    const logged = jest.spyOn(logger, 'error');

    const response = await call(apiEvent('GET', '/config'));

    expect(response.statusCode).toBe(500);
    expect(response.json).toEqual({ error: { code: 'internal', message: expect.any(String), details: [] } });
    for (const secret of ['dynamodb', 'entraide-courbevoie', 'arn:', 'AccessDenied', '    at ', '.ts']) {
      expect(response.body).not.toContain(secret);
    }
    expect(logged).toHaveBeenCalledWith(expect.any(String), internal);
  });

  it('logs with Lambda’s request id and cold start, the tenant and the route, and forgets them after the request', async () => {
    const logger = createLogger('public-api', 'INFO');
    const logsAndFails: Operation = async () => {
      logger.info('operation ran');
      throw new Error('internal');
    };
    const operations = Object.fromEntries(
      routesOf('public-api').map((route) => [route.operation, logsAndFails]),
    ) as Operations<'public-api'>;
    const handler = httpHandler({ group: 'public-api', tenantId, operations, logger });
    const lines = await logLines(() => handler(apiEvent('GET', '/config'), lambdaContext('entraide-courbevoie-public-api', 'request-7')));
    const invocation = {
      tenant: 'courbevoie',
      route: 'GET /t/courbevoie/api/config',
      function_request_id: 'request-7',
      cold_start: expect.any(Boolean),
    };
    expect(lines).toEqual([
      expect.objectContaining({ message: 'operation ran', ...invocation }),
      expect.objectContaining({ message: 'unhandled error', level: 'ERROR', ...invocation }),
    ]);
    const after = await logLines(async () => logger.info('between requests'));
    expect(after).toEqual([expect.objectContaining({ message: 'between requests' })]);
    expect(after[0]).not.toHaveProperty('route');
  });

  it('answers a post that kept changing during the retries with a 409 the client can retry', async () => {
    const { call } = setup({ editPost: failing(new ConcurrentUpdateError()) });
    const response = await call(apiEvent('PATCH', '/posts/post000001', { body: '{"title":"x"}' }));
    expect(response.statusCode).toBe(409);
    expect(response.json.error.code).toBe('concurrent_update');
  });

  it('answers a thrown non-Error with a 500 too', async () => {
    const { call } = setup({ getConfig: failing('a string') });
    expect((await call(apiEvent('GET', '/config'))).statusCode).toBe(500);
  });

  it('sends no-store and nosniff on errors and successes alike', async () => {
    const { call } = setup();
    for (const event of [apiEvent('GET', '/config'), apiEvent('GET', '/nothing-here')]) {
      expect((await call(event)).headers).toMatchObject({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    }
  });

  it('answers 204 with no body when the operation has nothing to say', async () => {
    const { call } = setup({ deletePost: async () => ({ statusCode: 204 }) });
    const response = await call(apiEvent('DELETE', '/posts/post000001'));
    expect(response.statusCode).toBe(204);
    expect(response.body).toBeUndefined();
  });
});

describe('bearerToken', () => {
  const request = (authorization?: string): ApiRequest => ({
    pathParameters: {},
    query: {},
    body: undefined,
    headers: authorization === undefined ? {} : { authorization },
    sourceIp: '192.0.2.10',
  });

  it('reads the token of an Authorization: Bearer header', () => {
    expect(bearerToken(request('Bearer abcdefghijklmnop_-12'))).toBe('abcdefghijklmnop_-12');
  });

  it.each([undefined, '', 'Basic dXNlcjpwYXNz', 'Bearer short', 'Bearer abcdefghijklmnop extra', 'abcdefghijklmnopqrst'])(
    'answers 401 to %p',
    (authorization) => {
      expect(() => bearerToken(request(authorization))).toThrow(expect.objectContaining({ status: 401, code: 'missing_token' }));
    },
  );
});
