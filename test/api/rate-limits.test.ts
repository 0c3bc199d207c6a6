import { startTestPlatform, type TestPlatform } from '../support/platform.js';

/** The demo tenants' real limits: 10 posts per hour per IP, 5 per day per email. */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ realRateLimits: true });
});
afterAll(async () => {
  await platform.cleanUp();
});

const offer = (email: string, title = 'Je fais vos courses') => ({
  kind: 'offer',
  category: 'groceries',
  title,
  description: 'Le samedi matin.',
  location: { lat: 48.8975, lon: 2.2525 },
  author: { name: 'Ana', email },
});

test('a sixth post in a day from one email → 429 with Retry-After, and nothing stored or mailed', async () => {
  for (let index = 0; index < 5; index++) {
    expect(
      (
        await platform.api('namur', '/posts', {
          method: 'POST',
          body: { ...offer('ana@example.org', `Annonce ${index}`), location: { lat: 50.33, lon: 4.85 } },
        })
      ).status,
    ).toBe(201);
  }
  const items = (await platform.tableItems('namur')).filter((item) => JSON.stringify(item).includes('POST#')).length;
  const mails = (await platform.outbox()).length;
  const refused = await platform.api('namur', '/posts', {
    method: 'POST',
    body: { ...offer('ANA@example.org'), location: { lat: 50.33, lon: 4.85 } },
  });
  expect(refused.status).toBe(429);
  expect(refused.body.error.code).toBe('rate_limited');
  const retryAfter = Number(refused.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(86_400);
  expect((await platform.tableItems('namur')).filter((item) => JSON.stringify(item).includes('POST#')).length).toBe(items);
  expect((await platform.outbox()).length).toBe(mails);
  // The counters never hold the email in clear.
  expect(JSON.stringify(await platform.tableItems('namur'))).not.toMatch(/RATE#[^"]*ana@example\.org/i);
});

test('an eleventh post in an hour from one address → 429, whatever the emails', async () => {
  const statuses: number[] = [];
  for (let index = 0; index < 12; index++) {
    statuses.push((await platform.api('courbevoie', '/posts', { method: 'POST', body: offer(`voisin${index}@example.org`) })).status);
  }
  expect(statuses.slice(0, 10)).toEqual(Array(10).fill(201));
  expect(statuses.slice(10)).toEqual([429, 429]);
});

test('a request refused for what it is does not count against the limit', async () => {
  // Unknown tenant, bad input, outside the area: none of these uses up Orléans' quota.
  for (let index = 0; index < 15; index++) {
    expect(
      (
        await platform.api('orleans-metropole', '/posts', {
          method: 'POST',
          body: { ...offer(`x${index}@example.org`), category: 'childcare', location: { lat: 47.9, lon: 1.9 } },
        })
      ).status,
    ).toBe(400);
  }
  expect(
    (
      await platform.api('orleans-metropole', '/posts', {
        method: 'POST',
        body: { ...offer('y@example.org'), location: { lat: 47.9, lon: 1.9 } },
      })
    ).status,
  ).toBe(201);
});
