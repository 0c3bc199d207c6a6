import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loginAnswerFloorMs, TenantConfigError } from '@entraide/core';
import { startPlatform } from '../../packages/local/src/platform.js';
import { repositoryRoot, startTestPlatform, type TestPlatform } from '../support/platform.js';

/**
 * `npm start` as a newcomer runs it: its own process, the URLs it prints, Ctrl-C, and a restart
 * that keeps every post.
 */
interface Started {
  child: ChildProcess;
  url: string;
  outbox: string;
  output: () => string;
}

/**
 * How long a start may take before the test calls it hung: far above a start's few seconds, as a
 * loaded machine (two cores, a cold bundle cache) can take half a minute. A guard, not a measure:
 * the start's speed is `npm run bench:start`'s.
 */
const startTimeoutMs = 60_000;

/** What `npm start` runs: the launcher, which runs the local runtime from its cached bundle. */
const spawnStart = (dataDir: string, dynamoPort = 0): ChildProcess =>
  spawn(process.execPath, [join(repositoryRoot, 'packages/local/start.mjs')], {
    cwd: repositoryRoot,
    env: { ...process.env, PORT: '0', SES_PORT: '0', S3_PORT: '0', DYNAMODB_PORT: String(dynamoPort), DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

function start(dataDir: string): Promise<Started> {
  const child = spawnStart(dataDir);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running after the test: a start that hangs is stopped here.
      child.kill('SIGKILL');
      reject(new Error(`npm start did not print its URLs:\n${output}`));
    }, startTimeoutMs);
    child.stdout!.on('data', () => {
      const site = /Site:\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      const outbox = /Outbox \(SES\):\s+(http:\/\/127\.0\.0\.1:\d+)\/store/.exec(output);
      if (site?.[1] && outbox?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: site[1], outbox: outbox[1], output: () => output });
      }
    });
    child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
}

function interrupt(started: Started): Promise<number | null> {
  return new Promise((resolve) => {
    started.child.once('exit', (code) => resolve(code));
    started.child.kill('SIGINT');
  });
}

const json = async (url: string, init?: RequestInit) => {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as any, headers: response.headers };
};

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'entraide-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(
    'Ctrl-C in the middle of a first start stops cleanly; the next start serves the demo posts; a restart keeps every post',
    async () => {
      // A port taken now and freed: the interrupted start's DynamoDB listens there, so the test knows when it is up.
      const dynamoPort = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as AddressInfo;
          probe.close(() => resolve(port));
        });
      });
      const child = spawnStart(dataDir, dynamoPort);
      let interruptedOutput = '';
      child.stdout!.on('data', (chunk) => (interruptedOutput += chunk));
      child.stderr!.on('data', (chunk) => (interruptedOutput += chunk));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      // DynamoDB's thread listens while the rest of the runtime is still loading or checking tables.
      const accepts = () =>
        new Promise<boolean>((resolve) => {
          const socket = connect(dynamoPort, '127.0.0.1', () => resolve(true)).once('error', () => resolve(false));
          socket.once('connect', () => socket.destroy());
        });
      while (!(await accepts())) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(interruptedOutput).not.toContain('Entraide runs locally');
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(interruptedOutput).toContain('SIGINT: stopping');

      // The same data folder starts again, whole: tenants, demo posts, mail, staff sign-in.
      const first = await start(dataDir);
      let postId: string;
      try {
        expect(first.output()).toContain('/t/courbevoie/');
        const tenants = await json(`${first.url}/tenants.json`);
        expect(tenants.body.map((tenant: { id: string }) => tenant.id).sort()).toEqual([
          'bourg-la-reine',
          'courbevoie',
          'deux-sevres',
          'mulhouse',
          'namur',
          'orleans-metropole',
          'paris',
        ]);
        const demo = await json(`${first.url}/t/courbevoie/api/posts`);
        expect(demo.body.items.length).toBeGreaterThan(0);
        // Deux-Sèvres's Easter section holds its demo producers, found by who delivers to Niort.
        const easter = await json(`${first.url}/t/deux-sevres/api/listings?deliversTo=46.3237,-0.4588&section=table-de-paques`);
        expect(easter.body.items.map((item: { name: string }) => item.name)).toEqual(
          expect.arrayContaining(['Chocolaterie du Pilori', 'Les Œufs de la Sèvre', 'Bergerie des Marais']),
        );
        const created = await json(`${first.url}/t/courbevoie/api/posts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            kind: 'request',
            category: 'medicines',
            title: 'Récupérer mes médicaments',
            description: 'Ordonnance à retirer à la pharmacie du centre.',
            location: { lat: 48.8973, lon: 2.2522 },
            author: { name: 'Odette', email: 'odette@example.org' },
          }),
        });
        expect(created.status).toBe(201);
        postId = created.body.id;
        const outbox = await json(`${first.outbox}/store`);
        const text: string = outbox.body.emails.at(-1).body.text;
        const token = new URL(/http\S+verifier\.html\S+/.exec(text)![0]).searchParams.get('token');
        const verified = await json(`${first.url}/t/courbevoie/api/posts/${postId}/verify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token }),
        });
        expect(verified.body.status).toBe('published');

        // The staff sign-in answers no sooner than its floor, staff or not (the test platform skips that wait).
        for (const email of ['staff@courbevoie.example', 'curieux@example.org']) {
          const asked = performance.now();
          const login = await json(`${first.url}/t/courbevoie/api/staff/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email }),
          });
          expect({ email, status: login.status, early: performance.now() - asked < loginAnswerFloorMs }).toEqual({
            email,
            status: 202,
            early: false,
          });
        }
      } finally {
        expect(await interrupt(first)).toBe(0);
      }
      expect(first.output()).toContain('stopping');

      const second = await start(dataDir);
      try {
        const again = await json(`${second.url}/t/courbevoie/api/posts/${postId!}`);
        expect(again.status).toBe(200);
        expect(again.body.title).toBe('Récupérer mes médicaments');
        // The demo posts were published once, on the first start only.
        const listed = await json(`${second.url}/t/courbevoie/api/posts?limit=50`);
        const titles = listed.body.items.map((item: { title: string }) => item.title);
        expect(new Set(titles).size).toBe(titles.length);
      } finally {
        expect(await interrupt(second)).toBe(0);
      }
    },
    startTimeoutMs * 3,
  );

  it('an invalid tenant file stops the start with the file and the field named', async () => {
    const tenantsDir = mkdtempSync(join(tmpdir(), 'entraide-tenants-'));
    try {
      writeFileSync(join(tenantsDir, 'ville.json'), JSON.stringify({ id: 'ville', kind: 'commune' }));
      // What npm start's main.ts runs, and prints the message of (then exits with 1).
      const starting = startPlatform({
        port: 0,
        sesPort: 0,
        dynamoPort: 0,
        s3Port: 0,
        dataDir: join(tenantsDir, 'data'),
        tenantsDir,
        siteDir: join(repositoryRoot, 'packages/site/dist'),
      });
      const error = await starting.then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(TenantConfigError);
      expect((error as Error).message).toContain('ville.json');
      expect((error as Error).message).toContain('area');
    } finally {
      rmSync(tenantsDir, { recursive: true, force: true });
    }
  });
});

/** One test platform for what follows: the platform as the tests run it, on free ports. */
describe('the local platform', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(async () => {
    await platform?.cleanUp();
  });

  describe('the site', () => {
    it('serves the pages with a strict Content-Security-Policy', async () => {
      for (const path of ['/', '/t/courbevoie/', '/t/courbevoie/annonce.html', '/t/courbevoie/verifier.html', '/t/courbevoie/gerer.html']) {
        const response = await fetch(`${platform.url}${path}`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toContain('text/html');
        expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
        expect(await response.text()).toContain('lang="fr"');
      }
      expect((await fetch(`${platform.url}/t/atlantis/`)).status).toBe(404);
      expect((await fetch(`${platform.url}/t/courbevoie/..%2f..%2fpackage.json`)).status).toBe(404);
    });
    it('sends each page compressed, with a description, a favicon and only the script its first render needs', async () => {
      const script = await fetch(`${platform.url}/post.js`, { headers: { 'accept-encoding': 'br, gzip' } });
      expect(script.headers.get('content-encoding')).toBe('br');
      const html = await (await fetch(`${platform.url}/t/courbevoie/annonce.html`)).text();
      expect(html).toMatch(/<meta name="description" content="[^"]{50,}">/);
      expect(html).toContain('<link rel="icon" href="/favicon.svg"');
      expect((await fetch(`${platform.url}/favicon.svg`)).headers.get('content-type')).toBe('image/svg+xml');
      /** A page's script and the chunks it imports before its first render. */
      const firstLoad = async (file: string, seen = new Map<string, string>()): Promise<Map<string, string>> => {
        if (seen.has(file)) return seen;
        const response = await fetch(`${platform.url}/${file}`);
        expect(response.status).toBe(200);
        const code = await response.text();
        seen.set(file, code);
        for (const [, chunk] of code.matchAll(/import\s*(?:[^"'()]*?from\s*)?["']\.\/(chunk-[A-Z0-9]+\.js)["']/g))
          await firstLoad(chunk!, seen);
        return seen;
      };
      const hasZod = (files: Map<string, string>) => [...files.values()].some((code) => code.includes('$ZodError'));
      // Core's schemas (zod) come when a form is sent (the post page), never before the first render:
      // the alert page checks its link's token with `@entraide/core/plain`.
      expect(hasZod(await firstLoad('post.js'))).toBe(false);
      expect(hasZod(await firstLoad('alert.js'))).toBe(false);
      const chunk = [...(await firstLoad('alert.js')).keys()].find((file) => file.startsWith('chunk-'));
      expect((await fetch(`${platform.url}/${chunk}`)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    });
  });

  describe('the /_local/ routes', () => {
    it('answer in JSON: a job needs a known tenant and a known job; inbound mail needs an alias recipient', async () => {
      const post = (path: string) =>
        fetch(`${platform.url}${path}`, { method: 'POST' }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
      const unknownTenant = await post('/_local/jobs/digest?tenant=atlantis');
      expect(unknownTenant.status).toBe(404);
      expect(unknownTenant.body.error.code).toBe('unknown_tenant');
      const unknownJob = await post('/_local/jobs/teleport?tenant=courbevoie');
      expect(unknownJob.status).toBe(404);
      expect(unknownJob.body.error.code).toBe('unknown_job');
      const inbound = await post('/_local/inbound-email');
      // An empty message names no alias of any tenant: refused, as SES refuses a domain it has no rule for.
      expect(inbound.status).toBe(404);
      expect(inbound.body.error.code).toBe('unknown_recipient');
      expect((await fetch(`${platform.url}/_local/inbound-email`)).status).toBe(405);
    });
  });
});
