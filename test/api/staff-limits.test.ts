import { request } from 'node:http';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

/** The demo tenants' real limits on staff sign-in: per address and per IP, the same for staff and strangers. */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ realRateLimits: true });
});
afterAll(async () => {
  await platform.cleanUp();
});

/** `POST /staff/login` from a given loopback address (127.0.0.x): another machine, as the API sees it. */
function loginFrom(localAddress: string, tenantId: string, email: string): Promise<{ status: number; retryAfter: string | undefined }> {
  const url = new URL(`/t/${tenantId}/api/staff/login`, platform.url);
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } }, (response) => {
      response.resume();
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] as string | undefined }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify({ email }));
  });
}

it('limits sign-in links to 5 an hour per address, staff or not, with a 429 and Retry-After', async () => {
  for (const email of ['staff@namur.example', 'nobody@example.org']) {
    const statuses: number[] = [];
    // From six different machines: only the address's own limit applies.
    for (let attempt = 0; attempt < 6; attempt++) statuses.push((await loginFrom(`127.0.1.${attempt + 1}`, 'namur', email)).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
  }
  const refused = await loginFrom('127.0.1.7', 'namur', 'staff@namur.example');
  expect(refused.status).toBe(429);
  expect(Number(refused.retryAfter)).toBeGreaterThan(0);
  // Five links reached the staff mailbox, no more.
  const mails = (await platform.outbox()).filter((mail) => mail.destination.to.includes('staff@namur.example'));
  expect(mails).toHaveLength(5);
});

it('limits sign-in requests to 10 an hour per IP, whatever the address', async () => {
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 11; attempt++)
    statuses.push((await loginFrom('127.0.2.1', 'namur', `person${attempt}@example.org`)).status);
  expect(statuses).toEqual([...Array(10).fill(202), 429]);
  // Another tenant counts its own.
  expect((await loginFrom('127.0.2.1', 'courbevoie', 'person0@example.org')).status).toBe(202);
});
