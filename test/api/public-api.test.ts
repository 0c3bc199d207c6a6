import { distanceKm } from '@entraide/core';
import { startTestPlatform, verificationLink, type TestPlatform } from '../support/platform.js';

/**
 * The residents' API end to end, as on `npm start`: real HTTP, the handlers invoked with
 * API Gateway v2 events, dynalite and the embedded SES underneath.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.cleanUp();
});

let emailCounter = 0;
const newEmail = () => `resident${++emailCounter}@example.org`;

const offer = (overrides: Record<string, unknown> = {}) => ({
  kind: 'offer',
  category: 'groceries',
  title: 'Je fais vos courses le samedi',
  description: 'Je passe au marché et je dépose devant votre porte.',
  location: { lat: 48.8975, lon: 2.2525 },
  author: { name: 'Ana', email: newEmail() },
  ...overrides,
});

async function publishedPost(tenantId = 'courbevoie', body = offer()) {
  const created = await platform.api(tenantId, '/posts', { method: 'POST', body });
  expect(created.status).toBe(201);
  const { token } = await verificationLink(platform, (body.author as { email: string }).email);
  const verified = await platform.api(tenantId, `/posts/${created.body.id}/verify`, { method: 'POST', body: { token } });
  return { id: created.body.id as string, token, verified, body };
}

describe('a resident posts an offer', () => {
  it('is stored unpublished, mailed a verification link, then published once verified', async () => {
    const body = offer();
    const created = await platform.api('courbevoie', '/posts', { method: 'POST', body });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), status: 'pending_verification' });

    // Nothing is public before verification.
    expect((await platform.api('courbevoie', `/posts/${created.body.id}`)).status).toBe(404);
    const listedBefore = await platform.api('courbevoie', '/posts');
    expect(listedBefore.body.items.map((item: { id: string }) => item.id)).not.toContain(created.body.id);

    const mail = (await platform.outbox()).find((sent) => sent.destination.to.includes(body.author.email))!;
    expect(mail.subject).toContain('Confirmez votre annonce');
    expect(mail.body.text).toMatch(/Bonjour Ana/);
    expect(mail.body.html).toContain('Confirmer et publier mon annonce');
    const { postId, token, url } = await verificationLink(platform, body.author.email);
    expect(postId).toBe(created.body.id);
    expect(url.startsWith(`${platform.url}/t/courbevoie/verifier.html?post=`)).toBe(true);

    const verified = await platform.api('courbevoie', `/posts/${postId}/verify`, { method: 'POST', body: { token } });
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ id: postId, status: 'published' });

    const listed = await platform.api('courbevoie', '/posts');
    expect(listed.status).toBe(200);
    expect(listed.body.items[0].id).toBe(postId);
    const shown = await platform.api('courbevoie', `/posts/${postId}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ id: postId, kind: 'offer', category: 'groceries', title: body.title, authorName: 'Ana' });

    // Public views: no email anywhere, and the point is at least 500 m from the real one.
    for (const view of [shown.body, listed.body]) expect(JSON.stringify(view)).not.toContain(body.author.email);
    expect(distanceKm(shown.body.location, body.location)).toBeGreaterThanOrEqual(0.5);
    // Stable: asking again shows the same blurred point.
    expect((await platform.api('courbevoie', `/posts/${postId}`)).body.location).toEqual(shown.body.location);
  });

  it('in a tenant that moderates first, a verified post waits for staff and is not public', async () => {
    const body = offer({ location: { lat: 48.8566, lon: 2.3522 } });
    const { id, verified } = await publishedPost('paris', body);
    expect(verified.body.status).toBe('pending_moderation');
    expect((await platform.api('paris', `/posts/${id}`)).status).toBe(404);
  });
});

describe('the author manages the post with the token from the mail', () => {
  it('reads, edits, closes; the public no longer sees a closed post', async () => {
    const { id, token, body } = await publishedPost();
    const own = await platform.api('courbevoie', `/posts/${id}/own`, { token });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ status: 'published', author: body.author, location: body.location });

    const edited = await platform.api('courbevoie', `/posts/${id}`, {
      method: 'PATCH',
      token,
      body: { title: 'Courses le dimanche aussi' },
    });
    expect(edited.status).toBe(200);
    expect((await platform.api('courbevoie', `/posts/${id}`)).body.title).toBe('Courses le dimanche aussi');

    const closed = await platform.api('courbevoie', `/posts/${id}/close`, { method: 'POST', token, body: { reason: 'fulfilled' } });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedReason: 'fulfilled' });
    expect((await platform.api('courbevoie', `/posts/${id}`)).status).toBe(404);
  });

  it('deletes: the personal data is gone from the table, and the token no longer works', async () => {
    const { id, token, body } = await publishedPost();
    const deleted = await platform.api('courbevoie', `/posts/${id}`, { method: 'DELETE', token });
    expect(deleted.status).toBe(204);
    const stored = (await platform.tableItems('courbevoie')).filter((item) => JSON.stringify(item).includes(id));
    expect(stored).toHaveLength(1);
    const storedText = JSON.stringify(stored[0]);
    for (const personal of [body.author.email, body.author.name, body.title, body.description]) expect(storedText).not.toContain(personal);
    expect((await platform.api('courbevoie', `/posts/${id}/own`, { token })).status).toBe(404);
    expect((await platform.api('courbevoie', `/posts/${id}`)).status).toBe(404);
  });

  it('refuses a wrong token and a missing one, changing nothing', async () => {
    const { id } = await publishedPost();
    const before = JSON.stringify((await platform.tableItems('courbevoie')).find((item) => JSON.stringify(item).includes(id)));
    const wrong = 'A'.repeat(43);
    const attempts = [
      await platform.api('courbevoie', `/posts/${id}`, { method: 'PATCH', token: wrong, body: { title: 'Piraté' } }),
      await platform.api('courbevoie', `/posts/${id}/close`, { method: 'POST', token: wrong, body: { reason: 'fulfilled' } }),
      await platform.api('courbevoie', `/posts/${id}`, { method: 'DELETE', token: wrong }),
      await platform.api('courbevoie', `/posts/${id}/own`, { token: wrong }),
    ];
    for (const attempt of attempts) {
      expect(attempt.status).toBe(403);
      expect(attempt.body.error.code).toBe('invalid_token');
    }
    const missing = await platform.api('courbevoie', `/posts/${id}`, { method: 'DELETE' });
    expect(missing.status).toBe(401);
    const after = JSON.stringify((await platform.tableItems('courbevoie')).find((item) => JSON.stringify(item).includes(id)));
    expect(after).toBe(before);
  });
});

describe('bad input', () => {
  async function expectNothingStored(tenantId: string, attempt: () => Promise<{ status: number; body: any; headers: Headers }>) {
    const itemsBefore = (await platform.tableItems(tenantId)).length;
    const mailsBefore = (await platform.outbox()).length;
    const result = await attempt();
    expect((await platform.tableItems(tenantId)).length).toBe(itemsBefore);
    expect((await platform.outbox()).length).toBe(mailsBefore);
    expect(result.headers.get('content-type')).toContain('application/json');
    return result;
  }

  it('invalid JSON → 400 invalid_json', async () => {
    const result = await expectNothingStored('courbevoie', () =>
      platform.api('courbevoie', '/posts', { method: 'POST', rawBody: '{"kind": "offer",' }),
    );
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('invalid_json');
  });

  it('a missing or invalid field → 400 naming it', async () => {
    const { title: _title, ...withoutTitle } = offer();
    const missing = await expectNothingStored('courbevoie', () =>
      platform.api('courbevoie', '/posts', { method: 'POST', body: withoutTitle }),
    );
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((detail: { path: string }) => detail.path)).toEqual(['title']);

    const badEmail = await expectNothingStored('courbevoie', () =>
      platform.api('courbevoie', '/posts', { method: 'POST', body: offer({ author: { name: 'Ana', email: 'pas-une-adresse' } }) }),
    );
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.error.details.map((detail: { path: string }) => detail.path)).toEqual(['author.email']);

    const badKind = await platform.api('courbevoie', '/posts', { method: 'POST', body: offer({ kind: 'sale' }) });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.details[0].path).toBe('kind');
  });

  it('an unknown field → 400 naming it, and it is never stored', async () => {
    const result = await expectNothingStored('courbevoie', () =>
      platform.api('courbevoie', '/posts', { method: 'POST', body: { ...offer(), status: 'published', isStaff: true } }),
    );
    expect(result.status).toBe(400);
    expect(result.body.error.details).toEqual([{ path: 'status, isStaff', message: 'unknown field' }]);
    expect(JSON.stringify(await platform.tableItems('courbevoie'))).not.toContain('isStaff');
  });

  it('a body over 32 KB → 413, before any field is looked at', async () => {
    const result = await expectNothingStored('courbevoie', () =>
      platform.api('courbevoie', '/posts', { method: 'POST', rawBody: JSON.stringify(offer({ description: 'x'.repeat(33 * 1024) })) }),
    );
    expect(result.status).toBe(413);
    expect(result.body.error.code).toBe('body_too_large');
    const notEvenJson = await platform.api('courbevoie', '/posts', { method: 'POST', rawBody: '{'.repeat(40 * 1024) });
    expect(notEvenJson.status).toBe(413);
  });

  it('a category the tenant does not offer → 400 category_not_enabled', async () => {
    // Deux-Sèvres lists producers: no childcare there.
    const result = await expectNothingStored('deux-sevres', () =>
      platform.api('deux-sevres', '/posts', {
        method: 'POST',
        body: offer({ category: 'childcare', location: { lat: 46.32, lon: -0.46 } }),
      }),
    );
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('category_not_enabled');
    expect(result.body.error.details[0].path).toBe('category');
  });

  it('a section the tenant does not have → 400 naming the field; one it has is kept and shown', async () => {
    const refused = await expectNothingStored('courbevoie', () =>
      platform.api('courbevoie', '/posts', { method: 'POST', body: offer({ section: 'marche-de-noel' }) }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'unknown_section',
      details: [{ path: 'section', message: 'one of: entraide, commerces' }],
    });
    const badShape = await expectNothingStored('courbevoie', () =>
      platform.api('courbevoie', '/posts', { method: 'POST', body: offer({ section: '<b>Commerces</b>' }) }),
    );
    expect(badShape.status).toBe(400);
    expect(badShape.body.error.details[0].path).toBe('section');
    const { id } = await publishedPost('courbevoie', offer({ section: 'commerces' }));
    const shown = await platform.api('courbevoie', `/posts/${id}`);
    expect(shown.body.section).toBe('commerces');
  });

  it('lists one section’s published posts newest first, page by page; an unknown section → 400', async () => {
    const older = await publishedPost('courbevoie', offer({ section: 'commerces', title: 'Boulangerie qui livre' }));
    await publishedPost('courbevoie', offer({ section: 'entraide', title: 'Courses du samedi' }));
    const newer = await publishedPost('courbevoie', offer({ section: 'commerces', title: 'Primeur qui livre' }));
    const firstPage = await platform.api('courbevoie', '/posts?section=commerces&limit=1');
    expect(firstPage.status).toBe(200);
    expect(firstPage.body.items.map((item: { id: string }) => item.id)).toEqual([newer.id]);
    expect(firstPage.body.items[0].section).toBe('commerces');
    const seen: string[] = [newer.id];
    let cursor = firstPage.body.nextCursor as string | null;
    while (cursor) {
      const page = await platform.api('courbevoie', `/posts?section=commerces&limit=1&cursor=${encodeURIComponent(cursor)}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item: { id: string; section: string }) => (expect(item.section).toBe('commerces'), item.id)));
      cursor = page.body.nextCursor;
    }
    expect(seen.indexOf(newer.id)).toBeLessThan(seen.indexOf(older.id));
    expect(new Set(seen).size).toBe(seen.length);
    // A cursor of the section's list is not one of the whole list's, nor of another section's.
    const elsewhere = await platform.api('courbevoie', `/posts?limit=1&cursor=${encodeURIComponent(firstPage.body.nextCursor)}`);
    expect(elsewhere.status).toBe(400);
    const otherSection = await platform.api(
      'courbevoie',
      `/posts?section=entraide&cursor=${encodeURIComponent(firstPage.body.nextCursor)}`,
    );
    expect(otherSection.status).toBe(400);
    const unknown = await platform.api('courbevoie', '/posts?section=marche-de-noel');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'unknown_section', details: [{ path: 'query.section' }] });
  });

  it('a place outside the tenant area → 422 outside_area', async () => {
    // Marseille is not in Courbevoie.
    const result = await expectNothingStored('courbevoie', () =>
      platform.api('courbevoie', '/posts', { method: 'POST', body: offer({ location: { lat: 43.2965, lon: 5.3698 } }) }),
    );
    expect(result.status).toBe(422);
    expect(result.body.error.code).toBe('outside_area');
  });

  it('an unknown tenant → 404', async () => {
    const result = await platform.api('atlantis', '/config');
    expect(result.status).toBe(404);
    expect(result.body.error.code).toBe('unknown_tenant');
    expect((await platform.api('atlantis', '/posts', { method: 'POST', body: offer() })).status).toBe(404);
  });

  it('a wrong or reused verification token → 403 with nothing changed', async () => {
    const body = offer();
    const created = await platform.api('courbevoie', '/posts', { method: 'POST', body });
    const { token } = await verificationLink(platform, body.author.email);

    const wrong = await platform.api('courbevoie', `/posts/${created.body.id}/verify`, { method: 'POST', body: { token: 'B'.repeat(43) } });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('invalid_token');
    expect((await platform.api('courbevoie', `/posts/${created.body.id}`)).status).toBe(404);

    expect((await platform.api('courbevoie', `/posts/${created.body.id}/verify`, { method: 'POST', body: { token } })).status).toBe(200);
    const storedAfterFirst = JSON.stringify(
      (await platform.tableItems('courbevoie')).find((item) => JSON.stringify(item).includes(created.body.id)),
    );
    const reused = await platform.api('courbevoie', `/posts/${created.body.id}/verify`, { method: 'POST', body: { token } });
    expect(reused.status).toBe(403);
    expect(reused.body.error.code).toBe('token_already_used');
    const storedAfterReuse = JSON.stringify(
      (await platform.tableItems('courbevoie')).find((item) => JSON.stringify(item).includes(created.body.id)),
    );
    expect(storedAfterReuse).toBe(storedAfterFirst);

    const unknownPost = await platform.api('courbevoie', '/posts/AAAAAAAAAAAAAAAA/verify', { method: 'POST', body: { token } });
    expect(unknownPost.status).toBe(404);
  });

  it('bad list queries → 400 naming the parameter', async () => {
    for (const [query, path] of [
      ['?limit=500', 'query.limit'],
      ['?limit=abc', 'query.limit'],
      ['?cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['?colour=red', 'query.colour'],
    ]) {
      const result = await platform.api('courbevoie', `/posts${query}`);
      expect(result.status).toBe(400);
      expect(result.body.error.details[0].path).toBe(path);
    }
  });
});

describe('GET /config and GET /posts', () => {
  it('shows what a resident needs of the tenant, and never its staff addresses', async () => {
    const result = await platform.api('courbevoie', '/config');
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      id: 'courbevoie',
      name: 'Ville de Courbevoie',
      kind: 'commune',
      area: { center: { lat: 48.8973, lon: 2.2522 }, radiusKm: 3 },
      features: { contactRelay: true, moderation: 'after' },
    });
    expect(result.body.categories).toContainEqual({ id: 'groceries', label: { fr: 'Courses', en: 'Groceries' } });
    expect(JSON.stringify(result.body)).not.toContain('staff@');
  });

  it('pages through every published post newest first, with no duplicate and no gap', async () => {
    const tenantId = 'bourg-la-reine';
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) {
      const { id } = await publishedPost(tenantId, offer({ title: `Annonce ${index}`, location: { lat: 48.78, lon: 2.317 } }));
      ids.push(id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await platform.api(
        tenantId,
        `/posts?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    expect(pages).toBe(3);
  });
});
