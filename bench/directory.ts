/**
 * `npx tsx bench/index.ts directory`: "who delivers to me" (GET /listings?deliversTo=, its first
 * page of 20, nearest first) against the embedded DynamoDB at 10,000 published listings, side by
 * side in one run:
 * - **entries**: `whoDeliversPage`, what the API runs: the zone entries carry each listing's point,
 *   radius and communes, the exact test and the order run on them, only the page's records are read;
 * - **before**: the code before it (issue 17): the same queries of the zone index, then one GetItem
 *   per listing met, the exact test and the order on the records;
 * - **full scan**: Scan of the whole table, the test and the order in code.
 * The listings sit where the geographic bench's posts do (a métropole's towns and countryside,
 * seeded) and deliver within a disc of 1–30 km (log-uniform: many small shops, a few producers
 * delivering far); a tenth also deliver to a commune named by code. Points are drawn from the same
 * population, a third with their commune. The three must give the same page: the bench stops if they
 * do not. Knobs: DIRECTORY_BENCH_LISTINGS (10000), DIRECTORY_BENCH_QUERIES (30), DIRECTORY_BENCH_SCANS
 * (5: the full scan reads the whole table, index entries included, each time).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliversTo, distanceKm, isListingPublic, whoDeliversPage, type LatLon, type ListingRecord } from '@entraide/core';
import { DynamoListingStore } from '@entraide/dynamodb-store';
import { ensureTable } from '@entraide/dynamodb-store/create-table';
import { localDocClient, localDynamoClient, startEmbeddedDynamo } from '../packages/local/src/embedded-servers.js';
import { benchTenant, populatedPoint, seededRandom } from './geo/data.js';
import type { BenchFigure } from './support/figures.js';
import { scanAll } from './support/scan.js';
import { inParallel, median, percentile, round } from './support/stats.js';
import { formatTable } from './support/table.js';

const listingCount = Number(process.env.DIRECTORY_BENCH_LISTINGS ?? 10_000);
const queryCount = Number(process.env.DIRECTORY_BENCH_QUERIES ?? 30);
/** The full scan reads every item of the table (~110k at 10k listings): the first few points only. */
const scanCount = Number(process.env.DIRECTORY_BENCH_SCANS ?? 5);
const tableName = 'entraide-bench-directory';
const tenantId = benchTenant.id;
/** Ten communes, one per town and a countryside one: a point's commune is its nearest town's. */
const communeCodes = Array.from({ length: 10 }, (_, index) => `45${String(100 + index)}`);

function benchListings(count: number): ListingRecord[] {
  const random = seededRandom(5);
  const now = '2026-11-01T12:00:00.000Z';
  return Array.from({ length: count }, (_, index): ListingRecord => {
    const at = populatedPoint(random);
    const radiusKm = round(Math.exp(Math.log(1) + random() * (Math.log(30) - Math.log(1))), 1);
    const communes = random() < 0.1 ? [{ code: communeCodes[Math.floor(random() * communeCodes.length)]!, name: 'Commune' }] : undefined;
    return {
      tenantId,
      id: `l${String(index).padStart(7, '0')}`,
      section: 'producteurs',
      categories: ['groceries'],
      status: 'published',
      content: {
        name: `Producteur ${index}`,
        description: 'Légumes de saison',
        address: '1 rue du Marché',
        location: { lat: round(at.lat, 5), lon: round(at.lon, 5) },
        deliveryZone: { radiusKm, ...(communes ? { communes } : {}) },
        deliveryDays: ['sat'],
        ordering: { phone: '+33 2 38 00 00 00' },
        clickAndCollect: true,
        delivery: true,
        author: { name: 'Camille', email: 'camille@example.org' },
      },
      tokenHash: null,
      createdAt: now,
      updatedAt: now,
      publishedAt: now,
      expiresAt: '2027-11-01T12:00:00.000Z',
      version: 1,
    };
  });
}

interface Sample {
  /** Items read: index entries and records (the scan: every item). */
  read: number;
  /** Records read by GetItem. */
  gets: number;
  /** On the page (at most 20). */
  returned: number;
  /** Listings delivering to the point (the order is made over these). */
  matched: number;
  queries: number;
  ms: number;
}

const pageSize = 20;

const summary = (samples: Sample[]) => {
  const ratios = samples.filter((sample) => sample.returned > 0).map((sample) => sample.read / sample.returned);
  const ms = samples.map((sample) => sample.ms);
  return {
    ratioP50: round(median(ratios), 1),
    ratioP95: round(percentile(ratios, 0.95), 1),
    matchedP50: median(samples.map((sample) => sample.matched)),
    readP50: median(samples.map((sample) => sample.read)),
    getsP50: median(samples.map((sample) => sample.gets)),
    queriesMax: Math.max(...samples.map((sample) => sample.queries)),
    msP50: round(median(ms), 1),
    msP99: round(percentile(ms, 0.99), 1),
  };
};

export async function whoDeliversFigures(): Promise<BenchFigure[]> {
  const path = mkdtempSync(join(tmpdir(), 'entraide-directory-bench-'));
  const server = await startEmbeddedDynamo({ port: 0, path, ownThread: true });
  const low = localDynamoClient(server.endpoint);
  const documents = localDocClient(server.endpoint);
  const load = process.hrtime.bigint();
  try {
    await ensureTable(low, tableName);
    const store = new DynamoListingStore(documents, tableName);
    const listings = benchListings(listingCount);
    console.log(`directory: loading ${listingCount} listings and their zone index …`);
    await inParallel(listings, 16, (listing) => store.insert(listing));
    const loadSeconds = round(Number(process.hrtime.bigint() - load) / 1e9, 1);
    console.log(`  loaded in ${loadSeconds} s`);

    const random = seededRandom(11);
    const points = Array.from({ length: queryCount }, () => ({
      point: populatedPoint(random),
      commune: random() < 1 / 3 ? communeCodes[Math.floor(random() * communeCodes.length)] : undefined,
    }));
    const now = new Date('2026-11-02T12:00:00.000Z');
    /** The first page of the brute force's answer: nearest first, then by id. */
    const firstPage = (found: ListingRecord[], point: LatLon, commune: string | undefined) => {
      const matches = found
        .filter((listing) => isListingPublic(listing, now) && deliversTo(listing, point, commune))
        .map((listing) => ({ id: listing.id, distance: distanceKm(point, listing.content!.location) }))
        .sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id));
      return { ids: matches.slice(0, pageSize).map((match) => match.id), matched: matches.length };
    };
    const same = (method: string, point: LatLon, ids: string[], expected: string[]) => {
      if (ids.join() !== expected.join())
        throw new Error(
          `who delivers to ${point.lat},${point.lon}: ${method} gave [${ids.slice(0, 3).join()}…], the entries [${expected.slice(0, 3).join()}…]`,
        );
    };

    const ours: Sample[] = [];
    const before: Sample[] = [];
    const scan: Sample[] = [];
    for (const [at, { point, commune }] of points.entries()) {
      // Alternate which runs first, so a burst of load from elsewhere hits both alike.
      const runOurs = async () => {
        const started = performance.now();
        const found = await whoDeliversPage(store, tenantId, now, { point, limit: pageSize, ...(commune ? { commune } : {}) });
        const ms = performance.now() - started;
        const ids = found.page.map((entry) => entry.listing.id);
        ours.push({ read: found.itemsRead, gets: found.page.length, returned: ids.length, matched: 0, queries: found.queries, ms });
        return ids;
      };
      const runBefore = async () => {
        const started = performance.now();
        const hits = await store.zoneEntries(tenantId, point, commune);
        const ids = [...new Set(hits.entries.map((entry) => entry.listingId))];
        const records = (await Promise.all(ids.map((id) => store.get(tenantId, id)))).filter((record) => record !== undefined);
        const answer = firstPage(records, point, commune);
        const ms = performance.now() - started;
        before.push({
          read: hits.itemsRead + ids.length,
          gets: ids.length,
          returned: answer.ids.length,
          matched: answer.matched,
          queries: hits.queries,
          ms,
        });
        return answer;
      };
      let ourIds: string[];
      let beforeAnswer: { ids: string[]; matched: number };
      if (at % 2 === 0) {
        ourIds = await runOurs();
        beforeAnswer = await runBefore();
      } else {
        beforeAnswer = await runBefore();
        ourIds = await runOurs();
      }
      ours.at(-1)!.matched = beforeAnswer.matched;
      same('the code before', point, beforeAnswer.ids, ourIds);
      if (at >= scanCount) continue;

      const started = performance.now();
      const all = await scanAll(low, tableName);
      // The listings' records (index entries have no content).
      const records = all.items.filter((item) => item.content !== undefined && item.tokenHash !== undefined) as unknown as ListingRecord[];
      const { read, queries } = all;
      const scanAnswer = firstPage(records, point, commune);
      scan.push({ read, gets: 0, returned: scanAnswer.ids.length, matched: scanAnswer.matched, queries, ms: performance.now() - started });
      same('the full scan', point, scanAnswer.ids, ourIds);
    }

    const rows = [
      ['entries (now)', ours],
      ['before: a GetItem per listing met', before],
      ['full scan', scan],
    ] as const;
    console.log(
      `who delivers to me, first page of ${pageSize}, ${listingCount} listings, ${queryCount} points (the full scan: the first ${scanCount}; the same page from all three):`,
    );
    console.log(
      formatTable(
        ['method', 'delivering p50', 'items read p50', 'of which GetItem', 'read÷returned p50', 'p95', 'queries max', 'ms p50', 'ms p99'],
        rows.map(([name, samples]) => {
          const s = summary(samples);
          return [name, s.matchedP50, s.readP50, s.getsP50, s.ratioP50, s.ratioP95, s.queriesMax, s.msP50, s.msP99];
        }),
      ),
    );
    const index = summary(ours);
    const old = summary(before);
    const full = summary(scan);
    const prefix = `who delivers to me at ${listingCount} listings (page of ${pageSize})`;
    return [
      {
        figure: `${prefix}: items read ÷ returned, median (p95)`,
        value: `${index.ratioP50} (p95 ${index.ratioP95}; ${index.getsP50} records of ${index.readP50} items); before ${old.ratioP50} (p95 ${old.ratioP95}); full scan ${full.ratioP50}`,
        target: 'reported',
        met: null,
      },
      {
        figure: `${prefix}: queries per request, max`,
        value: `${index.queriesMax} (+ ${pageSize} GetItem at most); before ${old.queriesMax} (+ one GetItem per listing met); full scan ${full.queriesMax} Scan pages`,
        target: 'reported',
        met: null,
      },
      {
        figure: `${prefix}: latency p50 / p99`,
        value: `${index.msP50} / ${index.msP99} ms; before ${old.msP50} / ${old.msP99} ms; full scan ${full.msP50} / ${full.msP99} ms`,
        target: 'not slower than the full scan',
        met: index.msP50 <= full.msP50 && index.msP99 <= full.msP99,
      },
    ];
  } finally {
    documents.destroy();
    low.destroy();
    await server.stop();
    rmSync(path, { recursive: true, force: true });
  }
}
