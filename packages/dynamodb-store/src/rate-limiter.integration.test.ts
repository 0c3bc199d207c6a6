import { localDocClient, localDynamoClient, startEmbeddedDynamo, type RunningServer } from '../../local/src/embedded-servers.js';
import { ensureTable } from './create-table.js';
import { DynamoRateLimiter } from './rate-limiter.js';

let server: RunningServer;
let limiter: DynamoRateLimiter;
let client: ReturnType<typeof localDynamoClient>;
let documents: ReturnType<typeof localDocClient>;

beforeAll(async () => {
  server = await startEmbeddedDynamo({ port: 0 });
  client = localDynamoClient(server.endpoint);
  await ensureTable(client, 'limits');
  documents = localDocClient(server.endpoint);
  limiter = new DynamoRateLimiter(documents, 'limits', 'courbevoie');
});
afterAll(async () => {
  client.destroy();
  documents.destroy();
  await server.stop();
});

test('twenty concurrent requests against a limit of five: exactly five pass', async () => {
  const now = new Date('2026-11-25T10:15:00Z');
  const outcomes = await Promise.all(Array.from({ length: 20 }, () => limiter.consume('subject-a', 5, 3600, now)));
  expect(outcomes.filter((outcome) => outcome.allowed)).toHaveLength(5);
  // Refused until the window ends at 11:00.
  expect(outcomes.find((outcome) => !outcome.allowed)?.retryAfterSeconds).toBe(45 * 60);
});

test('a new window starts afresh, and subjects do not share counters', async () => {
  const late = new Date('2026-11-25T10:59:59Z');
  expect((await limiter.consume('subject-b', 1, 3600, late)).allowed).toBe(true);
  expect((await limiter.consume('subject-b', 1, 3600, late)).allowed).toBe(false);
  expect((await limiter.consume('subject-c', 1, 3600, late)).allowed).toBe(true);
  expect((await limiter.consume('subject-b', 1, 3600, new Date('2026-11-25T11:00:00Z'))).allowed).toBe(true);
});
