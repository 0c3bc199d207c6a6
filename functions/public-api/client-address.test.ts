import { createLogger } from '../shared/logger.js';
import type { MissionStore, RateLimiter, RelayStore } from '@entraide/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  CapturingMailer,
  MemoryAlertStore,
  MemoryListingStore,
  MemoryDrawingStore,
  MemoryGalleryObjects,
  MemoryCampaignStore,
  MemoryNearbyIndex,
  MemoryPostStore,
  SequenceRandom,
  MemoryWishStore,
  MemoryRecognitionStore,
} from '../../test/support/core-fakes.js';
import { apiEvent, lambdaContext } from '../../test/support/lambda.js';
import { courbevoieTenant } from '../../test/support/tenants.js';
import { originProofHeader, viewerAddressHeader } from '../routes.js';
import { publicApiHandler } from './app.js';

// Behind CloudFront, API Gateway's sourceIp is an edge server's: every resident of a town would
// share one "10 posts an hour". The handler takes the viewer's address CloudFront forwards, and only
// from a request carrying CloudFront's proof; a request straight to execute-api is refused.

const secret = 'origin-secret-0123456789abcdefghijklmnopqrstuv';
const edge = '130.176.212.14';

/** Counts per subject, as the DynamoDB limiter does, without a window ending during the test. */
class CountingRateLimiter implements RateLimiter {
  readonly counts = new Map<string, number>();
  async consume(subject: string, max: number) {
    const count = this.counts.get(subject) ?? 0;
    if (count >= max) return { allowed: false, retryAfterSeconds: 3600 };
    this.counts.set(subject, count + 1);
    return { allowed: true, retryAfterSeconds: 0 };
  }
}

function api(originSecret: string | null) {
  const tenant = courbevoieTenant({ rateLimits: { ...courbevoieTenant().rateLimits, postsPerHourPerIp: 2, postsPerDayPerEmail: 100 } });
  const handler = publicApiHandler({
    tenant,
    store: new MemoryPostStore(),
    mailer: new CapturingMailer(),
    clock: { now: () => new Date('2025-03-02T09:00:00.000Z') },
    random: new SequenceRandom([0.5]),
    relayStore: new Proxy({} as RelayStore, { get: () => () => Promise.reject(new Error('relay not used here')) }),
    // The directory has its own tests (test/api/listings.test.ts).
    listingStore: new MemoryListingStore(),
    // The gallery has its own tests (test/api/gallery.test.ts).
    drawingStore: new MemoryDrawingStore(),
    galleryObjects: new MemoryGalleryObjects(),
    drawingProcessor: { process: () => Promise.reject(new Error('the gallery is not used here')) },
    relayDomain: 'relay.entraide.example',
    campaignStore: new MemoryCampaignStore(),
    missionStore: new Proxy({} as MissionStore, { get: () => () => Promise.reject(new Error('missions not used here')) }),
    wishStore: new MemoryWishStore(),
    recognitionStore: new MemoryRecognitionStore(),
    rateLimiter: new CountingRateLimiter(),
    nearbyIndex: new MemoryNearbyIndex(),
    alertStore: new MemoryAlertStore(),
    siteUrl: 'https://entraide.example',
    logger: createLogger('test', 'SILENT'),
    originSecret,
  });
  let n = 0;
  return async (headers: Record<string, string>, sourceIp = edge) => {
    n += 1;
    const event = apiEvent('POST', '/posts', {
      headers,
      body: {
        kind: 'request',
        category: 'groceries',
        title: `Courses ${n}`,
        description: 'Le mardi matin.',
        location: { lat: 48.899, lon: 2.254 },
        author: { name: 'Camille', email: `camille${n}@example.org` },
      },
    });
    event.requestContext.http.sourceIp = sourceIp;
    const response = (await handler(event, lambdaContext('public-api'))) as APIGatewayProxyStructuredResultV2;
    return { status: response.statusCode, code: response.body ? (JSON.parse(response.body).error?.code as string | undefined) : undefined };
  };
}

const viaCloudFront = (viewer: string) => ({ [originProofHeader]: secret, [viewerAddressHeader]: viewer });

test('two residents behind one CloudFront edge get a limit each', async () => {
  const post = api(secret);
  // Resident A uses up the tenant's 2 posts an hour…
  expect((await post(viaCloudFront('203.0.113.10'))).status).toBe(201);
  expect((await post(viaCloudFront('203.0.113.10'))).status).toBe(201);
  expect(await post(viaCloudFront('203.0.113.10'))).toEqual({ status: 429, code: 'rate_limited' });
  // …resident B, through the same edge server, still posts.
  expect((await post(viaCloudFront('2001:db8::7'))).status).toBe(201);
});

test('a request straight to the API, without CloudFront’s proof or with a wrong one, is refused before anything is read', async () => {
  const post = api(secret);
  expect(await post({ [viewerAddressHeader]: '203.0.113.10' })).toEqual({ status: 403, code: 'forbidden_origin' });
  expect(await post({ [originProofHeader]: `${secret}x`, [viewerAddressHeader]: '203.0.113.10' })).toEqual({
    status: 403,
    code: 'forbidden_origin',
  });
});

test('locally (no origin secret) the socket’s address counts, and a forged viewer header changes nothing', async () => {
  const post = api(null);
  expect((await post({ [viewerAddressHeader]: '203.0.113.1' }, '127.0.0.1')).status).toBe(201);
  expect((await post({ [viewerAddressHeader]: '203.0.113.2' }, '127.0.0.1')).status).toBe(201);
  expect(await post({ [viewerAddressHeader]: '203.0.113.3' }, '127.0.0.1')).toEqual({ status: 429, code: 'rate_limited' });
});
