import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '@entraide/functions/shared/logger';
import { loadTenantDirectory } from '@entraide/core';
import { localTableName } from '@entraide/dynamodb-store';
import { ensureTable } from '@entraide/dynamodb-store/create-table';
import { scheduledJobsHandler, type JobDeps } from '@entraide/functions/scheduled-jobs';
import { buildAdapters } from '@entraide/functions/shared/adapters';
import type { Context } from 'aws-lambda';
import { staffApiHandler } from '../../functions/staff-api/app.js';
import {
  localDocClient,
  localDynamoClient,
  localSesClient,
  readOutbox,
  startEmbeddedDynamo,
  startEmbeddedSes,
  type RunningServer,
} from '../../packages/local/src/embedded-servers.js';
import { lambdaContext } from '../support/lambda.js';
import { repositoryRoot } from '../support/platform.js';
import { beyondGrant, recordingDocClient } from '../support/table-access.js';

/** Every sample event of `events/staff-api` and `events/scheduled-jobs`, through the real handlers. */
const expected: Record<string, number> = {
  'staff-login': 202,
  'staff-login-not-staff': 202,
  'staff-session-unknown-token': 401,
  'moderation-queue-no-session': 401,
  'export-csv-forged-session': 401,
  'stats-other-tenant-session': 403,
};

let dynamo: RunningServer;
let ses: RunningServer;
let jobDeps: JobDeps;
let handler: ReturnType<typeof staffApiHandler>;
/** What each function's code sends to the table, to hold against its grant. */
const tables: { staff?: ReturnType<typeof recordingDocClient>; jobs?: ReturnType<typeof recordingDocClient> } = {};
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
  tables.staff = recordingDocClient(documentClient);
  tables.jobs = recordingDocClient(documentClient);
  const depsWith = (table: ReturnType<typeof recordingDocClient>): JobDeps => ({
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
  handler = staffApiHandler(depsWith(tables.staff));
  jobDeps = depsWith(tables.jobs);
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await ses.stop();
  await dynamo.stop();
});

const files = readdirSync(join(repositoryRoot, 'events', 'staff-api')).filter((name) => name.endsWith('.json'));

test('every staff sample event has an expected answer', () => {
  expect(files.map((name) => name.replace(/\.json$/, '')).sort()).toEqual(Object.keys(expected).sort());
});

test.each(files)('%s', async (name) => {
  const event = JSON.parse(readFileSync(join(repositoryRoot, 'events', 'staff-api', name), 'utf8'));
  const before = (await readOutbox(ses.endpoint)).length;
  const result = await handler(event, { awsRequestId: 'test' } as Context);
  expect(result.statusCode).toBe(expected[name.replace(/\.json$/, '')]);
  const sent = (await readOutbox(ses.endpoint)).slice(before);
  expect(sent.map((mail) => mail.destination.to)).toEqual(name === 'staff-login.json' ? [['staff@courbevoie.example']] : []);
  if (name === 'staff-login.json') expect(sent[0]!.body.text).toContain('https://entraide.example/t/courbevoie/equipe.html?token=');
});

test('the scheduler tick runs the digest job of the tenant', async () => {
  const tick = JSON.parse(readFileSync(join(repositoryRoot, 'events', 'scheduled-jobs', 'digest-tick.json'), 'utf8'));
  expect(tick).toEqual({ job: 'digest' });
  const summary = await scheduledJobsHandler(jobDeps)(tick, lambdaContext('entraide-courbevoie-scheduled-jobs'));
  // A fresh table: nothing to say, nothing sent.
  expect(summary).toEqual({ mailsSent: 0, nothingToSay: true, newPosts: 0, awaitingModeration: 0 });
});

test('the staff API and the scheduled jobs sent their table only what their roles grant (functions/table-access.ts)', () => {
  expect(tables.staff!.sent.size).toBeGreaterThan(0);
  expect(beyondGrant('staff-api', tables.staff!.sent)).toEqual([]);
  // The digest reads its status lists on gsi1.
  expect(tables.jobs!.sent).toContain('Query on gsi1');
  expect(beyondGrant('scheduled-jobs', tables.jobs!.sent)).toEqual([]);
});
