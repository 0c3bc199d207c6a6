import { Agent, request } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { localTableName } from '@entraide/dynamodb-store';
import { localDynamoClient, readOutbox, type OutboxMail } from '../../packages/local/src/embedded-servers.js';
import { startPlatform, type RunningPlatform } from '../../packages/local/src/platform.js';
import { buildSite } from '../../packages/site/build/build-site.js';
import { startSesFront, type SesFront } from './ses-front.js';

export const repositoryRoot = join(__dirname, '..', '..');

export interface TestPlatform extends RunningPlatform {
  dataDir: string;
  api(
    tenantId: string,
    path: string,
    init?: { method?: string; body?: unknown; rawBody?: string; token?: string },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  outbox(): Promise<OutboxMail[]>;
  /** Every item of a tenant's table, read straight from the embedded DynamoDB. */
  tableItems(tenantId: string): Promise<Record<string, unknown>[]>;
  restart(): Promise<TestPlatform>;
  cleanUp(): Promise<void>;
}

/**
 * The demo tenants with abuse limits raised: every request of a test suite comes from 127.0.0.1,
 * and suites post far more than a resident would. The limits themselves are tested with the real
 * settings (`realRateLimits`).
 */
function relaxedTenantsDir(dataDir: string): string {
  const directory = join(dataDir, 'tenants');
  mkdirSync(directory, { recursive: true });
  const source = join(repositoryRoot, 'infra', 'tenants');
  for (const name of readdirSync(source).filter((file) => file.endsWith('.json'))) {
    const tenant = JSON.parse(readFileSync(join(source, name), 'utf8'));
    tenant.rateLimits = {
      postsPerHourPerIp: 10_000,
      postsPerDayPerEmail: 10_000,
      staffLoginsPerHourPerIp: 10_000,
      staffLoginsPerHourPerEmail: 10_000,
      reportsPerHourPerIp: 10_000,
      alertsPerHourPerIp: 10_000,
      alertsPerDayPerEmail: 10_000,
    };
    // An administrator besides the staff address, for what only an admin may do (personal data in exports).
    tenant.adminEmails = [`admin@${tenant.id}.example`];
    writeFileSync(join(directory, name), JSON.stringify(tenant));
  }
  return directory;
}

/**
 * The local platform on free ports with a fresh (or given) data dir, as `npm start` runs it, except
 * that it does not wait out the staff sign-in's answer floor (400 ms a request: core's staff tests
 * check the floor with a recorded sleep) unless `realWaits` is set, and starts the S3 server on the
 * gallery's first use unless `s3Start` says 'at-start' (the upload page's CSP names it then).
 */
export async function startTestPlatform(
  options: { dataDir?: string; seed?: boolean; realRateLimits?: boolean; realWaits?: boolean; s3Start?: 'at-start' | 'on-first-use' } = {},
  sesFront?: SesFront,
): Promise<TestPlatform> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'entraide-test-'));
  // The site, built once for the jest run by its global setup (test/support/global-setup.ts) and only
  // read from then on; without one (the browser run), built in this platform's own folder.
  let siteDir = process.env.ENTRAIDE_TEST_SITE_DIR;
  if (!siteDir || !existsSync(siteDir)) {
    siteDir = join(dataDir, 'site');
    buildSite({ siteRoot: join(repositoryRoot, 'packages', 'site'), outDir: siteDir });
  }
  // In a jest run, the run's SES server through a front of this platform's own; else one of its own.
  const sharedSes = process.env.ENTRAIDE_TEST_SES_ENDPOINT;
  const front = sesFront ?? (sharedSes ? await startSesFront(sharedSes) : undefined);
  let platform: RunningPlatform;
  try {
    platform = await startPlatform({
      port: 0,
      sesPort: 0,
      ...(front ? { sesEndpoint: front.endpoint } : {}),
      dynamoPort: 0,
      s3Port: 0,
      dataDir,
      tenantsDir: options.realRateLimits ? join(repositoryRoot, 'infra', 'tenants') : relaxedTenantsDir(dataDir),
      siteDir,
      seed: options.seed ?? false,
      // Most suites never touch the gallery: the S3 server (a thread loading s3rver and koa) then never starts.
      s3Start: options.s3Start ?? 'on-first-use',
      ...(options.realWaits ? {} : { sleep: async () => undefined }),
    });
  } catch (error) {
    await front?.stop();
    throw error;
  }
  const dynamo = localDynamoClient(platform.dynamoEndpoint);
  const agent = new Agent({ keepAlive: true });
  let stopped = false;
  /** Stops the platform, and its SES front unless a restart takes it over. */
  const stop = async (options: { keepSesFront?: boolean } = {}) => {
    if (stopped) return;
    stopped = true;
    dynamo.destroy();
    agent.destroy();
    await platform.stop();
    if (!options.keepSesFront) await front?.stop();
  };
  return {
    ...platform,
    dataDir,
    stop,
    api(tenantId, path, init = {}) {
      const headers: Record<string, string> = {};
      const body = init.rawBody ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined);
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (init.token) headers.authorization = `Bearer ${init.token}`;
      // node:http on a keep-alive agent rather than fetch: a suite sends hundreds of requests, and
      // fetch's streams cost about four times the CPU per request here.
      return new Promise((resolve, reject) => {
        const sent = request(
          new URL(`${platform.url}/t/${tenantId}/api${path}`),
          { method: init.method ?? 'GET', headers, agent },
          (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (text += chunk));
            response.on('error', reject);
            response.on('end', () => {
              const answered = new Headers();
              for (let index = 0; index < response.rawHeaders.length; index += 2)
                answered.append(response.rawHeaders[index]!, response.rawHeaders[index + 1]!);
              try {
                resolve({ status: response.statusCode!, body: text ? JSON.parse(text) : undefined, headers: answered });
              } catch (error) {
                reject(error instanceof Error ? error : new Error(String(error)));
              }
            });
          },
        );
        sent.on('error', reject);
        sent.end(body);
      });
    },
    outbox: () => readOutbox(platform.sesEndpoint),
    async tableItems(tenantId) {
      const { Items = [] } = await dynamo.send(new ScanCommand({ TableName: localTableName(tenantId) }));
      return Items as Record<string, unknown>[];
    },
    async restart() {
      await stop({ keepSesFront: true });
      return startTestPlatform({ ...options, dataDir }, front);
    },
    async cleanUp() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The token of the last staff sign-in mail to `email`, as the agent would click it. */
export async function staffLoginLink(platform: TestPlatform, email: string): Promise<string> {
  const mail = (await platform.outbox()).filter((sent) => sent.destination.to.includes(email)).at(-1);
  if (!mail) throw new Error(`no mail to ${email}`);
  const url = /https?:\/\/\S+\/equipe\.html\?token=[^\s"<]+/.exec(mail.body.text ?? '')?.[0];
  if (!url) throw new Error(`no login link in the mail to ${email}`);
  return new URL(url).searchParams.get('token')!;
}

/** A staff session of `tenantId`, opened as an agent would: the sign-in mail's link, exchanged once. */
export async function staffSignIn(platform: TestPlatform, tenantId: string, email = `staff@${tenantId}.example`): Promise<string> {
  const asked = await platform.api(tenantId, '/staff/login', { method: 'POST', body: { email } });
  if (asked.status !== 202) throw new Error(`staff login: ${asked.status}`);
  const opened = await platform.api(tenantId, '/staff/session', { method: 'POST', body: { token: await staffLoginLink(platform, email) } });
  if (opened.status !== 200) throw new Error(`staff session: ${opened.status}`);
  return opened.body.session;
}

/** The token of the last verification mail sent to `email`, as the author would click it. */
export async function verificationLink(platform: TestPlatform, email: string): Promise<{ postId: string; token: string; url: string }> {
  const mails = (await platform.outbox()).filter((mail) => mail.destination.to.includes(email));
  const mail = mails.at(-1);
  if (!mail) throw new Error(`no mail to ${email}`);
  const url = /https?:\/\/\S+\/verifier\.html\?post=[^&\s]+&token=[^\s"<]+/.exec(mail.body.text ?? '')?.[0];
  if (!url) throw new Error(`no verification link in the mail to ${email}`);
  const params = new URL(url).searchParams;
  return { postId: params.get('post')!, token: params.get('token')!, url };
}

/** A staff session of `tenantId` (its `staff@<tenant>.example`), signed in as staff would: the login link's mail, then the session. */
export async function staffSession(platform: TestPlatform, tenantId: string): Promise<string> {
  const email = `staff@${tenantId}.example`;
  const asked = await platform.api(tenantId, '/staff/login', { method: 'POST', body: { email } });
  if (asked.status !== 202) throw new Error(`staff login: ${asked.status}`);
  const mail = (await platform.outbox()).filter((sent) => sent.destination.to.includes(email)).at(-1)!;
  const token = new URL(/https?:\/\/\S+\/equipe\.html\?token=[^\s"<]+/.exec(mail.body.text ?? '')![0]).searchParams.get('token')!;
  const opened = await platform.api(tenantId, '/staff/session', { method: 'POST', body: { token } });
  if (opened.status !== 200) throw new Error(`staff session: ${opened.status}`);
  return opened.body.session;
}
