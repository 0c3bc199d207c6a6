import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '@entraide/functions/shared/logger';
import { parseTenantConfig, type OutgoingMail, type PostRecord } from '@entraide/core';
import { DynamoPostStore, DynamoStatsStore } from '@entraide/dynamodb-store';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '@entraide/dynamodb-store/create-table';
import { publicApiHandler } from '@entraide/functions/public-api';
import { runScheduledJob } from '@entraide/functions/scheduled-jobs';
import { buildAdapters } from '@entraide/functions/shared/adapters';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { localDocClient, localDynamoClient, startEmbeddedDynamo, type RunningServer } from '../../packages/local/src/embedded-servers.js';
import { repositoryRoot } from '../support/platform.js';

/**
 * "Did the help take place?": the follow-ups job and its one-click answer, on the embedded
 * DynamoDB with a clock the test moves (the job runs days after the first contact).
 */
let dynamo: RunningServer;
let client: ReturnType<typeof localDynamoClient>;
let documentClient: ReturnType<typeof localDocClient>;
const tableName = 'entraide-bourg-la-reine';
const tenant = parseTenantConfig(
  JSON.parse(readFileSync(join(repositoryRoot, 'infra', 'tenants', 'bourg-la-reine.json'), 'utf8')),
  'bourg-la-reine',
);
let now = new Date('2026-03-02T09:00:00.000Z');
const sent: OutgoingMail[] = [];

beforeAll(async () => {
  dynamo = await startEmbeddedDynamo({ port: 0 });
  client = localDynamoClient(dynamo.endpoint);
  documentClient = localDocClient(dynamo.endpoint);
  await ensureTable(client, tableName);
});
afterAll(async () => {
  client.destroy();
  documentClient.destroy();
  await dynamo.stop();
});

function deps() {
  const adapters = buildAdapters({
    tenantId: tenant.id,
    tableName,
    mailFrom: 'Entraide <ne-pas-repondre@entraide.example>',
    documentClient,
    mailer: { send: async (mail) => void sent.push(mail) },
  });
  return {
    ...adapters,
    tenant,
    siteUrl: 'https://entraide.example',
    logger: createLogger('test', 'SILENT'),
    clock: { now: () => new Date(now) },
  };
}

const post = (id: string, email: string): PostRecord => ({
  tenantId: tenant.id,
  id,
  kind: 'offer',
  category: 'childcare',
  status: 'published',
  content: {
    title: 'Garde d’enfants le mercredi',
    description: 'Après l’école.',
    location: { lat: 48.7797, lon: 2.3167 },
    publicLocation: { lat: 48.78, lon: 2.317 },
    author: { name: 'Inès', email },
  },
  tokenHash: 'a'.repeat(64),
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
  publishedAt: now.toISOString(),
  expiresAt: '2026-06-01T00:00:00.000Z',
  version: 1,
});

function apiEvent(path: string, body: unknown): APIGatewayProxyEventV2 {
  const rawPath = `/t/${tenant.id}/api${path}`;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      http: { method: 'POST', path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.10', userAgent: 'test' },
    } as APIGatewayProxyEventV2['requestContext'],
  };
}

/** The public API as a browser calls it, POST with a JSON body. */
async function call(path: string, body: unknown) {
  const result = await publicApiHandler(deps())(apiEvent(path, body), { awsRequestId: 'test' } as Context);
  return { status: result.statusCode, body: JSON.parse(result.body ?? 'null') };
}

test('a few days after the first contact, the author is asked once, answers in one click, and the answer is counted', async () => {
  await new DynamoPostStore(documentClient, tableName).insert(post('postfollow01', 'ines@example.org'));
  await new DynamoPostStore(documentClient, tableName).insert(post('postfollow02', 'jules@example.org'));
  expect(
    (await call('/posts/postfollow01/contact', { name: 'Karim', email: 'karim@example.net', message: 'Je peux garder vos enfants.' }))
      .status,
  ).toBe(202);
  expect((await call('/posts/postfollow01/contact', { name: 'Lou', email: 'lou@example.net', message: 'Moi aussi.' })).status).toBe(202);

  // Too early: nothing to ask yet.
  now = new Date('2026-03-04T09:00:00.000Z');
  expect(await runScheduledJob('follow-ups', deps() as never)).toMatchObject({ due: 0, sent: 0, skipped: 0 });

  // Four days on: one question for the post, not one per resident.
  sent.length = 0;
  now = new Date('2026-03-06T10:00:00.000Z');
  expect(await runScheduledJob('follow-ups', deps() as never)).toMatchObject({ due: 1, sent: 1, skipped: 0 });
  expect(sent.map((mail) => mail.to)).toEqual(['ines@example.org']);
  const question = sent[0]!;
  expect(question.subject).toBe('« Garde d’enfants le mercredi » : l’entraide a-t-elle eu lieu ?');
  expect(question.text.indexOf('Oui, l’entraide a eu lieu')).toBeLessThan(question.text.indexOf('Yes, the help took place'));
  // Run again (a retried schedule): nothing more is sent.
  expect(await runScheduledJob('follow-ups', deps() as never)).toMatchObject({ due: 0, sent: 0, skipped: 0 });

  const link = new URL(/https:\/\/\S+answer=in_touch/.exec(question.text)![0]);
  expect(link.pathname).toBe('/t/bourg-la-reine/suivi.html');
  const token = link.searchParams.get('token')!;
  expect((await call('/posts/postfollow01/follow-up', { token: 'x'.repeat(43), answer: 'yes' })).status).toBe(403);
  expect((await call('/posts/postfollow02/follow-up', { token, answer: 'yes' })).status).toBe(404);
  expect((await call('/posts/postfollow01/follow-up', { token, answer: 'maybe' })).body.error.details[0].path).toBe('answer');
  expect(await call('/posts/postfollow01/follow-up', { token, answer: 'in_touch' })).toEqual({
    status: 200,
    body: { answer: 'in_touch', recorded: true },
  });
  // A second click (or a mail scanner opening the other links) changes nothing.
  expect(await call('/posts/postfollow01/follow-up', { token, answer: 'no' })).toEqual({
    status: 200,
    body: { answer: 'in_touch', recorded: false },
  });

  const days = await new DynamoStatsStore(documentClient, tableName).readDays(tenant.id, '2026-03-01', '2026-03-31');
  const totals: Record<string, number> = {};
  for (const day of days) for (const [name, value] of Object.entries(day.counts)) totals[name] = (totals[name] ?? 0) + value;
  expect(totals).toMatchObject({ connections: 2, 'followup.sent': 1, 'followup.in_touch': 1 });
  expect(totals['followup.no']).toBeUndefined();
});

test('"still needed?" is mailed once before expiry; its link extends the post once per mail, refused past the maximum', async () => {
  // This post's reminders (the first test's posts expire on 1 June: theirs come too).
  const reminders = () => sent.filter((candidate) => candidate.text.includes('encore.html?post=postremind01'));
  const reminderLink = () => {
    const mail = reminders().at(-1)!;
    return new URL(/https:\/\/\S+encore\.html\S+/.exec(mail.text)![0]);
  };
  now = new Date('2026-04-01T08:00:00.000Z');
  await new DynamoPostStore(documentClient, tableName).insert({
    ...post('postremind01', 'zoe@example.org'),
    expiresAt: '2026-04-03T12:00:00.000Z',
  });
  sent.length = 0;
  // The same run recounts the density summary from the index: what the posts' own writes counted is exact.
  expect(await runScheduledJob('follow-ups', deps() as never)).toMatchObject({
    remindersDue: 1,
    remindersSent: 1,
    densityEntries: expect.any(Number),
    densityCorrected: 0,
  });
  // A retried schedule sends nothing more.
  expect(await runScheduledJob('follow-ups', deps() as never)).toMatchObject({ remindersDue: 0, remindersSent: 0 });
  expect(sent.map((mail) => mail.to)).toEqual(['zoe@example.org']);
  expect(sent[0]!.subject).toContain('toujours d’actualité');
  const first = reminderLink();
  expect(first.pathname).toBe('/t/bourg-la-reine/encore.html');
  const token = first.searchParams.get('token')!;

  expect((await call('/posts/postremind01/still-needed', { token, answer: 'later' })).body.error.details[0].path).toBe('answer');
  expect((await call('/posts/postremind01/still-needed', { token: 'x'.repeat(43), answer: 'extend' })).status).toBe(403);
  const extended = await call('/posts/postremind01/still-needed', { token, answer: 'extend' });
  expect(extended).toMatchObject({ status: 200, body: { status: 'published', expiresAt: '2026-05-03T12:00:00.000Z', extensionsLeft: 1 } });
  expect((await call('/posts/postremind01/still-needed', { token, answer: 'extend' })).body.error.code).toBe('reminder_used');

  // Past its first expiry the post is still on the site; the next expiry has its own mail.
  now = new Date('2026-05-01T08:00:00.000Z');
  expect((await publicApiHandler(deps())(getEvent('/posts/postremind01'), { awsRequestId: 'test' } as Context)).statusCode).toBe(200);
  await runScheduledJob('follow-ups', deps() as never);
  const second = reminderLink().searchParams.get('token')!;
  expect(second).not.toBe(token);
  expect((await call('/posts/postremind01/still-needed', { token: second, answer: 'extend' })).body.extensionsLeft).toBe(0);

  now = new Date('2026-05-31T08:00:00.000Z');
  await runScheduledJob('follow-ups', deps() as never);
  const last = reminderLink().searchParams.get('token')!;
  const refused = await call('/posts/postremind01/still-needed', { token: last, answer: 'extend' });
  expect(refused).toMatchObject({ status: 409, body: { error: { code: 'extension_limit' } } });
  const stored = await new DynamoPostStore(documentClient, tableName).get(tenant.id, 'postremind01');
  expect(stored).toMatchObject({ expiresAt: '2026-06-02T12:00:00.000Z', extensions: 2 });
  expect(reminders()).toHaveLength(3);
  expect(reminders()[2]!.text).toContain('déjà été prolongée autant que possible');
});

function getEvent(path: string): APIGatewayProxyEventV2 {
  const event = apiEvent(path, undefined);
  return { ...event, body: undefined, requestContext: { ...event.requestContext, http: { ...event.requestContext.http, method: 'GET' } } };
}

test('alerts end: one "still want it?" mail before the end, a one-click renewal, then erasure: a Scan finds nothing of the address', async () => {
  const address = 'yannick.alerte@example.org';
  now = new Date('2026-07-01T08:00:00.000Z');
  sent.length = 0;
  const created = await call('/alerts', { email: address, near: tenant.area.center, radiusKm: 1 });
  expect(created.status).toBe(201);
  const alertId = created.body.id as string;
  const verifyLink = new URL(/https:\/\/\S+alerte\.html\S+/.exec(sent[0]!.text)![0]);
  expect((await call(`/alerts/${alertId}/verify`, { token: verifyLink.searchParams.get('token') })).body.status).toBe('active');
  const notices = () => sent.filter((mail) => mail.to === address && mail.text.includes('action=renew'));

  // The end is six months on (bourg-la-reine's file sets no months): nothing to say a month before.
  now = new Date('2026-12-01T08:00:00.000Z');
  expect(await runScheduledJob('alerts', deps() as never)).toMatchObject({ renewalNotices: 0, expired: 0 });
  now = new Date('2026-12-20T08:00:00.000Z');
  expect(await runScheduledJob('alerts', deps() as never)).toMatchObject({ renewalNotices: 1, expired: 0 });
  expect(await runScheduledJob('alerts', deps() as never)).toMatchObject({ renewalNotices: 0 });
  expect(notices()).toHaveLength(1);
  expect(notices()[0]!.text).toContain('prend fin le 1 janvier 2027');
  const renewLink = new URL(/https:\/\/\S+action=renew/.exec(notices()[0]!.text)![0]);
  expect(renewLink.pathname).toBe('/t/bourg-la-reine/alerte.html');
  const token = renewLink.searchParams.get('token')!;
  expect((await call(`/alerts/${alertId}/renew`, {})).body.error.details[0].path).toBe('token');
  expect((await call(`/alerts/${alertId}/renew`, { token: 'x'.repeat(43) })).status).toBe(403);
  expect(await call(`/alerts/${alertId}/renew`, { token })).toEqual({
    status: 200,
    body: { id: alertId, status: 'active', expiresAt: '2027-06-20T08:00:00.000Z' },
  });

  const scanned = async () => {
    const { Items = [] } = await client.send(new ScanCommand({ TableName: tableName }));
    return JSON.stringify(Items);
  };
  expect(await scanned()).toContain(address);
  // Not renewed again: the day after its new end, the job erases it, its index entries with it.
  now = new Date('2027-06-21T08:00:00.000Z');
  expect(await runScheduledJob('alerts', deps() as never)).toMatchObject({ expired: 1 });
  const table = await scanned();
  expect(table).not.toContain(address);
  expect(table).not.toContain(alertId);
  expect((await call(`/alerts/${alertId}/renew`, { token })).status).toBe(404);
});
