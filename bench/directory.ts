/**
 * `npx tsx bench/index.ts directory`: "who delivers to me" (GET /listings?deliversTo=) against the
 * embedded DynamoDB at 10,000 published listings, side by side with a full scan on the same
 * listings and points. The listings sit where the geographic bench's posts do (a métropole's towns
 * and countryside, seeded) and deliver within a disc of 1–30 km (log-uniform: many small shops, a
 * few producers delivering far); a tenth also deliver to a commune named by code. Points are drawn
 * from the same population, a third with their commune. Both methods must give the same listings:
 * the bench stops if they do not. Knobs: DIRECTORY_BENCH_LISTINGS (10000), DIRECTORY_BENCH_QUERIES (30), DIRECTORY_BENCH_SCANS
 * (5: the full scan reads the whole table, index entries included, each time).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand, type ScanCommandInput } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { deliversTo, isListingPublic, type LatLon, type ListingRecord } from '@entraide/core';
import { DynamoListingStore } from '@entraide/dynamodb-store';
import { ensureTable } from '@entraide/dynamodb-store/create-table';
import { localDocClient, localDynamoClient, startEmbeddedDynamo } from '../packages/local/src/embedded-servers.js';
import { benchTenant, populatedPoint, seededRandom } from './geo/data.js';
import type { BenchFigure } from './support/figures.js';
import { median, percentile, round } from './support/stats.js';
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

async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

interface Sample {
  read: number;
  returned: number;
  queries: number;
  ms: number;
}

const summary = (samples: Sample[]) => {
  const ratios = samples.filter((sample) => sample.returned > 0).map((sample) => sample.read / sample.returned);
  return {
    ratioP50: round(median(ratios), 2),
    ratioP95: round(percentile(ratios, 0.95), 2),
    returnedP50: median(samples.map((sample) => sample.returned)),
    readP50: median(samples.map((sample) => sample.read)),
    queriesMax: Math.max(...samples.map((sample) => sample.queries)),
    msP50: round(median(samples.map((sample) => sample.ms)), 1),
    msP99: round(
      percentile(
        samples.map((sample) => sample.ms),
        0.99,
      ),
      1,
    ),
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
    const answer = (found: ListingRecord[], point: LatLon, commune: string | undefined) =>
      found
        .filter((listing) => isListingPublic(listing, now) && deliversTo(listing, point, commune))
        .map((listing) => listing.id)
        .sort();

    const ours: Sample[] = [];
    const scan: Sample[] = [];
    for (const [at, { point, commune }] of points.entries()) {
      let started = performance.now();
      const candidates = await store.zoneCandidates(tenantId, point, commune);
      const ourAnswer = answer(candidates.listings, point, commune);
      ours.push({ read: candidates.itemsRead, returned: ourAnswer.length, queries: candidates.queries, ms: performance.now() - started });
      if (at >= scanCount) continue;

      started = performance.now();
      const records: ListingRecord[] = [];
      let read = 0;
      let queries = 0;
      let start: ScanCommandInput['ExclusiveStartKey'];
      do {
        const page = await low.send(new ScanCommand({ TableName: tableName, ...(start ? { ExclusiveStartKey: start } : {}) }));
        queries += 1;
        read += page.ScannedCount ?? 0;
        for (const item of page.Items ?? []) {
          const value = unmarshall(item);
          if (value.content !== undefined && value.version !== undefined) records.push(value as ListingRecord);
        }
        start = page.LastEvaluatedKey;
      } while (start);
      const scanAnswer = answer(records, point, commune);
      scan.push({ read, returned: scanAnswer.length, queries, ms: performance.now() - started });
      if (scanAnswer.join() !== ourAnswer.join())
        throw new Error(
          `who delivers to ${point.lat},${point.lon}: the zone index found ${ourAnswer.length}, the scan ${scanAnswer.length}`,
        );
    }

    const rows = [
      ['zone index', ours],
      ['full scan', scan],
    ] as const;
    console.log(
      `who delivers to me, ${listingCount} listings, ${queryCount} points (the full scan: the first ${scanCount}, with the same answers):`,
    );
    console.log(
      formatTable(
        ['method', 'returned p50', 'read p50', 'read÷returned p50', 'p95', 'queries max', 'ms p50', 'ms p99'],
        rows.map(([name, samples]) => {
          const s = summary(samples);
          return [name, s.returnedP50, s.readP50, s.ratioP50, s.ratioP95, s.queriesMax, s.msP50, s.msP99];
        }),
      ),
    );
    const index = summary(ours);
    const full = summary(scan);
    return [
      {
        figure: `who delivers to me at ${listingCount} listings: items read ÷ returned, median (p95)`,
        value: `${index.ratioP50} (p95 ${index.ratioP95}; ${index.returnedP50} returned at the median); full scan ${full.ratioP50} (p95 ${full.ratioP95})`,
        target: 'reported',
        met: null,
      },
      {
        figure: `who delivers to me at ${listingCount} listings: queries per request, max`,
        value: `${index.queriesMax} (+ one GetItem per candidate); full scan ${full.queriesMax} Scan pages`,
        target: 'reported',
        met: null,
      },
      {
        figure: `who delivers to me at ${listingCount} listings: latency p50 / p99`,
        value: `${index.msP50} / ${index.msP99} ms; full scan ${full.msP50} / ${full.msP99} ms`,
        target: 'reported',
        met: null,
      },
    ];
  } finally {
    documents.destroy();
    low.destroy();
    await server.stop();
    rmSync(path, { recursive: true, force: true });
  }
}
