/**
 * `npm run bench:geo`: the geographic search against the embedded DynamoDB, side by side with a
 * full-scan baseline and dynamodb-geo, on the same clustered posts and the same query points, at
 * 1k, 10k and 100k posts and radii of 1, 5 and 20 km; then the same queries after 10× more posts
 * are added outside the searched area. `npm run bench` folds the figures in (geoSearchFigures).
 *
 * Knobs (environment): GEO_BENCH_SIZES (1000,10000,100000), GEO_BENCH_QUERIES (30 per size and
 * radius for our search), GEO_BENCH_BASELINE_QUERIES (cap for the full scan and dynamodb-geo, 5; 2 at 100k),
 * GEO_BENCH_GROWTH_SIZES (sizes grown 10× outside on the embedded DynamoDB: 1000,10000),
 * GEO_BENCH_MEMORY_GROWTH_SIZES (the same, items read counted on an in-memory copy of the index:
 * 1000,10000,100000; empty: none), GEO_BENCH_GROWTH (10), GEO_BENCH_DYNALITE (thread: dynalite on a
 * thread of its own, as under `npm start`; inline: on the bench's own thread).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  QueryCommand,
  ScanCommand,
  type BatchWriteItemCommandInput,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  DensityMap,
  curveIndexOf,
  densityCountsOf,
  destination,
  distanceKm,
  maxQueriesPerPage,
  searchNearby,
  type LatLon,
  type PostRecord,
} from '@entraide/core';
import { DynamoDensitySummary, DynamoNearbyIndex, nearbyIndexItems, postKeys, type DocClient } from '@entraide/dynamodb-store';
import { ensureTable } from '@entraide/dynamodb-store/create-table';
import * as ddbGeo from 'dynamodb-geo';
import { localDocClient, localDynamoClient, startEmbeddedDynamo } from '../packages/local/src/embedded-servers.js';
import { benchPosts, benchTenant, populatedPoint, seededRandom } from './geo/data.js';
import { SortedMemoryIndex } from './geo/memory-index.js';
import type { BenchFigure } from './support/figures.js';
import { median, percentile, round } from './support/stats.js';
import { formatMarkdownTable, formatTable } from './support/table.js';

const numbers = (text: string | undefined, fallback: number[]) =>
  text
    ? text
        .split(',')
        .map(Number)
        .filter((n) => n > 0)
    : fallback;
const settings = {
  sizes: numbers(process.env.GEO_BENCH_SIZES, [1000, 10000, 100000]),
  queries: Number(process.env.GEO_BENCH_QUERIES ?? 30),
  baselineQueries: Number(process.env.GEO_BENCH_BASELINE_QUERIES ?? 5),
  growthSizes: numbers(process.env.GEO_BENCH_GROWTH_SIZES, [1000, 10000]),
  memoryGrowthSizes: numbers(process.env.GEO_BENCH_MEMORY_GROWTH_SIZES, [1000, 10000, 100000]),
  dynaliteInline: process.env.GEO_BENCH_DYNALITE === 'inline',
  growth: Number(process.env.GEO_BENCH_GROWTH ?? 10),
  radii: [1, 5, 20],
  pageSize: 20,
};
const now = new Date('2026-11-02T00:00:00.000Z');
/** Latencies depend on what else runs on the machine: the load average is printed beside them. */
const loadAverages = { start: round(os.loadavg()[0]!, 1) };
const tables = { ours: 'geo-ours', scan: 'geo-scan', dynamodbGeo: 'geo-dynamodb-geo' };
/** Ours again, through the AWS SDK's document client: reported beside ours, not held to the targets. */
const oursThroughTheSdk = 'ours, AWS SDK client';
/** Ours without the density summary, as the search read before it: reported beside ours, not held to the targets. */
const oursUnsteered = 'ours, no summary';
const isOurs = (method: string) => method === 'ours' || method === oursThroughTheSdk || method === oursUnsteered;

interface Sample {
  itemsRead: number;
  returned: number;
  queries: number;
  ms: number;
  /** A page with fewer than the page size while more posts lie within R (ours only: out of rounds). */
  short?: boolean;
  /** Queries of this search that read the density summary (ours: the container's first search, or once its minute is over). */
  summaryQueries?: number;
}

interface Row {
  posts: number;
  radiusKm: number;
  method: string;
  samples: Sample[];
}

const log = (message: string) => process.stderr.write(`${message}\n`);

/** A low-level client that counts what DynamoDB reads for dynamodb-geo (SDK v2 style, driven by v3). */
function countingV2Client(client: DynamoDBClient, counter: { itemsRead: number; queries: number }) {
  const promise = <T>(work: () => Promise<T>) => ({ promise: work });
  return {
    query: (input: QueryCommandInput) =>
      promise(async () => {
        const output = await client.send(new QueryCommand(input));
        counter.queries += 1;
        counter.itemsRead += output.ScannedCount ?? 0;
        return output;
      }),
    batchWriteItem: (input: BatchWriteItemCommandInput) => promise(() => client.send(new BatchWriteItemCommand(input))),
    putItem: () => promise(async () => ({})),
    getItem: () => promise(async () => ({})),
    updateItem: () => promise(async () => ({})),
    deleteItem: () => promise(async () => ({})),
  };
}

async function inBatches<T>(items: T[], size: number, parallel: number, write: (batch: T[]) => Promise<unknown>) {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < batches.length) await write(batches[next++]!);
    }),
  );
}

/**
 * Our table: the index entries the search reads. A post has four (no filter, category, kind, both),
 * each under its own keys; the benchmark's searches have no filter and read only the first, so only
 * that one is loaded (one item per post, as for the other two methods), and loading stays quick.
 */
async function loadOurs(documents: DynamoDBDocumentClient, posts: PostRecord[]) {
  const items = posts.map((post) => nearbyIndexItems(post)[0]!);
  await inBatches(items, 25, 8, (batch) =>
    documents.send(new BatchWriteCommand({ RequestItems: { [tables.ours]: batch.map((Item) => ({ PutRequest: { Item } })) } })),
  );
}

/** The density summary's counts of `posts` (each at its public point), as the index's writes keep them. */
const densityCounts = (posts: PostRecord[]) => densityCountsOf(posts.map((post) => curveIndexOf(post.content!.publicLocation)));

/** Our table's density summary, for the posts loaded so far: set by the recount's own write (`correct`). */
async function loadSummary(client: DocClient, posts: PostRecord[]) {
  await new DynamoDensitySummary(client, tables.ours).correct(benchTenant.id, densityCounts(posts));
}

/** The baseline's table: one item per post, public view and point. */
async function loadScan(documents: DynamoDBDocumentClient, posts: PostRecord[]) {
  await inBatches(posts, 25, 8, (batch) =>
    documents.send(
      new BatchWriteCommand({
        RequestItems: {
          [tables.scan]: batch.map((post) => ({
            PutRequest: {
              Item: {
                ...postKeys(post.tenantId, post.id),
                id: post.id,
                title: post.content!.title,
                description: post.content!.description,
                lat: post.content!.publicLocation.lat,
                lon: post.content!.publicLocation.lon,
                createdAt: post.publishedAt,
              },
            },
          })),
        },
      }),
    ),
  );
}

async function loadDynamodbGeo(manager: ddbGeo.GeoDataManager, posts: PostRecord[]) {
  await inBatches(posts, 25, 8, (batch) =>
    manager
      .batchWritePoints(
        batch.map((post) => ({
          RangeKeyValue: { S: post.id },
          GeoPoint: { latitude: post.content!.publicLocation.lat, longitude: post.content!.publicLocation.lon },
          PutItemInput: {
            Item: { title: { S: post.content!.title }, description: { S: post.content!.description }, createdAt: { S: post.publishedAt! } },
          } as never,
        })),
      )
      .promise(),
  );
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

/**
 * The same page three ways: the 20 nearest within R. Ours through the DynamoDB client the functions
 * use (`DynamoHttpClient`: no AWS SDK at run time), and again through the AWS SDK's document client,
 * as this bench measured it until 6 Dec 2026: the same reads, only the client's own time differs.
 */
function searchers(
  documents: DynamoDBDocumentClient,
  functionsClient: DocClient,
  low: DynamoDBClient,
  manager: ddbGeo.GeoDataManager,
  geoCounter: { itemsRead: number; queries: number },
  /** The containers' clock: a frozen one keeps the summary read by their first search for good. */
  summaryClock: () => number = Date.now,
) {
  // As in a function's container: the summary read on the first search and kept a minute. A new
  // set of searchers is a new container.
  const ourSearch =
    (index: DynamoNearbyIndex, summary?: DynamoDensitySummary) =>
    async (near: LatLon, radiusKm: number): Promise<Sample> => {
      let summaryQueries = 0;
      const [result, ms] = await timed(async () => {
        const density = summary ? await summary.read(benchTenant.id) : undefined;
        summaryQueries = density?.queries ?? 0;
        return searchNearby(index, {
          tenantId: benchTenant.id,
          near,
          radiusKm,
          filter: {},
          limit: settings.pageSize,
          now,
          ...(density ? { density } : {}),
        });
      });
      return {
        itemsRead: result.stats.itemsRead,
        returned: result.items.length,
        queries: result.stats.queries,
        ms,
        short: result.next !== null && result.items.length < settings.pageSize,
        summaryQueries,
      };
    };
  return {
    ours: ourSearch(
      new DynamoNearbyIndex(functionsClient, tables.ours),
      new DynamoDensitySummary(functionsClient, tables.ours, summaryClock),
    ),
    [oursThroughTheSdk]: ourSearch(
      new DynamoNearbyIndex(documents, tables.ours),
      new DynamoDensitySummary(documents, tables.ours, summaryClock),
    ),
    [oursUnsteered]: ourSearch(new DynamoNearbyIndex(functionsClient, tables.ours)),
    'full scan': async (near: LatLon, radiusKm: number): Promise<Sample> => {
      let itemsRead = 0;
      let queries = 0;
      const [found, ms] = await timed(async () => {
        const hits: { id: string; distance: number; createdAt: string }[] = [];
        let start: Record<string, unknown> | undefined;
        do {
          const page = await low.send(new ScanCommand({ TableName: tables.scan, ExclusiveStartKey: start as never }));
          queries += 1;
          itemsRead += page.ScannedCount ?? 0;
          for (const item of page.Items ?? []) {
            const distance = distanceKm(near, { lat: Number(item.lat!.N), lon: Number(item.lon!.N) });
            if (distance <= radiusKm) hits.push({ id: item.id!.S!, distance, createdAt: item.createdAt!.S! });
          }
          start = page.LastEvaluatedKey;
        } while (start);
        return hits.sort((a, b) => a.distance - b.distance || (a.createdAt < b.createdAt ? 1 : -1)).slice(0, settings.pageSize);
      });
      return { itemsRead, returned: found.length, queries, ms };
    },
    'dynamodb-geo': async (near: LatLon, radiusKm: number): Promise<Sample> => {
      geoCounter.itemsRead = 0;
      geoCounter.queries = 0;
      const [found, ms] = await timed(async () => {
        // Its types name the SDK v2, which is not installed: the items are plain attribute maps.
        const items = (await manager.queryRadius({
          RadiusInMeter: radiusKm * 1000,
          CenterPoint: { latitude: near.lat, longitude: near.lon },
        })) as Record<string, { S?: string }>[];
        // It answers everything within R, unordered: the page is sorted here.
        return items
          .map((item) => {
            const [lon, lat] = JSON.parse(item.geoJson!.S!).coordinates as [number, number];
            return { distance: distanceKm(near, { lat, lon }), createdAt: item.createdAt!.S! };
          })
          .sort((a, b) => a.distance - b.distance || (a.createdAt < b.createdAt ? 1 : -1))
          .slice(0, settings.pageSize);
      });
      return { itemsRead: geoCounter.itemsRead, returned: found.length, queries: geoCounter.queries, ms };
    },
  };
}

const ratioOf = (sample: Sample) => sample.itemsRead / Math.max(1, sample.returned);

export interface GeoBenchResult {
  rows: Row[];
  growth: { posts: number; radiusKm: number; method: string; before: number; after: number }[];
  /** Items of one read of the whole density summary, before and after the posts outside. */
  summaryGrowth: { posts: number; before: number; after: number }[];
  loadSeconds: { posts: number; seconds: number }[];
  table: string;
  markdown: string;
  figures: BenchFigure[];
}

/**
 * dynalite on disk (LevelDB) loads large tables faster than in memory; the folder goes at the end.
 * By default it runs on a thread of its own, as under `npm start`: the bench's own work (the SDK,
 * the search) then runs beside the server's instead of queueing on one event loop, for all three
 * methods alike.
 */
async function benchDynamo(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const path = mkdtempSync(join(tmpdir(), 'entraide-geo-bench-'));
  const server = await startEmbeddedDynamo({ port: 0, path, ownThread: !settings.dynaliteInline });
  return {
    endpoint: server.endpoint,
    async stop() {
      await server.stop();
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/** Growth: query points within 2 km of the centre. */
function growthPoints(): LatLon[] {
  const random = seededRandom(77);
  return Array.from({ length: Math.min(settings.queries, 30) }, () =>
    destination(benchTenant.center, 2 * Math.sqrt(random()), random() * 2 * Math.PI),
  );
}

/** Growth: `growth` × `size` new posts beyond every searched disc (2 + R + 1 km from the centre and farther). */
const outsidePosts = (size: number): PostRecord[] =>
  benchPosts(size * settings.growth, 99, {
    prefix: 'g',
    where: (draw) => destination(benchTenant.center, 2 + Math.max(...settings.radii) + 1 + draw() * 40, draw() * 2 * Math.PI),
  });

export async function runGeoBench(): Promise<GeoBenchResult> {
  const server = await benchDynamo();
  const low = localDynamoClient(server.endpoint);
  const documents = DynamoDBDocumentClient.from(low, { marshallOptions: { removeUndefinedValues: true } });
  const functionsClient = localDocClient(server.endpoint);
  const geoCounter = { itemsRead: 0, queries: 0 };
  const geoConfig = new ddbGeo.GeoDataManagerConfiguration(countingV2Client(low, geoCounter) as never, tables.dynamodbGeo);
  // 5 digits of S2 geohash per hash key: cells of a few km, as its documentation suggests for radii of km.
  geoConfig.hashKeyLength = 5;
  const manager = new ddbGeo.GeoDataManager(geoConfig);
  try {
    await ensureTable(low, tables.ours);
    await ensureTable(low, tables.scan);
    const geoTable = ddbGeo.GeoTableUtil.getCreateTableRequest(geoConfig);
    delete (geoTable as { ProvisionedThroughput?: unknown }).ProvisionedThroughput;
    await low.send(new CreateTableCommand({ ...(geoTable as object), BillingMode: 'PAY_PER_REQUEST' } as never));

    const maxSize = Math.max(...settings.sizes);
    const allPosts = benchPosts(maxSize, 1);
    const rows: Row[] = [];
    const growth: GeoBenchResult['growth'] = [];
    const summaryGrowth: GeoBenchResult['summaryGrowth'] = [];
    const loadSeconds: GeoBenchResult['loadSeconds'] = [];
    let loaded = 0;

    for (const size of [...settings.sizes].sort((a, b) => a - b)) {
      const adding = allPosts.slice(loaded, size);
      const [, loadMs] = await timed(() =>
        Promise.all([loadOurs(documents, adding), loadScan(documents, adding), loadDynamodbGeo(manager, adding)]),
      );
      loaded = size;
      loadSeconds.push({ posts: size, seconds: round(loadMs / 1000, 1) });
      log(`geo bench: ${size} posts loaded (+${adding.length} in ${round(loadMs / 1000, 1)} s)`);
      await loadSummary(functionsClient, allPosts.slice(0, size));
      // A fresh container for each size: its first search reads the summary.
      const search = searchers(documents, functionsClient, low, manager, geoCounter);

      for (const radiusKm of settings.radii) {
        const random = seededRandom(1000 + radiusKm);
        const points = Array.from({ length: settings.queries }, () => populatedPoint(random));
        // Our three searches point by point, in turn, so that what the machine does meanwhile (the
        // server's compactions after a baseline's reads) falls on all three alike; then the baselines.
        const sampled = new Map<string, Sample[]>(Object.keys(search).map((method) => [method, []]));
        for (const point of points)
          for (const [method, run] of Object.entries(search)) if (isOurs(method)) sampled.get(method)!.push(await run(point, radiusKm));
        for (const [method, run] of Object.entries(search)) {
          // A full scan or dynamodb-geo at 20 km reads every post: a few samples say enough at 100k.
          const count = Math.min(points.length, size >= 100000 ? Math.min(2, settings.baselineQueries) : settings.baselineQueries);
          const samples = sampled.get(method)!;
          if (!isOurs(method)) for (const point of points.slice(0, count)) samples.push(await run(point, radiusKm));
          rows.push({ posts: size, radiusKm, method, samples });
          const ratios = samples.map(ratioOf);
          log(
            `  ${size} posts, ${radiusKm} km, ${method}: read÷returned p50 ${round(median(ratios), 2)} p95 ${round(percentile(ratios, 0.95), 2)}, queries max ${Math.max(...samples.map((s) => s.queries))}, ms p50 ${round(median(samples.map((s) => s.ms)), 1)} p99 ${round(
              percentile(
                samples.map((s) => s.ms),
                0.99,
              ),
              1,
            )}`,
          );
        }
        log(`geo bench: ${size} posts, ${radiusKm} km done`);
      }
    }

    // Growth outside the searched area: query points within 2 km of the centre, new posts beyond
    // every searched disc (2 + R + 1 km from the centre), the same searches again.
    const growthSizes = settings.growthSizes.filter((size) => size <= maxSize).sort((a, b) => a - b);
    if (growthSizes.length > 0) {
      // The data is rebuilt per grown size: a fresh server keeps each measure to its own posts.
      for (const size of growthSizes) {
        const grownServer = await benchDynamo();
        const grownLow = localDynamoClient(grownServer.endpoint);
        const grownDocuments = DynamoDBDocumentClient.from(grownLow, { marshallOptions: { removeUndefinedValues: true } });
        const grownFunctionsClient = localDocClient(grownServer.endpoint);
        const grownCounter = { itemsRead: 0, queries: 0 };
        const grownConfig = new ddbGeo.GeoDataManagerConfiguration(countingV2Client(grownLow, grownCounter) as never, tables.dynamodbGeo);
        grownConfig.hashKeyLength = geoConfig.hashKeyLength;
        const grownManager = new ddbGeo.GeoDataManager(grownConfig);
        try {
          await ensureTable(grownLow, tables.ours);
          await ensureTable(grownLow, tables.scan);
          const geoTableAgain = ddbGeo.GeoTableUtil.getCreateTableRequest(grownConfig);
          delete (geoTableAgain as { ProvisionedThroughput?: unknown }).ProvisionedThroughput;
          await grownLow.send(new CreateTableCommand({ ...(geoTableAgain as object), BillingMode: 'PAY_PER_REQUEST' } as never));
          const base = allPosts.slice(0, size);
          await Promise.all([loadOurs(grownDocuments, base), loadDynamodbGeo(grownManager, base), loadSummary(grownFunctionsClient, base)]);
          const frozen = () => 0;
          let grownSearch = searchers(grownDocuments, grownFunctionsClient, grownLow, grownManager, grownCounter, frozen);
          const points = growthPoints();
          // The summary's own read grows with the whole tenant (it is one read a container a minute):
          // measured apart, and read before each measure so that the searches' reads compare alike.
          const summaryItems = async () => {
            const summary = await new DynamoDensitySummary(grownFunctionsClient, tables.ours).read(benchTenant.id);
            return summary.itemsRead;
          };
          await grownSearch.ours(points[0]!, 1);
          const summaryBefore = await summaryItems();
          // dynamodb-geo reads every post of its cells within R for each query: beyond 1k posts its
          // growth run would take many minutes, so it is measured at 1k only.
          const methods = size <= 1000 ? (['ours', 'dynamodb-geo'] as const) : (['ours'] as const);
          const measure = async (method: 'ours' | 'dynamodb-geo', radiusKm: number) => {
            let total = 0;
            for (const point of points.slice(0, method === 'ours' ? points.length : settings.baselineQueries))
              total += (await grownSearch[method](point, radiusKm)).itemsRead;
            return total;
          };
          const before: Record<string, number> = {};
          for (const radiusKm of settings.radii)
            for (const method of methods) before[`${method}@${radiusKm}`] = await measure(method, radiusKm);
          const outside = outsidePosts(size);
          const [, growMs] = await timed(() =>
            Promise.all([loadOurs(grownDocuments, outside), ...(methods.length > 1 ? [loadDynamodbGeo(grownManager, outside)] : [])]),
          );
          await loadSummary(grownFunctionsClient, [...base, ...outside]);
          grownSearch = searchers(grownDocuments, grownFunctionsClient, grownLow, grownManager, grownCounter, frozen);
          await grownSearch.ours(points[0]!, 1);
          summaryGrowth.push({ posts: size, before: summaryBefore, after: await summaryItems() });
          log(`geo bench: +${outside.length} posts outside the searched area in ${round(growMs / 1000, 1)} s`);
          for (const radiusKm of settings.radii) {
            for (const method of methods) {
              const entry = {
                posts: size,
                radiusKm,
                method,
                before: before[`${method}@${radiusKm}`]!,
                after: await measure(method, radiusKm),
              };
              growth.push(entry);
              log(`  growth ${size} posts, ${radiusKm} km, ${method}: items read ${entry.before} → ${entry.after}`);
            }
            // A full scan reads every post, by construction: (1 + growth)× as many.
            growth.push({ posts: size, radiusKm, method: 'full scan', before: size, after: size * (1 + settings.growth) });
          }
        } finally {
          grownLow.destroy();
          grownFunctionsClient.destroy();
          await grownServer.stop();
        }
      }
    }

    // The same growth for ours at larger sizes, items read counted on an in-memory copy of the index.
    for (const size of settings.memoryGrowthSizes.filter((size) => !growthSizes.includes(size)).sort((a, b) => a - b)) {
      const memory = new SortedMemoryIndex();
      const inside = size <= allPosts.length ? allPosts.slice(0, size) : benchPosts(size, 1);
      memory.add(inside);
      const points = growthPoints();
      // Steered by the summary of the posts indexed, as ours is (its own read left out, as above).
      let density = { map: new DensityMap(densityCounts(inside)), queries: 0, itemsRead: 0 };
      const measure = async (radiusKm: number) => {
        let total = 0;
        for (const near of points)
          total += (
            await searchNearby(memory, { tenantId: benchTenant.id, near, radiusKm, filter: {}, limit: settings.pageSize, now, density })
          ).stats.itemsRead;
        return total;
      };
      const before: number[] = [];
      for (const radiusKm of settings.radii) before.push(await measure(radiusKm));
      const outside = outsidePosts(size);
      memory.add(outside);
      density = { map: new DensityMap(densityCounts([...inside, ...outside])), queries: 0, itemsRead: 0 };
      for (const [at, radiusKm] of settings.radii.entries()) {
        const entry = { posts: size, radiusKm, method: 'ours (in memory)', before: before[at]!, after: await measure(radiusKm) };
        growth.push(entry);
        log(`  growth ${size} posts, ${radiusKm} km, ours counted in memory: items read ${entry.before} → ${entry.after}`);
      }
    }

    return report(rows, growth, summaryGrowth, loadSeconds);
  } finally {
    low.destroy();
    functionsClient.destroy();
    await server.stop();
  }
}

const targets = { ratioMedian: 2, ratioP95: 3, queries: maxQueriesPerPage, growthPercent: 10, p50Ms: 20, p99Ms: 100 };

function report(
  rows: Row[],
  growth: GeoBenchResult['growth'],
  summaryGrowth: GeoBenchResult['summaryGrowth'],
  loadSeconds: GeoBenchResult['loadSeconds'],
): GeoBenchResult {
  const header = [
    'posts',
    'R km',
    'method',
    'n',
    'read÷returned p50',
    'p95',
    'queries p50',
    'max',
    'short pages',
    'summary reads',
    'ms p50',
    'p99',
    'read Δ 10× outside',
  ];
  const growthOf = (row: Row) =>
    growth.find((entry) => entry.posts === row.posts && entry.radiusKm === row.radiusKm && entry.method === row.method) ??
    growth.find((entry) => entry.posts === row.posts && entry.radiusKm === row.radiusKm && entry.method === `${row.method} (in memory)`);
  const lines = rows.map((row) => {
    const ratios = row.samples.map(ratioOf);
    const grown = growthOf(row);
    return [
      row.posts,
      row.radiusKm,
      row.method,
      row.samples.length,
      round(median(ratios), 2),
      round(percentile(ratios, 0.95), 2),
      median(row.samples.map((s) => s.queries)),
      Math.max(...row.samples.map((s) => s.queries)),
      isOurs(row.method) ? row.samples.filter((s) => s.short).length : '—',
      isOurs(row.method) && row.method !== oursUnsteered ? row.samples.filter((s) => (s.summaryQueries ?? 0) > 0).length : '—',
      round(median(row.samples.map((s) => s.ms)), 1),
      round(
        percentile(
          row.samples.map((s) => s.ms),
          0.99,
        ),
        1,
      ),
      grown
        ? `${grown.after >= grown.before ? '+' : ''}${round(((grown.after - grown.before) / Math.max(1, grown.before)) * 100, 1)}%${grown.method.endsWith('(in memory)') ? ' (counted in memory)' : ''}`
        : '—',
    ] as (string | number)[];
  });
  const targetLine = [
    '',
    '',
    'target (ours)',
    '',
    `≤ ${targets.ratioMedian}`,
    `≤ ${targets.ratioP95}`,
    '',
    `≤ ${targets.queries}`,
    '0',
    '',
    `≤ ${targets.p50Ms} at 100k`,
    `≤ ${targets.p99Ms} at 100k`,
    `≤ ${targets.growthPercent}%`,
  ];
  const table = formatTable(header, [...lines, targetLine]);
  const markdown = formatMarkdownTable(header, [...lines, targetLine]);

  const ours = rows.filter((row) => row.method === 'ours');
  const allRatios = ours.flatMap((row) => row.samples.map(ratioOf));
  const worstMedian = Math.max(...ours.map((row) => median(row.samples.map(ratioOf))));
  const worstP95 = Math.max(...ours.map((row) => percentile(row.samples.map(ratioOf), 0.95)));
  const maxQueries = Math.max(...ours.flatMap((row) => row.samples.map((s) => s.queries)));
  const largest = Math.max(...ours.map((row) => row.posts));
  const atLargest = ours.filter((row) => row.posts === largest).flatMap((row) => row.samples.map((s) => s.ms));
  const ourGrowth = growth.filter((entry) => entry.method.startsWith('ours'));
  const grownSizes = [...new Set(ourGrowth.map((entry) => entry.posts))].sort((a, b) => a - b);
  const shortPages = ours.reduce((sum, row) => sum + row.samples.filter((s) => s.short).length, 0);
  const samples = ours.reduce((sum, row) => sum + row.samples.length, 0);
  const worstGrowth = ourGrowth.length
    ? Math.max(...ourGrowth.map((entry) => Math.abs(entry.after - entry.before) / Math.max(1, entry.before))) * 100
    : Number.NaN;
  const figures: BenchFigure[] = [
    {
      figure: 'geo search: items read ÷ returned, median (worst size × radius)',
      value: round(worstMedian, 2),
      target: `≤ ${targets.ratioMedian}`,
      met: worstMedian <= targets.ratioMedian,
    },
    {
      figure: 'geo search: items read ÷ returned, p95 (worst size × radius)',
      value: round(worstP95, 2),
      target: `≤ ${targets.ratioP95}`,
      met: worstP95 <= targets.ratioP95,
    },
    {
      figure: 'geo search: items read ÷ returned, median (all queries)',
      value: round(median(allRatios), 2),
      target: `≤ ${targets.ratioMedian}`,
      met: median(allRatios) <= targets.ratioMedian,
    },
    {
      figure: 'geo search: queries per request, max',
      value: maxQueries,
      target: `≤ ${targets.queries}`,
      met: maxQueries <= targets.queries,
    },
    {
      figure: `geo search: p50 latency at ${largest} posts (ms)`,
      value: round(median(atLargest), 1),
      target: `≤ ${targets.p50Ms}`,
      met: largest >= 100000 ? median(atLargest) <= targets.p50Ms : null,
    },
    {
      figure: `geo search: p99 latency at ${largest} posts (ms)`,
      value: round(percentile(atLargest, 0.99), 1),
      target: `≤ ${targets.p99Ms}`,
      met: largest >= 100000 ? percentile(atLargest, 0.99) <= targets.p99Ms : null,
    },
    {
      figure: 'geo search: short pages (fewer than 20 while more lie within R)',
      value: `${shortPages} of ${samples}`,
      target: '0',
      met: shortPages === 0,
    },
    {
      figure: `geo search: items read change, 10× posts outside (worst; at ${grownSizes.join(', ')} posts)`,
      value: Number.isNaN(worstGrowth) ? 'not run' : `${round(worstGrowth, 1)}%`,
      target: `≤ ${targets.growthPercent}%`,
      met: Number.isNaN(worstGrowth) ? null : worstGrowth <= targets.growthPercent,
    },
  ];
  figures.push({
    figure: 'machine load average (1 min) at start → end of the run',
    value: `${loadAverages.start} → ${round(os.loadavg()[0]!, 1)}`,
    target: '—',
    met: null,
  });
  for (const load of loadSeconds)
    figures.push({ figure: `geo bench: loading up to ${load.posts} posts (s, BatchWrite)`, value: load.seconds, target: '—', met: null });
  // The search before the summary, on the same posts and points: reported, not held to the targets.
  const unsteered = rows.filter((row) => row.method === oursUnsteered);
  if (unsteered.length > 0) {
    figures.push({
      figure: 'geo search without the density summary (the code before): items read ÷ returned, median / p95 (worst size × radius)',
      value: `${round(Math.max(...unsteered.map((row) => median(row.samples.map(ratioOf)))), 2)} / ${round(Math.max(...unsteered.map((row) => percentile(row.samples.map(ratioOf), 0.95))), 2)}`,
      target: '—',
      met: null,
    });
  }
  const summaryReads = ours.reduce((sum, row) => sum + row.samples.filter((s) => (s.summaryQueries ?? 0) > 0).length, 0);
  figures.push({
    figure: "geo search: searches that read the density summary (one container per size, kept a minute; in each search's figures)",
    value: `${summaryReads} of ${samples}`,
    target: '—',
    met: null,
  });
  for (const entry of summaryGrowth)
    figures.push({
      figure: `density summary: items of one whole read at ${entry.posts} posts, then with ${settings.growth}× posts outside`,
      value: `${entry.before} → ${entry.after}`,
      target: '—',
      met: null,
    });
  return { rows, growth, summaryGrowth, loadSeconds, table, markdown, figures };
}

/** For `npm run bench`: the figures of this bench as rows. */
export async function geoSearchFigures(): Promise<BenchFigure[]> {
  const result = await runGeoBench();
  console.log(result.table);
  return result.figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runGeoBench();
  console.log('');
  console.log('Geographic search: 20 nearest within R, nearest first (ours: first page; the others: everything within R, then sorted)');
  console.log(result.table);
  console.log('');
  console.log(
    formatTable(
      ['figure', 'value', 'target', 'met'],
      result.figures.map((row) => [row.figure, String(row.value), row.target, row.met === null ? '—' : row.met ? 'yes' : 'NO']),
    ),
  );
  if (process.env.GEO_BENCH_MARKDOWN) {
    console.log('');
    console.log(result.markdown);
  }
}
