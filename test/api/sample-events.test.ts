import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '@entraide/functions/shared/logger';
import { loadTenantDirectory } from '@entraide/core';
import { localTableName } from '@entraide/dynamodb-store';
import { ensureTable } from '@entraide/dynamodb-store/create-table';
import { publicApiHandler } from '@entraide/functions/public-api';
import { buildAdapters } from '@entraide/functions/shared/adapters';
import type { Context } from 'aws-lambda';
import {
  localDocClient,
  localDynamoClient,
  localSesClient,
  readOutbox,
  startEmbeddedDynamo,
  startEmbeddedSes,
  type RunningServer,
} from '../../packages/local/src/embedded-servers.js';
import { repositoryRoot } from '../support/platform.js';
import { beyondGrant, recordingDocClient } from '../support/table-access.js';

/** Every sample event of `events/public-api`, through the real handler, as Lambda would invoke it. */
const expected: Record<string, number> = {
  'get-config': 200,
  'list-posts': 200,
  'create-post': 201,
  'create-post-invalid': 400,
  'get-post-unknown': 404,
  'verify-post-wrong-token': 404,
  // Courbevoie's sections take posts: a listing there is refused before anything is stored or mailed.
  'create-listing-not-directory': 400,
  'list-listings-delivers-to': 200,
};

let dynamo: RunningServer;
let ses: RunningServer;
let handler: ReturnType<typeof publicApiHandler>;
let table: ReturnType<typeof recordingDocClient>;
const clients: { destroy(): void }[] = [];

beforeAll(async () => {
  dynamo = await startEmbeddedDynamo({ port: 0 });
  ses = await startEmbeddedSes({ port: 0 });
  const dynamoClient = localDynamoClient(dynamo.endpoint);
  const sesClient = localSesClient(ses.endpoint);
  const documentClient = localDocClient(dynamo.endpoint);
  clients.push(dynamoClient, documentClient, sesClient);
  const tenant = loadTenantDirectory(join(repositoryRoot, 'infra', 'tenants')).find((candidate) => candidate.id === 'courbevoie')!;
  await ensureTable(dynamoClient, localTableName(tenant.id));
  table = recordingDocClient(documentClient);
  handler = publicApiHandler({
    tenant,
    siteUrl: 'https://entraide.example',
    logger: createLogger('test', 'SILENT'),
    ...buildAdapters({
      tenantId: tenant.id,
      tableName: localTableName(tenant.id),
      mailFrom: 'Entraide <ne-pas-repondre@entraide.example>',
      documentClient: table.client,
      sesClient,
    }),
  });
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await ses.stop();
  await dynamo.stop();
});

const files = readdirSync(join(repositoryRoot, 'events', 'public-api')).filter((name) => name.endsWith('.json'));

test('every sample event has an expected answer', () => {
  expect(files.map((name) => name.replace(/\.json$/, '')).sort()).toEqual(Object.keys(expected).sort());
});

test.each(files)('%s', async (name) => {
  const event = JSON.parse(readFileSync(join(repositoryRoot, 'events', 'public-api', name), 'utf8'));
  const result = await handler(event, { awsRequestId: 'test' } as Context);
  expect(result.statusCode).toBe(expected[name.replace(/\.json$/, '')]);
  expect(result.headers?.['content-type']).toContain('application/json');
  const body = JSON.parse(result.body ?? '{}');
  if (name === 'create-post.json') {
    const mails = await readOutbox(ses.endpoint);
    expect(mails.at(-1)?.destination.to).toEqual(['ana@example.org']);
    expect(mails.at(-1)?.body.text).toContain(`https://entraide.example/t/courbevoie/verifier.html?post=${body.id}&token=`);
  }
  if (name === 'create-listing-not-directory.json')
    expect([body.error.code, body.error.details[0].path]).toEqual(['unknown_section', 'section']);
  if (name === 'list-listings-delivers-to.json') expect(body).toEqual({ items: [], nextCursor: null });
  if (name === 'create-post-invalid.json') {
    const paths = body.error.details.map((detail: { path: string }) => detail.path);
    expect(paths).toEqual(expect.arrayContaining(['admin', 'title', 'category', 'location', 'author']));
  }
});

test('the public API sent its table only what its role grants (functions/table-access.ts)', () => {
  expect(table.sent.size).toBeGreaterThan(0);
  expect(beyondGrant('public-api', table.sent)).toEqual([]);
});
