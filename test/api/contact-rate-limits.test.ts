import { startTestPlatform, type TestPlatform } from '../support/platform.js';
import { mailsTo, publishPost } from '../support/relay.js';

/** The demo tenants' real limits: 20 contacts per hour from one IP, 10 per day per sender, 30 per day per post. */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ realRateLimits: true });
});
afterAll(async () => {
  await platform.cleanUp();
});

// Three times the limit: every request past the 20th is refused the same way (a conditional ADD that
// fails), so more would only repeat it.
test('60 contact requests from one IP in a minute: the configured 20 are relayed, the other 40 get 429 with Retry-After', async () => {
  const posts = [
    await publishPost(platform, 'mulhouse', 'soignant1@example.org', { lat: 47.7508, lon: 7.3359 }, 'Chambre près de l’hôpital'),
    await publishPost(platform, 'mulhouse', 'soignant2@example.org', { lat: 47.7508, lon: 7.3359 }, 'Masques à donner'),
  ];
  const statuses: number[] = [];
  const retryAfters: number[] = [];
  for (let index = 0; index < 60; index++) {
    // Other senders, other posts: only the per-IP limit can stop them.
    const response = await platform.api('mulhouse', `/posts/${posts[index % 2]!.postId}/contact`, {
      method: 'POST',
      body: { name: `Voisin ${index}`, email: `voisin${index}@example.net`, message: 'Je peux aider.' },
    });
    statuses.push(response.status);
    if (response.status === 429) {
      retryAfters.push(Number(response.headers.get('retry-after')));
      expect(response.body.error.code).toBe('rate_limited');
    }
  }
  expect(statuses.slice(0, 20)).toEqual(Array(20).fill(202));
  expect(statuses.filter((status) => status === 429)).toHaveLength(40);
  expect(Math.min(...retryAfters)).toBeGreaterThan(0);
  expect(Math.max(...retryAfters)).toBeLessThanOrEqual(3600);
  const outbox = await platform.outbox();
  const relayedToAuthors = [...mailsTo(outbox, 'soignant1@example.org'), ...mailsTo(outbox, 'soignant2@example.org')].filter(
    (mail) => mail.replyTo.length > 0,
  );
  expect(relayedToAuthors).toHaveLength(20);
});

test('one sender: 10 first messages a day; refused requests for what they are cost nothing', async () => {
  const { postId } = await publishPost(platform, 'namur', 'recolte@example.org', { lat: 50.33, lon: 4.85 }, 'Cueillette des pommes');
  // Relay off (deux-sevres) and unknown posts: refused before any limit is counted.
  for (let index = 0; index < 25; index++) {
    expect(
      (
        await platform.api('deux-sevres', `/posts/${postId}/contact`, {
          method: 'POST',
          body: { name: 'Léa', email: 'lea@example.net', message: 'Bonjour' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await platform.api('namur', '/posts/inconnu00001/contact', {
          method: 'POST',
          body: { name: 'Léa', email: 'lea@example.net', message: 'Bonjour' },
        })
      ).status,
    ).toBe(404);
  }
  const statuses: number[] = [];
  for (let index = 0; index < 11; index++) {
    statuses.push(
      (
        await platform.api('namur', `/posts/${postId}/contact`, {
          method: 'POST',
          body: { name: 'Léa', email: index % 2 ? 'LEA@example.net' : 'lea@example.net', message: `Message ${index}` },
        })
      ).status,
    );
  }
  expect(statuses).toEqual([...Array(10).fill(202), 429]);
});

test('30 alerts for one address from one IP: the configured 3 are mailed, the rest get 429 with Retry-After; then that IP is spent for any address', async () => {
  const address = 'cible@example.org';
  const statuses: number[] = [];
  const retryAfters: number[] = [];
  for (let index = 0; index < 30; index++) {
    const response = await platform.api('orleans-metropole', '/alerts', {
      method: 'POST',
      body: { email: address, near: { lat: 47.9025, lon: 1.909 }, radiusKm: 2 },
    });
    statuses.push(response.status);
    if (response.status === 429) {
      expect(response.body.error.code).toBe('rate_limited');
      retryAfters.push(Number(response.headers.get('retry-after')));
    }
  }
  // alertsPerDayPerEmail (3): the address is mailed three confirmation links, no more.
  expect(statuses.slice(0, 3)).toEqual([201, 201, 201]);
  expect(statuses.filter((status) => status === 429)).toHaveLength(27);
  expect(Math.min(...retryAfters)).toBeGreaterThan(0);
  expect(mailsTo(await platform.outbox(), address)).toHaveLength(3);
  // alertsPerHourPerIp (10): the first ten requests of that IP counted, so another address is refused too.
  const other = await platform.api('orleans-metropole', '/alerts', {
    method: 'POST',
    body: { email: 'voisin@example.org', near: { lat: 47.9025, lon: 1.909 }, radiusKm: 2 },
  });
  expect(other.status).toBe(429);
  expect(mailsTo(await platform.outbox(), 'voisin@example.org')).toHaveLength(0);
}, 120_000);
