import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { findRepoRoot } from '../infra/lib/app.js';
import type { BenchFigure } from './support/figures.js';
import { median, round } from './support/stats.js';
import { formatTable } from './support/table.js';

/**
 * `npm run bench:start`: how long `npm start` takes to answer its first request, on a fresh data
 * folder (tables created, demo posts seeded), on a warm one (a restart), and right after a source
 * changed (its bundle rebuilt); where that time goes (the phases the runtime reports); and what the
 * local platform serves per second on this machine for a mix of searches and post reads.
 */

export const readyTargetWarmMs = 3000;
const tenantId = 'courbevoie';
const pollEveryMs = 20;
const giveUpAfterMs = 60_000;

/** A port nobody listens on right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Every platform this bench started and has not stopped: killed if the bench itself is interrupted. */
const startedPlatforms = new Set<ChildProcess>();
let interruptHandled = false;
function stopAllOnInterrupt(): void {
  if (interruptHandled) return;
  interruptHandled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      // Detached, so Ctrl-C reaches only the bench: end each started platform's group.
      for (const child of startedPlatforms) if (child.pid) process.kill(-child.pid, 'SIGKILL');
      process.exit(130);
    });
  }
}

interface RunningStart {
  url: string;
  /** The embedded SES server's outbox (`GET /store`). */
  sesUrl: string;
  readyMs: number;
  /** What the runtime reports once everything is up (SES too): each phase in ms (`start-phases {…}`). */
  phases: () => Promise<Record<string, number>>;
  stop: () => Promise<void>;
}

/** The launcher `npm start` runs (package.json), which runs the local runtime from its cached bundle. */
const launcher = join('packages', 'local', 'start.mjs');

/**
 * Spawns what `npm start` runs and waits for its first answer. `bundleDir`: the launcher's cache
 * folder (default: the repository's own).
 */
async function startLocal(repoRoot: string, dataDir: string, bundleDir?: string): Promise<RunningStart> {
  if (!existsSync(join(repoRoot, launcher))) throw new Error(`no ${launcher} in ${repoRoot}`);
  const [port, sesPort, dynamoPort, s3Port] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [launcher], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      SES_PORT: String(sesPort),
      DYNAMODB_PORT: String(dynamoPort),
      S3_PORT: String(s3Port),
      DATA_DIR: dataDir,
      ENTRAIDE_START_PHASES: '1',
      ...(bundleDir ? { ENTRAIDE_BUNDLE_DIR: bundleDir } : {}),
    },
    // Its own process group: if it does not stop on SIGTERM, the whole group is killed.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  stopAllOnInterrupt();
  startedPlatforms.add(child);
  child.once('exit', () => startedPlatforms.delete(child));
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = () => stopChild(child, exited);
  const phases = async (): Promise<Record<string, number>> => {
    for (const waitUntil = performance.now() + giveUpAfterMs; performance.now() < waitUntil && child.exitCode === null; ) {
      const line = /^start-phases (\{.*\})$/m.exec(output)?.[1];
      if (line) return JSON.parse(line) as Record<string, number>;
      await new Promise((resolve) => setTimeout(resolve, pollEveryMs));
    }
    throw new Error(`npm start reported no phases: ${output.trim().split('\n').slice(-5).join('\n')}`);
  };

  try {
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`npm start exited (${child.exitCode}): ${output.trim().split('\n').slice(-5).join('\n')}`);
      if (performance.now() - started > giveUpAfterMs) throw new Error(`npm start did not answer within ${giveUpAfterMs / 1000} s`);
      // A connection accepted mid-start may wait for ever: each poll gives up after a second.
      const answered = await fetch(`${url}/t/${tenantId}/api/config`, { signal: AbortSignal.timeout(1000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (answered) return { url, sesUrl: `http://127.0.0.1:${sesPort}`, readyMs: performance.now() - started, phases, stop };
      await new Promise((resolve) => setTimeout(resolve, pollEveryMs));
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 10_000)),
  ]);
  if (timedOut && child.pid) {
    process.kill(-child.pid, 'SIGKILL');
    await exited;
  }
}

interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  paths: string[];
}

/** The mix: searches (newest first; near a point where the API knows `near`) and reads of single posts. */
async function requestMix(url: string): Promise<string[]> {
  const api = `/t/${tenantId}/api`;
  const listing = (await (await fetch(`${url}${api}/posts?limit=20`)).json()) as { items?: { id: string }[] };
  const ids = (listing.items ?? []).map((item) => item.id).slice(0, 6);
  const searches = [`${api}/posts`, `${api}/posts?limit=5`];
  const near = `${api}/posts?near=48.8973,2.2522&radiusKm=2`;
  if ((await fetch(`${url}${near}`)).ok) searches.push(near, `${api}/posts?near=48.9000,2.2600&radiusKm=1&limit=10`);
  const reads = ids.map((id) => `${api}/posts/${id}`);
  // As many reads as searches: a visitor lists, then opens posts.
  return [...searches, ...(reads.length > 0 ? reads.slice(0, Math.max(searches.length, 1)) : [])];
}

interface MixedLoadResult extends LoadResult {
  byStatus: { '2xx': number; '4xx': number; '5xx': number };
  /** Each status code and how many answers had it. */
  byCode: Record<string, number>;
}

const resident = (n: number) => ({ name: `Résident ${n}`, email: `bench-${n}@example.org` });
const postBody = (n: number) =>
  JSON.stringify({
    kind: 'offer',
    category: 'groceries',
    title: `Courses du samedi ${n}`,
    description: 'Je passe au marché et je dépose devant votre porte.',
    location: { lat: 48.8975, lon: 2.2525 },
    author: resident(n),
  });

/** The verification link mailed to `email`, read from the embedded SES server's outbox (the mail sender delivers it within a moment). */
async function mailedToken(sesUrl: string, email: string): Promise<string> {
  for (const waitUntil = performance.now() + giveUpAfterMs; performance.now() < waitUntil; ) {
    const store = (await (await fetch(`${sesUrl}/store`)).json()) as {
      emails: { destination: { to: string[] }; body: { text?: string } }[];
    };
    const text = store.emails.filter((mail) => mail.destination.to.includes(email)).at(-1)?.body.text ?? '';
    const token = /verifier\.html\?post=[^&\s]+&token=([^\s"<]+)/.exec(text)?.[1];
    if (token) return token;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no verification mail to ${email}`);
}

/**
 * The writes beside the reads, as residents send them: new posts, verifications by the mailed link
 * (posts created before the run, each link sent again and again as a resident clicking twice would),
 * contacts through the relay on demo posts, searches and reads. The per-address limits answer 429
 * once spent (every request comes from 127.0.0.1) and a link opened again 403 token_already_used
 * (after re-deriving the post's index entries, idempotently): counted as 4xx, expected; a 5xx or an
 * error is not.
 */
async function writeMix(url: string, sesUrl: string): Promise<{ requests: autocannon.Request[]; labels: string[] }> {
  const api = `/t/${tenantId}/api`;
  const json = { 'content-type': 'application/json' };
  const verifications: autocannon.Request[] = [];
  for (const n of [1, 2, 3]) {
    const created = await fetch(`${url}${api}/posts`, { method: 'POST', headers: json, body: postBody(n) });
    if (created.status !== 201) throw new Error(`POST /posts before the run: ${created.status}`);
    const { id } = (await created.json()) as { id: string };
    const token = await mailedToken(sesUrl, resident(n).email);
    verifications.push({ method: 'POST', path: `${api}/posts/${id}/verify`, headers: json, body: JSON.stringify({ token }) });
  }
  const listing = (await (await fetch(`${url}${api}/posts?limit=20`)).json()) as { items?: { id: string }[] };
  const [demo] = (listing.items ?? []).map((item) => item.id);
  if (!demo) throw new Error('no demo post to contact');
  const contact: autocannon.Request = {
    method: 'POST',
    path: `${api}/posts/${demo}/contact`,
    headers: json,
    body: JSON.stringify({ name: 'Bernard', email: 'bernard@example.org', message: 'Bonjour, je suis intéressé par votre offre.' }),
  };
  const requests: autocannon.Request[] = [
    { method: 'GET', path: `${api}/posts?limit=5` },
    { method: 'POST', path: `${api}/posts`, headers: json, body: postBody(4) },
    ...verifications,
    { method: 'GET', path: `${api}/posts/${demo}` },
    contact,
    { method: 'GET', path: `${api}/posts?near=48.8973,2.2522&radiusKm=2` },
  ];
  return {
    requests,
    labels: requests.map((request) => `${request.method} ${request.path!.replace(api, '').replace(/\/[\w-]{10,}(?=\/|$)/g, '/{id}')}`),
  };
}

type LoadOptions = { amount: number; maxSeconds: number; connections: number };

/** autocannon through `requests` (it cycles through them on every connection), bounded in count and in time. */
async function runLoad(url: string, requests: autocannon.Request[], options: LoadOptions) {
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections: options.connections, amount: options.amount, requests }, (error, outcome) =>
      error ? reject(error) : resolve(outcome),
    );
    // Bounded in time too: a slow machine stops at maxSeconds with what it has.
    const guard = setTimeout(() => instance.stop(), options.maxSeconds * 1000);
    instance.on('done', () => clearTimeout(guard));
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    result,
    figures: {
      requests: result.requests.total,
      seconds,
      perSecond: result.requests.total / seconds,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
    },
  };
}

async function mixedLoadTest(url: string, sesUrl: string, options: LoadOptions): Promise<MixedLoadResult> {
  const mix = await writeMix(url, sesUrl);
  const { result, figures } = await runLoad(url, mix.requests, options);
  return {
    ...figures,
    paths: mix.labels,
    byStatus: { '2xx': result['2xx'], '4xx': result['4xx'], '5xx': result['5xx'] },
    byCode: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0])),
  };
}

async function loadTest(url: string, options: LoadOptions): Promise<LoadResult> {
  const paths = await requestMix(url);
  const { figures } = await runLoad(
    url,
    paths.map((path) => ({ method: 'GET', path })),
    options,
  );
  return { ...figures, paths };
}

/** The phases `npm start` reports (packages/local/src/start-phases.ts), in order, then from outside. */
const startPhaseRows: [key: string, label: string][] = [
  ['node', 'node starts, launcher loads'],
  ['bundle', 'bundle checked (or built)'],
  ['modules', 'runtime modules loaded'],
  ['site', 'site checked (or built)'],
  ['dynamodb', 'waiting for DynamoDB'],
  ['tables', 'tables checked, handlers built'],
  ['apiReadyAt', '= API ready (since process start)'],
  ['readyMs', 'first answer (bench, since spawn)'],
  ['dynamoUpAt', 'DynamoDB up (own thread, since start)'],
  ['sesUpAt', 'SES up (own thread, after the API)'],
];

export interface StartUpOptions {
  /** Starts per kind (fresh, warm); `BENCH_START_RUNS`, 5 by default. */
  runs?: number;
  /** Requests of the load test; `BENCH_LOAD_REQUESTS`, 3000 by default (and at most 30 s). */
  requests?: number;
  log?: (line: string) => void;
}

export async function startUpFigures(options: StartUpOptions = {}): Promise<BenchFigure[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const runs = options.runs ?? Number(process.env.BENCH_START_RUNS ?? 5);
  const amount = options.requests ?? Number(process.env.BENCH_LOAD_REQUESTS ?? 3000);
  const repoRoot = findRepoRoot(process.cwd());
  const scratch = mkdtempSync(join(tmpdir(), 'entraide-bench-start-'));
  try {
    const warmDir = join(scratch, 'warm');
    log('start-up: priming a data folder (first start, not counted) …');
    await (await startLocal(repoRoot, warmDir)).stop();

    /** One kind of start: its data folder and bundle folder, and what each start measured. */
    const kinds = [
      {
        name: 'fresh data folder',
        dataDir: (run: number) => join(scratch, `fresh-${run}`),
        fresh: true,
        bundleDir: undefined as string | undefined,
      },
      { name: 'warm data folder', dataDir: () => warmDir, fresh: false, bundleDir: undefined as string | undefined },
      // A source changed since the last start (or a first start after `npm ci`): the launcher bundles again.
      {
        name: 'warm, bundle rebuilt',
        dataDir: () => warmDir,
        fresh: false,
        bundleDir: join('node_modules', '.cache', `entraide-bench-start-${process.pid}`),
      },
    ].map((kind) => ({ ...kind, ready: [] as number[], phases: [] as Record<string, number>[] }));
    log(`start-up: ${runs} starts of each kind (${kinds.map((kind) => kind.name).join(', ')}), alternating …`);
    try {
      for (let run = 0; run < runs; run += 1) {
        for (const kind of kinds) {
          if (kind.bundleDir) rmSync(join(repoRoot, kind.bundleDir), { recursive: true, force: true });
          const started = await startLocal(repoRoot, kind.dataDir(run), kind.bundleDir);
          kind.ready.push(started.readyMs);
          try {
            kind.phases.push({ ...(await started.phases()), readyMs: started.readyMs });
          } finally {
            await started.stop();
          }
          if (kind.fresh) rmSync(kind.dataDir(run), { recursive: true, force: true });
        }
      }
    } finally {
      for (const kind of kinds) if (kind.bundleDir) rmSync(join(repoRoot, kind.bundleDir), { recursive: true, force: true });
    }
    const [freshKind, warmKind] = kinds as [(typeof kinds)[0], (typeof kinds)[0], (typeof kinds)[0]];
    const fresh = freshKind.ready;
    const warm = warmKind.ready;

    log(`load: ${amount} requests at most (30 s at most), 8 connections, on a warm start …`);
    const running = await startLocal(repoRoot, warmDir);
    let load: LoadResult;
    let mixed: MixedLoadResult;
    try {
      load = await loadTest(running.url, { amount, maxSeconds: 30, connections: 8 });
      log(`load: the same with writes (posts, verifications, contacts) …`);
      mixed = await mixedLoadTest(running.url, running.sesUrl, { amount, maxSeconds: 30, connections: 8 });
    } finally {
      await running.stop();
    }

    log('');
    log(
      formatTable(
        ['start', 'ready ms (median)', 'min', 'max', 'target', 'met'],
        kinds.map((kind) => {
          const target = kind === warmKind ? `≤ ${readyTargetWarmMs} ms` : 'reported';
          const met = kind === warmKind ? (median(warm) <= readyTargetWarmMs ? 'yes' : 'NO') : '—';
          return [kind.name, round(median(kind.ready)), round(Math.min(...kind.ready)), round(Math.max(...kind.ready)), target, met];
        }),
      ),
    );
    log('');
    log("Where the time goes (medians, ms): the main thread's phases one after the other; DynamoDB and SES load on their own threads.");
    log(
      formatTable(
        ['phase', ...kinds.map((kind) => kind.name)],
        startPhaseRows.map(([key, label]) => [label, ...kinds.map((kind) => round(median(kind.phases.map((phases) => phases[key] ?? 0))))]),
      ),
    );
    log('');
    log(
      formatTable(
        ['load (searches + reads)', 'requests', 'seconds', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors'],
        [
          [
            'GET mix, 8 connections',
            load.requests,
            round(load.seconds, 1),
            round(load.perSecond),
            load.p50Ms,
            load.p99Ms,
            load.non2xx,
            load.errors,
          ],
        ],
      ),
    );
    log(`  mix: ${load.paths.join('  ')}`);
    log('');
    log(
      formatTable(
        ['load with writes', 'requests', 'seconds', 'req/s', 'p50 ms', 'p99 ms', '2xx', '4xx', '5xx', 'errors'],
        [
          [
            'mix, 8 connections',
            mixed.requests,
            round(mixed.seconds, 1),
            round(mixed.perSecond),
            mixed.p50Ms,
            mixed.p99Ms,
            mixed.byStatus['2xx'],
            mixed.byStatus['4xx'],
            mixed.byStatus['5xx'],
            mixed.errors,
          ],
        ],
      ),
    );
    log(`  mix: ${mixed.paths.join('  ')}`);
    log(
      `  answers: ${Object.entries(mixed.byCode)
        .map(([code, count]) => `${code} × ${count}`)
        .join(', ')}`,
    );
    log('');
    const mixedHealthy = mixed.byStatus['5xx'] === 0 && mixed.errors === 0;

    const loadHealthy = load.non2xx === 0 && load.errors === 0;
    return [
      { figure: 'npm start: ready, fresh data folder (median)', value: `${round(median(fresh))} ms`, target: 'reported', met: null },
      {
        figure: 'npm start: ready, after a source change (bundle rebuilt, median)',
        value: `${round(median(kinds[2]!.ready))} ms`,
        target: 'reported',
        met: null,
      },
      {
        figure: 'npm start: ready, warm data folder (median)',
        value: `${round(median(warm))} ms`,
        target: `≤ ${readyTargetWarmMs} ms`,
        met: median(warm) <= readyTargetWarmMs,
      },
      {
        figure: 'npm start: searches + post reads, 8 connections',
        value: `${round(load.perSecond)} req/s, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms${loadHealthy ? '' : `, ${load.non2xx} non-2xx, ${load.errors} errors`}`,
        target: 'reported (all 2xx)',
        met: loadHealthy ? null : false,
      },
      {
        figure: 'npm start: posts, verifications, contacts, searches, reads, 8 connections',
        value: `${round(mixed.perSecond)} req/s, p50 ${mixed.p50Ms} ms, p99 ${mixed.p99Ms} ms; ${mixed.byStatus['2xx']} 2xx, ${mixed.byStatus['4xx']} 4xx, ${mixed.byStatus['5xx']} 5xx, ${mixed.errors} errors`,
        target: 'no 5xx, no error (4xx: limits, links used)',
        met: mixedHealthy ? null : false,
      },
    ];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
