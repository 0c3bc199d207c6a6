/**
 * `npx tsx bench/index.ts field-searches`: the field modules' own searches at 10,000 items against
 * the embedded DynamoDB, each beside a full scan of the same table (both must give the same page, or
 * the bench says so):
 * - **missions nearest first** (`GET /missions?near=&from=&to=`, `listMissions`): 10,000 published
 *   missions where the geographic bench's posts are (seeded), 1–3 shifts each over 90 days; the
 *   search reads the published missions by place in rings (gsi2), then one ledger per mission
 *   shown. Beside it, **before**: the code before issue 17's second round (every shift of the
 *   period by start, a GetItem per mission met, refused past 2,000 shifts). Periods of a week
 *   (~1,560 shifts) and of the default year (every shift).
 * - **housing near a hospital** (`GET /housing?hospital=&from=&to=&radiusKm=`, `housingSearchService`):
 *   10,000 housing offers of a section for health workers around two hospitals; the search reads
 *   the offers of the geographic index in the disc around the hospital (radius + the public point's
 *   blur) and keeps those free over the days within the radius, judged on the entries. Beside it,
 *   **before**: the code before issue 17's second round (the section's published posts newest
 *   first, up to 2,000 read, then `complete: false`), and the full scan; all must agree, or the bench says so.
 * Items read are counted at the client (Query's ScannedCount, one per GetItem that found an item).
 * Knobs: FIELD_BENCH_ITEMS (10000), FIELD_BENCH_QUERIES (20), FIELD_BENCH_SCANS (5).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  distanceKm,
  healthWorkersSections,
  housingMatches,
  housingSearchService,
  readHealthWorkersPosts,
  listMissions,
  parseTenantConfig,
  type Clock,
  type LatLon,
  type MissionRecord,
  type MissionStore,
  type PostRecord,
  type TenantConfig,
} from '@entraide/core';
import { DynamoMissionStore, DynamoNearbyIndex, DynamoPostStore, type DocClient } from '@entraide/dynamodb-store';
import { ensureTable } from '@entraide/dynamodb-store/create-table';
import { findRepoRoot } from '../infra/lib/app.js';
import { localDocClient, localDynamoClient, startEmbeddedDynamo } from '../packages/local/src/embedded-servers.js';
import { benchPosts, benchTenant, populatedPoint, seededRandom } from './geo/data.js';
import type { BenchFigure } from './support/figures.js';
import { scanAll } from './support/scan.js';
import { inParallel, readSummary, round, type ReadSample } from './support/stats.js';
import { formatTable } from './support/table.js';

const itemCount = Number(process.env.FIELD_BENCH_ITEMS ?? 10_000);
const queryCount = Number(process.env.FIELD_BENCH_QUERIES ?? 20);
const scanCount = Number(process.env.FIELD_BENCH_SCANS ?? 5);
const pageSize = 20;
const tenantId = benchTenant.id;
const dayMs = 86_400_000;
const now = new Date('2026-11-02T09:00:00.000Z');
const clock: Clock = { now: () => now };
const dayOf = (offset: number) => new Date(now.getTime() + offset * dayMs).toISOString().slice(0, 10);
const hospitals = [
  { id: 'centre', name: 'CHR Orléans', point: { lat: 47.89, lon: 1.92 } },
  { id: 'nord', name: 'Clinique Nord', point: { lat: 47.95, lon: 1.89 } },
];

/** Orléans Métropole's tenant file (the posts' bench's place) with a section of missions, one for health workers, and two hospitals. */
function fieldTenant(): TenantConfig {
  const file = JSON.parse(readFileSync(join(findRepoRoot(process.cwd()), 'infra/tenants/orleans-metropole.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  return parseTenantConfig(
    {
      ...file,
      id: tenantId,
      sections: [
        { id: 'missions', type: 'missions', title: { fr: 'Missions', en: 'Missions' } },
        { id: 'soignants', title: { fr: 'Soignants', en: 'Health workers' }, audience: 'health_workers' },
      ],
      hospitals,
      healthWorkers: { recognition: { emailDomains: ['chr-orleans.example'], staffApproval: true } },
    },
    'bench/field-searches.ts',
  );
}

/** Counts what a store's client reads: Query pages and their ScannedCount, GetItems that found an item. */
function countingClient(inner: DocClient) {
  const counts = { queries: 0, gets: 0, itemsRead: 0 };
  const client = {
    send: (async (command: { operation: string }) => {
      const output = (await inner.send(command as never)) as { ScannedCount?: number; Items?: unknown[]; Item?: unknown };
      if (command.operation === 'Query') {
        counts.queries += 1;
        counts.itemsRead += output.ScannedCount ?? output.Items?.length ?? 0;
      } else if (command.operation === 'GetItem') {
        counts.gets += 1;
        if (output.Item) counts.itemsRead += 1;
      }
      return output;
    }) as DocClient['send'],
  } as DocClient;
  return { client, counts, reset: () => Object.assign(counts, { queries: 0, gets: 0, itemsRead: 0 }) };
}

function benchMissions(count: number): MissionRecord[] {
  const random = seededRandom(21);
  const created = '2026-10-01T09:00:00.000Z';
  return Array.from({ length: count }, (_, index): MissionRecord => {
    const at = populatedPoint(random);
    const shifts = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, shift) => {
      const start = new Date(now.getTime() + (1 + Math.floor(random() * 90)) * dayMs + (8 + Math.floor(random() * 10)) * 3_600_000);
      return {
        id: `s${shift}`,
        start: start.toISOString(),
        end: new Date(start.getTime() + 3 * 3_600_000).toISOString(),
        places: 1 + Math.floor(random() * 8),
        status: 'open' as const,
      };
    });
    return {
      tenantId,
      id: `m${String(index).padStart(7, '0')}`,
      section: 'missions',
      status: 'published',
      title: `Mission ${index}`,
      description: 'Distribution de colis alimentaires.',
      organisation: { name: 'Association' },
      address: '1 rue du Marché',
      location: { lat: round(at.lat, 5), lon: round(at.lon, 5) },
      shifts,
      author: { name: 'Camille', email: 'camille@example.org' },
      tokenHash: 'x',
      createdAt: created,
      updatedAt: created,
      publishedAt: created,
      version: 2,
    };
  });
}

/** The geographic bench's posts made housing offers of the section for health workers, free over a few weeks. */
function benchHousing(count: number): PostRecord[] {
  const random = seededRandom(31);
  return benchPosts(count, 31, { prefix: 'h' }).map((post): PostRecord => {
    const from = Math.floor(random() * 20);
    const at = post.content!.location;
    return {
      ...post,
      kind: 'offer',
      category: 'other',
      section: 'soignants',
      content: {
        ...post.content!,
        housing: {
          availableFrom: dayOf(from),
          availableTo: dayOf(from + 5 + Math.floor(random() * 60)),
          capacity: 1 + Math.floor(random() * 3),
          type: random() < 0.5 ? 'room' : 'flat',
          hospitalDistancesKm: Object.fromEntries(
            hospitals.map((hospital) => [hospital.id, Math.max(1, Math.ceil(distanceKm(at, hospital.point)))]),
          ),
        },
      },
    };
  });
}

/**
 * The nearest-first list before issue 17's second round, for the side-by-side rows: every shift of
 * the period by start (200 a page), a GetItem per mission met, refused past 2,000 shifts read.
 */
async function nearestBefore(
  store: MissionStore,
  near: LatLon,
  period: { from: string; to: string },
  limit: number,
): Promise<string[] | 'refused'> {
  const missions = new Map<string, Promise<MissionRecord | undefined>>();
  const found: { id: string; distance: number }[] = [];
  let after: string | undefined;
  let read = 0;
  for (;;) {
    const batch = await store.shiftsStartingBetween(tenantId, period.from, period.to, { ...(after ? { after } : {}), limit: 200 });
    for (const shift of batch.items) {
      after = shift.position;
      if (!missions.has(shift.missionId)) missions.set(shift.missionId, store.getMission(tenantId, shift.missionId));
      const mission = await missions.get(shift.missionId);
      if (mission?.status !== 'published') continue;
      const first = mission.shifts
        .filter((candidate) => candidate.status === 'open' && candidate.start >= period.from)
        .sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id))[0];
      if (first?.id === shift.shiftId) found.push({ id: mission.id, distance: distanceKm(near, mission.location) });
    }
    read += batch.items.length;
    if (!batch.more) break;
    if (read >= 2000) return 'refused';
  }
  return found
    .sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id))
    .slice(0, limit)
    .map((mission) => mission.id);
}

const timed = async <T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
};

export async function fieldSearchFigures(): Promise<BenchFigure[]> {
  const path = mkdtempSync(join(tmpdir(), 'entraide-field-bench-'));
  const server = await startEmbeddedDynamo({ port: 0, path, ownThread: true });
  const low = localDynamoClient(server.endpoint);
  const documents = localDocClient(server.endpoint);
  const tenant = fieldTenant();
  const figures: BenchFigure[] = [];
  const rows: (string | number)[][] = [];
  const row = (name: string, samples: ReadSample[], note: string) => {
    const s = readSummary(samples);
    rows.push([name, s.n, s.returnedP50, s.readP50, s.ratioP50, s.ratioP95, s.queriesMax, s.getsP50, s.msP50, s.msP99, note]);
    return s;
  };
  try {
    // ——— Missions, nearest first ———
    const missionTable = 'entraide-bench-missions';
    await ensureTable(low, missionTable);
    const missionCounting = countingClient(documents);
    const missionStore = new DynamoMissionStore(missionCounting.client, missionTable);
    const missions = benchMissions(itemCount);
    const started = performance.now();
    await inParallel(missions, 16, async (mission) => {
      await missionStore.insertMission(mission);
      for (const shift of mission.shifts)
        await missionStore.openShift(tenantId, mission.id, { id: shift.id, places: shift.places, start: shift.start });
    });
    const shiftCount = missions.reduce((sum, mission) => sum + mission.shifts.length, 0);
    console.log(`missions: ${itemCount} missions, ${shiftCount} shifts loaded in ${round((performance.now() - started) / 1000, 1)} s`);

    const random = seededRandom(41);
    const points = Array.from({ length: queryCount }, () => ({ point: populatedPoint(random), day: 1 + Math.floor(random() * 80) }));
    const week: ReadSample[] = [];
    const weekBefore: ReadSample[] = [];
    const weekScan: ReadSample[] = [];
    const year: ReadSample[] = [];
    const yearBefore: ReadSample[] = [];
    let weekRefusedBefore = 0;
    let yearRefusedBefore = 0;
    const periodOf = (from: string, to: string) => ({
      from: new Date(Math.max(now.getTime() + 1, Date.parse(`${from}T00:00:00+01:00`))).toISOString(),
      to: new Date(Date.parse(`${to}T00:00:00+01:00`) + dayMs - 1).toISOString(),
    });
    const measure = async (samples: ReadSample[], work: () => Promise<string[] | 'refused'>) => {
      missionCounting.reset();
      const result = await timed(work);
      samples.push({ ...countsOf(missionCounting.counts), returned: result.value === 'refused' ? 0 : result.value.length, ms: result.ms });
      return result.value;
    };
    const ids = async (query: Parameters<typeof listMissions>[1]) =>
      (await listMissions({ tenant, missionStore, clock }, query)).items.map((item) => item.id);
    for (const [at, { point, day }] of points.entries()) {
      const weekPeriod = periodOf(dayOf(day), dayOf(day + 6));
      const yearPeriod = periodOf(dayOf(0), dayOf(365));
      const weekIds = await measure(week, () => ids({ near: point, from: dayOf(day), to: dayOf(day + 6), limit: pageSize }));
      const weekOld = await measure(weekBefore, () => nearestBefore(missionStore, point, weekPeriod, pageSize));
      const yearIds = await measure(year, () => ids({ near: point, limit: pageSize }));
      const yearOld = await measure(yearBefore, () => nearestBefore(missionStore, point, yearPeriod, pageSize));
      if (weekOld === 'refused') weekRefusedBefore += 1;
      if (yearOld === 'refused') yearRefusedBefore += 1;
      if (weekOld !== 'refused' && weekOld.join() !== (weekIds as string[]).join())
        throw new Error(`missions near ${point.lat},${point.lon}: the search and the code before disagree`);
      if (at >= scanCount) continue;
      const scan = await timed(async () => {
        const all = await scanAll(low, missionTable);
        const published = all.items
          .filter((item) => item.status === 'published' && Array.isArray(item.shifts))
          .map((item) => item as unknown as MissionRecord);
        const firstPage = (period: { from: string; to: string }) =>
          published
            .filter((mission) =>
              mission.shifts.some((shift) => shift.status === 'open' && shift.start >= period.from && shift.start <= period.to),
            )
            .map((mission) => ({ id: mission.id, distance: distanceKm(point, mission.location) }))
            .sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id))
            .slice(0, pageSize)
            .map((mission) => mission.id);
        return { ...all, week: firstPage(weekPeriod), year: firstPage(yearPeriod) };
      });
      weekScan.push({ read: scan.value.read, returned: scan.value.week.length, queries: scan.value.queries, gets: 0, ms: scan.ms });
      if (scan.value.week.join() !== (weekIds as string[]).join() || scan.value.year.join() !== (yearIds as string[]).join())
        throw new Error(`missions near ${point.lat},${point.lon}: the search and the full scan disagree`);
    }
    const weekRow = row(
      'missions nearest, a week (list by place)',
      week,
      'rings of the list by place, a GetItem per mission shown (its ledger)',
    );
    const weekBeforeRow = row(
      'missions nearest, a week, before (shifts by start)',
      weekBefore,
      `every shift of the week read, a GetItem per mission met; ${weekRefusedBefore} of ${weekBefore.length} refused (over 2,000 shifts)`,
    );
    const yearRow = row('missions nearest, the default year (list by place)', year, 'every search answered');
    const yearBeforeRow = row(
      'missions nearest, the default year, before',
      yearBefore,
      `${yearRefusedBefore} of ${yearBefore.length} answered 400 (over 2,000 shifts)`,
    );
    const missionScan = row('missions: full scan', weekScan, 'same first page as the week and as the year');

    // ——— Housing near a hospital ———
    const housingTable = 'entraide-bench-housing';
    await ensureTable(low, housingTable);
    const housingCounting = countingClient(documents);
    const postStore = new DynamoPostStore(housingCounting.client, housingTable);
    const offers = benchHousing(itemCount);
    const loadStarted = performance.now();
    await inParallel(offers, 16, (offer) => postStore.insert(offer));
    console.log(`housing: ${itemCount} offers loaded in ${round((performance.now() - loadStarted) / 1000, 1)} s`);
    const housing = housingSearchService({
      tenant,
      store: postStore,
      nearbyIndex: new DynamoNearbyIndex(housingCounting.client, housingTable),
      clock,
    });
    /** The code before issue 17's second round: each section's published posts, newest first, at most 2,000. */
    const housingBefore = async (query: { hospital: string; from: string; to: string; radiusKm: number }) => {
      const ids: string[] = [];
      const complete = await readHealthWorkersPosts({ tenant, store: postStore, clock }, healthWorkersSections(tenant), (post) => {
        if (housingMatches(post, query)) ids.push(post.id);
      });
      return { ids, complete };
    };
    const searches: ReadSample[] = [];
    const before: ReadSample[] = [];
    const housingScan: ReadSample[] = [];
    let incomplete = 0;
    let incompleteBefore = 0;
    let disagreed = 0;
    let disagreedBefore = 0;
    for (const [at] of points.entries()) {
      const query = {
        hospital: hospitals[at % 2]!.id,
        from: dayOf(3 + (at % 10)),
        to: dayOf(6 + (at % 10)),
        radiusKm: [2, 5, 10][at % 3]!,
      };
      housingCounting.reset();
      const ours = await timed(() => housing.search(query));
      if (!ours.value.complete) incomplete += 1;
      searches.push({ ...countsOf(housingCounting.counts), returned: ours.value.items.length, ms: ours.ms });
      housingCounting.reset();
      const old = await timed(() => housingBefore(query));
      if (!old.value.complete) incompleteBefore += 1;
      before.push({ ...countsOf(housingCounting.counts), returned: old.value.ids.length, ms: old.ms });
      const oursIds = new Set(ours.value.items.map((item) => item.id));
      if (old.value.ids.some((id) => !oursIds.has(id)))
        throw new Error(`housing ${JSON.stringify(query)}: before found an offer now missed`);
      if (at >= scanCount) continue;
      const scan = await timed(async () => {
        const all = await scanAll(low, housingTable);
        const matches = all.items
          .filter((item) => item.status === 'published' && item.section === 'soignants' && item.content)
          .map((item) => item as unknown as PostRecord)
          .filter((post) => housingMatches(post, query));
        return { ...all, matches };
      });
      housingScan.push({ read: scan.value.read, returned: scan.value.matches.length, queries: scan.value.queries, gets: 0, ms: scan.ms });
      const scanned = scan.value.matches.map((post) => post.id).sort();
      if (scanned.join() !== [...oursIds].sort().join()) disagreed += 1;
      if (scanned.length !== old.value.ids.length) disagreedBefore += 1;
    }
    const housingRow = row(
      'housing near a hospital (geographic index)',
      searches,
      `every answer (all matches, no page); ${incomplete} of ${searches.length} incomplete; ${disagreed} of ${housingScan.length} differ from the full scan`,
    );
    const housingBeforeRow = row(
      'housing near a hospital, before (section list)',
      before,
      `${incompleteBefore} of ${before.length} stopped at 2,000 posts read (complete: false); ${disagreedBefore} of ${housingScan.length} found fewer than the full scan`,
    );
    const housingFull = row('housing: full scan', housingScan, 'the same offers as the geographic index, or counted above');

    console.log(`field searches at ${itemCount} items (page of ${pageSize} for missions; housing answers whole):`);
    console.log(
      formatTable(
        [
          'search',
          'n',
          'returned p50',
          'items read p50',
          'read÷returned p50',
          'p95',
          'queries max',
          'GetItem p50',
          'ms p50',
          'ms p99',
          'note',
        ],
        rows,
      ),
    );
    const line = (s: ReturnType<typeof readSummary>) =>
      `read ÷ returned ${s.ratioP50} (p95 ${s.ratioP95}), ${s.queriesMax} queries max + ${s.getsP50} GetItem, ${s.msP50} / ${s.msP99} ms`;
    figures.push(
      {
        figure: `missions nearest first at ${itemCount} missions, a week (p50 / p99)`,
        value: `${line(weekRow)}; before ${line(weekBeforeRow)}; full scan ${line(missionScan)}`,
        target: 'reported',
        met: null,
      },
      {
        figure: `missions nearest first at ${itemCount} missions, the default period`,
        value: `${line(yearRow)}; before: ${yearRefusedBefore} of ${yearBefore.length} answered 400 (over 2,000 shifts), ${line(yearBeforeRow)}`,
        target: 'reported',
        met: null,
      },
      {
        figure: `housing near a hospital at ${itemCount} offers (p50 / p99)`,
        value: `${line(housingRow)}; ${incomplete} of ${searches.length} incomplete, ${disagreed} differ from the scan; before ${line(housingBeforeRow)}, ${incompleteBefore} incomplete; full scan ${line(housingFull)}`,
        target: 'reported',
        met: null,
      },
    );
    return figures;
  } finally {
    documents.destroy();
    low.destroy();
    await server.stop();
    rmSync(path, { recursive: true, force: true });
  }
}

const countsOf = (counts: { queries: number; gets: number; itemsRead: number }) => ({
  read: counts.itemsRead,
  queries: counts.queries,
  gets: counts.gets,
});
