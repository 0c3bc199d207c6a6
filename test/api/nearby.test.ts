import { distanceKm } from '@entraide/core';
import { startTestPlatform, verificationLink, type TestPlatform } from '../support/platform.js';

/**
 * Search around a point, matches and alerts, end to end as on `npm start`: real HTTP, the handlers
 * invoked with API Gateway v2 events, the embedded DynamoDB and SES underneath.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.cleanUp();
});

const centre = { lat: 48.8973, lon: 2.2522 };
let counter = 0;
const email = () => `voisin${++counter}@example.org`;

async function published(overrides: Record<string, unknown> = {}) {
  const body = {
    kind: 'offer',
    category: 'groceries',
    title: `Courses ${++counter}`,
    description: 'Je passe au marché le samedi.',
    location: centre,
    author: { name: 'Ana', email: email() },
    ...overrides,
  };
  const created = await platform.api('courbevoie', '/posts', { method: 'POST', body });
  expect(created.status).toBe(201);
  const { token } = await verificationLink(platform, body.author.email);
  const verified = await platform.api('courbevoie', `/posts/${created.body.id}/verify`, { method: 'POST', body: { token } });
  expect(verified.body.status).toBe('published');
  return { id: created.body.id as string, token, body };
}

const near = (at: { lat: number; lon: number }) => `${at.lat},${at.lon}`;

describe('GET /posts?near=', () => {
  it('answers the posts within the radius, nearest first, with a rounded distance from the public point, page after page', async () => {
    const posts = [];
    for (const offsetLat of [0.001, 0.004, 0.008, 0.012])
      posts.push(await published({ location: { lat: centre.lat + offsetLat, lon: centre.lon } }));
    const first = await platform.api('courbevoie', `/posts?near=${near(centre)}&radiusKm=3&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const rest = [];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const page = await platform.api('courbevoie', `/posts?near=${near(centre)}&radiusKm=3&limit=2&cursor=${encodeURIComponent(cursor)}`);
      expect(page.status).toBe(200);
      rest.push(...page.body.items);
      cursor = page.body.nextCursor;
    }
    const items = [...first.body.items, ...rest];
    const ids = items.map((item: { id: string }) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const post of posts) expect(ids).toContain(post.id);
    for (const [index, item] of items.entries()) {
      expect(item).toEqual({
        id: expect.any(String),
        kind: expect.any(String),
        category: expect.any(String),
        title: expect.any(String),
        description: expect.any(String),
        location: { lat: expect.any(Number), lon: expect.any(Number) },
        distanceKm: Math.round(distanceKm(centre, item.location) * 10) / 10,
        authorName: 'Ana',
        createdAt: expect.any(String),
        expiresAt: expect.any(String),
      });
      if (index > 0) expect(distanceKm(centre, item.location)).toBeGreaterThanOrEqual(distanceKm(centre, items[index - 1].location));
    }
    expect(JSON.stringify(items)).not.toMatch(/@example\.org/);
  });

  it('never tells the exact point: asked from the exact point itself, the post is at least 500 m away', async () => {
    const exact = { lat: 48.8911, lon: 2.2401 };
    const { id } = await published({ location: exact });
    for (const from of [exact, { lat: exact.lat + 0.002, lon: exact.lon }, { lat: exact.lat, lon: exact.lon - 0.003 }]) {
      const { body } = await platform.api('courbevoie', `/posts?near=${near(from)}&radiusKm=3&limit=50`);
      const item = body.items.find((found: { id: string }) => found.id === id);
      // Measured from the public point, which stays the same whoever asks, from wherever.
      expect(item.distanceKm).toBe(Math.round(distanceKm(from, item.location) * 10) / 10);
      expect(distanceKm(exact, item.location)).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('filters by category and kind, and leaves out closed posts', async () => {
    const childcare = await published({ category: 'childcare', kind: 'request', location: { lat: 48.8991, lon: 2.2555 } });
    const closed = await published({ category: 'childcare', kind: 'request', location: { lat: 48.8992, lon: 2.2556 } });
    await platform.api('courbevoie', `/posts/${closed.id}/close`, { method: 'POST', token: closed.token, body: { reason: 'fulfilled' } });
    const { body } = await platform.api('courbevoie', `/posts?near=48.8991,2.2555&radiusKm=3&category=childcare&kind=request&limit=50`);
    const ids = body.items.map((item: { id: string }) => item.id);
    expect(ids).toContain(childcare.id);
    expect(ids).not.toContain(closed.id);
    expect(body.items.every((item: { category: string; kind: string }) => item.category === 'childcare' && item.kind === 'request')).toBe(
      true,
    );
  });

  it('without near, stays the newest-first list', async () => {
    const latest = await published();
    const { body } = await platform.api('courbevoie', '/posts?limit=1');
    expect(body.items[0].id).toBe(latest.id);
    expect(body.items[0]).not.toHaveProperty('distanceKm');
  });

  it.each([
    ['a point that is not one', 'near=abc', 'query.near'],
    ['a latitude out of range', 'near=95,2.25', 'query.near'],
    ['a radius above the tenant’s (3 km)', 'near=48.8973,2.2522&radiusKm=3.5', 'query.radiusKm'],
    ['a radius of zero', 'near=48.8973,2.2522&radiusKm=0', 'query.radiusKm'],
    ['an unknown kind', 'near=48.8973,2.2522&kind=gift', 'query.kind'],
    ['an unknown category', 'near=48.8973,2.2522&category=weapons', 'query.category'],
    ['a limit over 50', 'near=48.8973,2.2522&limit=51', 'query.limit'],
    ['a cursor that is not one', 'near=48.8973,2.2522&cursor=abc', 'cursor'],
    ['a radius without a point', 'radiusKm=2', 'query.radiusKm'],
    ['an unknown parameter', 'near=48.8973,2.2522&sort=price', 'query.sort'],
  ])('refuses %s with a 400 naming the parameter', async (_what, query, path) => {
    const response = await platform.api('courbevoie', `/posts?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((detail: { path: string }) => detail.path)).toContain(path);
  });

  it('refuses the cursor of another search', async () => {
    for (let i = 0; i < 2; i++) await published();
    const { body } = await platform.api('courbevoie', `/posts?near=${near(centre)}&radiusKm=2&limit=1`);
    const other = await platform.api(
      'courbevoie',
      `/posts?near=${near(centre)}&radiusKm=1&limit=1&cursor=${encodeURIComponent(body.nextCursor)}`,
    );
    expect(other.status).toBe(400);
  });
});

describe('GET /posts/{id}/matches', () => {
  it('answers the complementary posts of the same category, nearest first', async () => {
    const request = await published({ kind: 'request', category: 'medicines', location: { lat: 48.901, lon: 2.26 } });
    const offerNear = await published({ kind: 'offer', category: 'medicines', location: { lat: 48.902, lon: 2.26 } });
    const offerFar = await published({ kind: 'offer', category: 'medicines', location: { lat: 48.88, lon: 2.245 } });
    const otherCategory = await published({ kind: 'offer', category: 'paperwork', location: { lat: 48.901, lon: 2.26 } });
    const sameKind = await published({ kind: 'request', category: 'medicines', location: { lat: 48.901, lon: 2.26 } });
    const { status, body } = await platform.api('courbevoie', `/posts/${request.id}/matches`);
    expect(status).toBe(200);
    const ids = body.items.map((item: { id: string }) => item.id);
    expect(ids).toEqual(expect.arrayContaining([offerNear.id, offerFar.id]));
    expect(ids).not.toContain(otherCategory.id);
    expect(ids).not.toContain(sameKind.id);
    expect(ids).not.toContain(request.id);
    expect(body.items.every((item: { kind: string; category: string }) => item.kind === 'offer' && item.category === 'medicines')).toBe(
      true,
    );
    const distances = body.items.map((item: { distanceKm: number }) => item.distanceKm);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
  });

  it('is a 404 for a post that does not exist or is not public', async () => {
    expect((await platform.api('courbevoie', '/posts/nosuchpost123/matches')).status).toBe(404);
    const closed = await published();
    await platform.api('courbevoie', `/posts/${closed.id}/close`, { method: 'POST', token: closed.token, body: { reason: 'fulfilled' } });
    expect((await platform.api('courbevoie', `/posts/${closed.id}/matches`)).status).toBe(404);
  });
});

describe('alerts', () => {
  const runDigest = async () => {
    const response = await fetch(`${platform.url}/_local/jobs/alerts?tenant=courbevoie`, { method: 'POST' });
    expect(response.status).toBe(200);
    return response.json();
  };
  const mailsTo = async (address: string) => (await platform.outbox()).filter((mail) => mail.destination.to.includes(address));
  const linkIn = (text: string, action?: string) => {
    const url = new RegExp(
      `https?://\\S+/alerte\\.html\\?alert=[^&\\s]+&token=[A-Za-z0-9_-]+${action ? `&action=${action}` : '(?!&action)'}`,
    ).exec(text)?.[0];
    if (!url) throw new Error(`no link in ${text}`);
    const params = new URL(url).searchParams;
    return { alertId: params.get('alert')!, token: params.get('token')! };
  };

  it('a verified alert gets a daily digest of new matching posts, in French first, and one click unsubscribes', async () => {
    const resident = email();
    const created = await platform.api('courbevoie', '/alerts', {
      method: 'POST',
      // 2 km: matching is on the public point, up to 1 km from the real one (the post below is 90 m
      // from the alert's point; the far one 3.5 km, so at least 2.5 km once blurred).
      body: { email: resident, near: { lat: 48.9045, lon: 2.2701 }, radiusKm: 2, category: 'psychological_support' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), status: 'pending_verification' });
    const [confirmation] = await mailsTo(resident);
    expect(confirmation!.subject).toMatch(/^Confirmez votre alerte/);
    expect(confirmation!.body.text).toMatch(/^Bonjour,/);
    const verify = linkIn(confirmation!.body.text!);
    expect(verify.alertId).toBe(created.body.id);

    // Not yet verified: nothing matches.
    await published({ category: 'psychological_support', location: { lat: 48.9046, lon: 2.2702 } });
    const verified = await platform.api('courbevoie', `/alerts/${verify.alertId}/verify`, {
      method: 'POST',
      body: { token: verify.token },
    });
    expect(verified.body).toEqual({ id: verify.alertId, status: 'active' });
    expect(
      (await platform.api('courbevoie', `/alerts/${verify.alertId}/verify`, { method: 'POST', body: { token: verify.token } })).status,
    ).toBe(403);

    const matching = await published({
      category: 'psychological_support',
      kind: 'request',
      title: 'Besoin de parler le soir',
      location: { lat: 48.905, lon: 2.271 },
    });
    await published({ category: 'groceries', location: { lat: 48.905, lon: 2.271 } });
    await published({ category: 'psychological_support', location: { lat: 48.8801, lon: 2.2401 } });
    await runDigest();
    const digests = (await mailsTo(resident)).slice(1);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.subject).toMatch(/1 nouvelle annonce/);
    expect(digests[0]!.body.text).toContain('Besoin de parler le soir');
    expect(digests[0]!.body.text).toContain(`annonce.html?post=${matching.id}`);
    // Sent once: the next run has nothing new.
    await runDigest();
    expect((await mailsTo(resident)).length).toBe(2);

    // The mail program's own "unsubscribe" (RFC 8058): one POST to the List-Unsubscribe URL.
    const header = (name: string) => digests[0]!.headers?.find((entry) => entry.name === name)?.value;
    expect(header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(header('Auto-Submitted')).toBe('auto-generated');
    const oneClickUrl = /^<(https?:\/\/[^>]+)>$/.exec(header('List-Unsubscribe') ?? '')?.[1];
    const withoutToken = await fetch(oneClickUrl!.replace(/\?token=.*$/, ''), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(withoutToken.status).toBe(400);
    expect(((await withoutToken.json()) as { error: { details: { path: string }[] } }).error.details[0]!.path).toBe('token');
    const oneClick = await fetch(oneClickUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(await oneClick.json()).toEqual({ id: created.body.id, status: 'unsubscribed' });
    // The page's link says the same afterwards: saying it twice is not an error.
    const unsubscribe = linkIn(digests[0]!.body.text!, 'unsubscribe');
    const done = await platform.api('courbevoie', `/alerts/${unsubscribe.alertId}/unsubscribe`, {
      method: 'POST',
      body: { token: unsubscribe.token },
    });
    expect(done.body).toEqual({ id: unsubscribe.alertId, status: 'unsubscribed' });
    // Erased: the address is gone from the table.
    expect(JSON.stringify(await platform.tableItems('courbevoie'))).not.toContain(resident);
    await published({ category: 'psychological_support', location: { lat: 48.905, lon: 2.271 } });
    await runDigest();
    expect((await mailsTo(resident)).length).toBe(2);
  });

  it.each([
    ['a radius above the tenant’s', { radiusKm: 4 }, 400, 'radiusKm'],
    ['a point outside the area', { near: { lat: 48.7, lon: 2.25 } }, 422, 'near'],
    ['a bad address', { email: 'not-an-address' }, 400, 'email'],
    ['an unknown field', { frequency: 'hourly' }, 400, 'frequency'],
  ])('refuses %s', async (_what, overrides, status, path) => {
    const response = await platform.api('courbevoie', '/alerts', {
      method: 'POST',
      body: { email: email(), near: centre, radiusKm: 1, ...overrides },
    });
    expect(response.status).toBe(status);
    expect(response.body.error.details.map((detail: { path: string }) => detail.path)).toContain(path);
  });

  it('refuses a wrong token, and a wrong alert id is a 404', async () => {
    const created = await platform.api('courbevoie', '/alerts', { method: 'POST', body: { email: email(), near: centre, radiusKm: 1 } });
    const wrong = { token: 'A'.repeat(43) };
    expect((await platform.api('courbevoie', `/alerts/${created.body.id}/verify`, { method: 'POST', body: wrong })).status).toBe(403);
    expect((await platform.api('courbevoie', `/alerts/${created.body.id}/unsubscribe`, { method: 'POST', body: wrong })).status).toBe(403);
    expect((await platform.api('courbevoie', '/alerts/nosuchalert1/verify', { method: 'POST', body: wrong })).status).toBe(404);
  });
});
