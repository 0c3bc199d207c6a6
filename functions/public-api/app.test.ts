import { createLogger } from '../shared/logger.js';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { MissionStore } from '@entraide/core';
import { DynamoHttpClient, type HttpExchange } from '@entraide/dynamodb-store';
import { mockClient } from 'aws-sdk-client-mock';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  MemoryCampaignStore,
  CapturingMailer,
  MemoryAlertStore,
  MemoryListingStore,
  MemoryDrawingStore,
  MemoryGalleryObjects,
  MemoryNearbyIndex,
  MemoryPostStore,
  MemoryRelayStore,
  SequenceRandom,
  MemoryWishStore,
  MemoryRecognitionStore,
} from '../../test/support/core-fakes.js';
import { apiEvent, lambdaContext } from '../../test/support/lambda.js';
import { courbevoieTenant } from '../../test/support/tenants.js';
import { buildAdapters } from '../shared/adapters.js';
import { publicApiHandler } from './app.js';

// ---------- fakes and events ----------

const tenant = courbevoieTenant();

const email = 'camille.martin@example.org';
const newPost = {
  kind: 'request',
  category: 'groceries',
  title: 'Courses pour ma voisine',
  description: 'Le mardi matin.',
  location: { lat: 48.899, lon: 2.254 },
  author: { name: 'Camille Martin', email },
};

const context = lambdaContext('public-api');

const logger = () => createLogger('test', 'SILENT');

type Handler = ReturnType<typeof publicApiHandler>;
async function call(handler: Handler, event: APIGatewayProxyEventV2) {
  const response = (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
  expect(response.headers?.['content-type']).toMatch(/^application\/json/);
  return { status: response.statusCode, body: response.body, json: response.body ? JSON.parse(response.body) : undefined };
}

function setup() {
  const store = new MemoryPostStore();
  const mailer = new CapturingMailer();
  let now = new Date('2025-03-02T09:00:00.000Z');
  const handler = publicApiHandler({
    tenant,
    store,
    mailer,
    clock: { now: () => new Date(now) },
    random: new SequenceRandom([0.5]),
    // The contact relay has its own tests (test/api/contact-relay.test.ts); here it is what a deletion erases.
    relayStore: new MemoryRelayStore(),
    // Missions have their own tests (packages/dynamodb-store/src/mission-store.integration.test.ts, test/api/missions.test.ts).
    missionStore: new Proxy({} as MissionStore, { get: () => () => Promise.reject(new Error('missions not used here')) }),
    wishStore: new MemoryWishStore(),
    recognitionStore: new MemoryRecognitionStore(),
    // The directory has its own tests (test/api/listings.test.ts).
    listingStore: new MemoryListingStore(),
    // The gallery has its own tests (test/api/gallery.test.ts).
    drawingStore: new MemoryDrawingStore(),
    galleryObjects: new MemoryGalleryObjects(),
    drawingProcessor: { process: () => Promise.reject(new Error('the gallery is not used here')) },
    relayDomain: 'relay.entraide.example',
    campaignStore: new MemoryCampaignStore(),
    rateLimiter: { consume: async () => ({ allowed: true, retryAfterSeconds: 0 }) },
    nearbyIndex: new MemoryNearbyIndex(),
    alertStore: new MemoryAlertStore(),
    siteUrl: 'https://entraide.example',
    logger: logger(),
  });
  const advanceDays = (days: number) => {
    now = new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
  };
  const request = (method: string, path: string, options?: Parameters<typeof apiEvent>[2]) =>
    call(handler, apiEvent(method, path, options));

  /** Posts, then reads the token from the mail as the author would. */
  async function createPost() {
    const created = await request('POST', '/posts', { body: newPost });
    expect(created.status).toBe(201);
    const token = /[?&]token=([A-Za-z0-9_-]+)/.exec(mailer.sent.at(-1)!.text)?.[1];
    if (!token) throw new Error('no token in the mail');
    return { id: created.json.id as string, token, auth: { authorization: `Bearer ${token}` } };
  }

  return { store, mailer, request, createPost, advanceDays };
}

// ---------- the residents' journey ----------

describe('a resident’s post, through the API', () => {
  it('is created, confirmed from the mail, shown without the email, managed with the token, then deleted', async () => {
    const { request, createPost, mailer, store } = setup();
    const { id, token, auth } = await createPost();
    expect(mailer.sent.map((mail) => mail.to)).toEqual([email]);
    expect((await request('GET', `/posts/${id}`)).status).toBe(404);

    const verified = await request('POST', `/posts/${id}/verify`, { body: { token } });
    expect(verified).toMatchObject({ status: 200, json: { id, status: 'published' } });

    const shown = await request('GET', `/posts/${id}`);
    expect(shown).toMatchObject({ status: 200, json: { id, title: 'Courses pour ma voisine' } });
    expect(shown.body).not.toContain(email);
    const listed = await request('GET', '/posts');
    expect(listed.json).toMatchObject({ items: [{ id }], nextCursor: null });
    expect(listed.body).not.toContain(email);

    const own = await request('GET', `/posts/${id}/own`, { headers: auth });
    expect(own).toMatchObject({ status: 200, json: { id, status: 'published', author: { email } } });

    const edited = await request('PATCH', `/posts/${id}`, { headers: auth, body: { title: 'Courses le mardi' } });
    expect(edited).toMatchObject({ status: 200, json: { title: 'Courses le mardi' } });

    const closed = await request('POST', `/posts/${id}/close`, { headers: auth, body: { reason: 'fulfilled' } });
    expect(closed).toMatchObject({ status: 200, json: { status: 'closed', closedReason: 'fulfilled' } });
    expect((await request('GET', `/posts/${id}`)).status).toBe(404);

    const deleted = await request('DELETE', `/posts/${id}`, { headers: auth });
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    expect(JSON.stringify(store.stored(id))).not.toContain(email);
    expect((await request('GET', `/posts/${id}/own`, { headers: auth })).status).toBe(404);
  });

  it('answers the config without the staff addresses', async () => {
    const { request } = setup();
    const config = await request('GET', '/config');
    expect(config).toMatchObject({ status: 200, json: { id: 'courbevoie', features: { moderation: 'after' } } });
    expect(config.body).not.toContain('staff@');
  });
});

describe('what the API refuses', () => {
  it('an unknown field, naming it, and stores nothing (no mass assignment)', async () => {
    const { request, store, mailer } = setup();
    const response = await request('POST', '/posts', {
      body: { ...newPost, status: 'published', author: { ...newPost.author, role: 'staff' } },
    });
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe('invalid_input');
    expect(response.json.error.details).toEqual(
      expect.arrayContaining([
        { path: 'status', message: 'unknown field' },
        { path: 'author.role', message: 'unknown field' },
      ]),
    );
    expect(store.records.size).toBe(0);
    expect(mailer.sent).toHaveLength(0);
  });

  it('a place outside the tenant’s area, with a 422', async () => {
    const { request, store } = setup();
    const response = await request('POST', '/posts', { body: { ...newPost, location: { lat: 48.8566, lon: 2.3522 } } });
    expect(response.status).toBe(422);
    expect(response.json.error.code).toBe('outside_area');
    expect(store.records.size).toBe(0);
  });

  it('invalid JSON, with a 400 invalid_json', async () => {
    const { request, store } = setup();
    const response = await request('POST', '/posts', { body: '{"kind":"offer",' });
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe('invalid_json');
    expect(store.records.size).toBe(0);
  });

  it('a body over 32 KB, with a 413 even when it is not JSON', async () => {
    const { request, store } = setup();
    const response = await request('POST', '/posts', { body: `{"description":"${'x'.repeat(33 * 1024)}` });
    expect(response.status).toBe(413);
    expect(store.records.size).toBe(0);
  });

  it('an unknown route, with a 404 in JSON', async () => {
    const { request } = setup();
    const response = await request('GET', '/admin');
    expect(response.status).toBe(404);
    expect(response.json).toEqual({ error: { code: 'not_found', message: expect.any(String), details: [] } });
  });

  it('a path id that cannot be a post id, with a 404', async () => {
    const { request } = setup();
    for (const id of ['x'.repeat(300), 'short', 'post%2F..%2F000001', 'post0000%20']) {
      expect((await request('GET', `/posts/${id}`)).status).toBe(404);
    }
  });

  it('author routes without Authorization, with a 401', async () => {
    const { request, createPost } = setup();
    const { id } = await createPost();
    for (const [method, path, body] of [
      ['GET', `/posts/${id}/own`, undefined],
      ['PATCH', `/posts/${id}`, { title: 'Changé' }],
      ['POST', `/posts/${id}/close`, { reason: 'fulfilled' }],
      ['DELETE', `/posts/${id}`, undefined],
    ] as const) {
      const response = await request(method, path, body ? { body } : {});
      expect(response.status).toBe(401);
      expect(response.json.error.code).toBe('missing_token');
    }
  });

  it('another post’s token, with a 403', async () => {
    const { request, createPost } = setup();
    const first = await createPost();
    const second = await createPost();
    expect((await request('GET', `/posts/${first.id}/own`, { headers: second.auth })).status).toBe(403);
    expect((await request('POST', `/posts/${first.id}/verify`, { body: { token: second.token } })).status).toBe(403);
  });

  it('a verify without a token, with a 400 naming the token', async () => {
    const { request, createPost } = setup();
    const { id } = await createPost();
    const response = await request('POST', `/posts/${id}/verify`, { body: {} });
    expect(response.status).toBe(400);
    expect(response.json.error.details.map((detail: { path: string }) => detail.path)).toEqual(['token']);
  });

  it('a list query with an unknown parameter or a bad limit, naming it', async () => {
    const { request } = setup();
    const tooMany = await request('GET', '/posts', { query: { limit: '500' } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.details.map((detail: { path: string }) => detail.path)).toEqual(['query.limit']);
    const unknown = await request('GET', '/posts', { query: { tenant: 'paris' } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.details).toEqual([{ path: 'query.tenant', message: 'unknown field' }]);
  });

  it('an edit of an expired post, with a 409', async () => {
    const { request, createPost, advanceDays } = setup();
    const { id, token, auth } = await createPost();
    await request('POST', `/posts/${id}/verify`, { body: { token } });
    advanceDays(31);
    expect((await request('GET', `/posts/${id}`)).status).toBe(404);
    expect((await request('PATCH', `/posts/${id}`, { headers: auth, body: { title: 'Encore' } })).status).toBe(409);
  });
});

// ---------- with the real adapters, DynamoDB's answers faked at the HTTP exchange, SES mocked ----------

describe('with the real adapters on a failing DynamoDB', () => {
  let failure: (() => ReturnType<HttpExchange>) | undefined;
  let exchanges = 0;
  const exchange: HttpExchange = async () => {
    exchanges += 1;
    if (!failure) throw new Error('DynamoDB should not be called');
    return failure();
  };
  const sesMock = mockClient(SESv2Client);
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  const handler = publicApiHandler({
    tenant,
    siteUrl: 'https://entraide.example',
    logger: logger(),
    ...buildAdapters({
      tenantId: tenant.id,
      tableName: 'entraide-courbevoie-PostsTable-1ABC',
      mailFrom: 'Entraide <no-reply@entraide.example>',
      documentClient: new DynamoHttpClient({ region: 'eu-west-3', credentials, exchange, sleep: async () => undefined }),
      sesClient: new SESv2Client({ region: 'eu-west-3', credentials }),
    }),
  });

  beforeEach(() => {
    failure = undefined;
    exchanges = 0;
    sesMock.reset();
  });
  afterAll(() => {
    sesMock.restore();
  });

  it('never reads the table for a path id that cannot be a post id', async () => {
    for (const id of ['x'.repeat(300), 'short', 'T%23paris%23POST%23post000001']) {
      expect((await call(handler, apiEvent('GET', `/posts/${id}`))).status).toBe(404);
    }
    expect(exchanges).toBe(0);
  });

  const answer = (status: number, name: string, message: string) => async () => ({
    status,
    headers: { 'x-amzn-requestid': 'REQ1' },
    body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${name}`, message }),
  });
  it.each([
    [
      'a network error',
      async () => {
        throw Object.assign(new Error('connect ETIMEDOUT dynamodb.eu-west-3.amazonaws.com table entraide-courbevoie-PostsTable-1ABC'), {
          code: 'ETIMEDOUT',
        });
      },
    ],
    ['throttling', answer(400, 'ThrottlingException', 'Rate of requests exceeds the allowed throughput on DynamoDB')],
    ['an unavailable service', answer(503, 'ServiceUnavailable', 'DynamoDB is unavailable')],
  ])('answers %s, once retries are spent, with a 500 that says nothing of the inside', async (_what, fault) => {
    failure = fault;
    for (const event of [apiEvent('GET', '/posts/post000001'), apiEvent('GET', '/posts'), apiEvent('POST', '/posts', { body: newPost })]) {
      const response = await call(handler, event);
      expect(response.status).toBe(500);
      expect(response.json).toEqual({ error: { code: 'internal', message: expect.any(String), details: [] } });
      for (const inside of ['Dynamo', 'dynamo', 'PostsTable', 'entraide-courbevoie', 'Throttl', 'ETIMEDOUT', 'Unavailable', '    at ']) {
        expect(response.body).not.toContain(inside);
      }
    }
    expect(sesMock.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});
