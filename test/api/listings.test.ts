import { destination, openDataColumns } from '@entraide/core';
import { staffSignIn, startTestPlatform, verificationLink, type TestPlatform } from '../support/platform.js';

/**
 * The directory end to end on the local platform (real HTTP, dynalite, the embedded SES): a producer
 * enters a listing in deux-sevres's producers' section, confirms it by the mailed link, residents
 * find who delivers to them, portals poll the open data. The zone index's property and repairs:
 * packages/dynamodb-store/src/listing-store.integration.test.ts.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.cleanUp();
});

const niort = { lat: 46.3237, lon: -0.4588 };
let counter = 0;
const listing = (overrides: Record<string, unknown> = {}) => ({
  section: 'producteurs',
  name: 'Chèvrerie du Marais',
  description: 'Fromages de chèvre et cabris, livrés le samedi.',
  categories: ['producteurs'],
  address: '3 chemin des Conches, 79000 Niort',
  location: niort,
  deliveryZone: { radiusKm: 10, communes: ['Échiré'] },
  deliveryDays: ['sat'],
  hours: 'Samedi 8 h – 12 h',
  ordering: { phone: '05 49 11 22 33', website: 'https://chevrerie-du-marais.example' },
  delivery: true,
  clickAndCollect: true,
  author: { name: 'Paul Marais', email: `chevrerie${++counter}@example.org` },
  ...overrides,
});

/** The management link of the last mail to `email`, as its reader would open it. */
async function managementLink(email: string): Promise<{ id: string; token: string }> {
  const mail = (await platform.outbox()).filter((sent) => sent.destination.to.includes(email)).at(-1);
  const url = /https?:\/\/\S+\/gerer-commerce\.html\?[^\s"<]+/.exec(mail?.body.text ?? '')?.[0];
  if (!url) throw new Error(`no gerer-commerce.html link in the last mail to ${email}`);
  const params = new URL(url).searchParams;
  return { id: params.get('listing')!, token: params.get('token')! };
}

async function publishedListing(overrides: Record<string, unknown> = {}) {
  const body = listing(overrides);
  const created = await platform.api('deux-sevres', '/listings', { method: 'POST', body });
  expect(created.status).toBe(201);
  const link = await managementLink(body.author.email);
  expect(link.id).toBe(created.body.id);
  const verified = await platform.api('deux-sevres', `/listings/${link.id}/verify`, { method: 'POST', body: { token: link.token } });
  expect(verified.body).toEqual({ id: link.id, status: 'published' });
  return { ...link, body };
}

const ids = (answer: { body: { items: { id: string }[] } }) => answer.body.items.map((item) => item.id);

it('a producer enters a listing: hidden until its link is opened, then found by who delivers to a point, with its public contact only', async () => {
  const body = listing();
  const created = await platform.api('deux-sevres', '/listings', { method: 'POST', body });
  expect(created.body).toEqual({ id: expect.any(String), status: 'pending_verification' });
  expect((await platform.api('deux-sevres', `/listings/${created.body.id}`)).status).toBe(404);

  const { id, token } = await publishedListing();
  const shown = await platform.api('deux-sevres', `/listings/${id}`);
  expect(shown.body).toMatchObject({
    name: 'Chèvrerie du Marais',
    section: 'producteurs',
    ordering: { phone: '05 49 11 22 33', website: 'https://chevrerie-du-marais.example' },
    deliveryZone: { radiusKm: 10, communes: [{ code: '79109', name: 'Échiré' }] },
  });
  expect(JSON.stringify(shown.body)).not.toContain('@example.org');

  const inside = destination(niort, 9.9, 1);
  const outside = destination(niort, 10.1, 1);
  const near = await platform.api('deux-sevres', `/listings?deliversTo=${inside.lat},${inside.lon}`);
  expect(ids(near)).toContain(id);
  expect(near.body.items.find((item: { id: string }) => item.id === id).distanceKm).toBe(9.9);
  expect(ids(await platform.api('deux-sevres', `/listings?deliversTo=${outside.lat},${outside.lon}`))).not.toContain(id);
  // Échiré is in its zone by name: a point there with its INSEE code.
  expect(ids(await platform.api('deux-sevres', `/listings?deliversTo=46.6,-0.2&commune=79109`))).toContain(id);
  expect(ids(await platform.api('deux-sevres', '/listings?section=producteurs'))).toContain(id);

  const own = await platform.api('deux-sevres', `/listings/${id}/own`, { token });
  expect(own.body).toMatchObject({ status: 'published', paused: false, author: { email: expect.stringContaining('@example.org') } });
  expect((await platform.api('deux-sevres', `/listings/${id}`, { method: 'PATCH', token, body: { paused: true } })).body.paused).toBe(true);
  expect(ids(await platform.api('deux-sevres', `/listings?deliversTo=${inside.lat},${inside.lon}`))).not.toContain(id);
  expect((await platform.api('deux-sevres', `/listings/${id}/close`, { method: 'POST', token })).body.status).toBe('closed');
  expect((await platform.api('deux-sevres', `/listings/${id}`, { method: 'DELETE', token })).status).toBe(204);
  expect((await platform.api('deux-sevres', `/listings/${id}/own`, { token })).status).toBe(404);
});

it('refuses bad input with a 400 naming the field, storing nothing and mailing no one', async () => {
  const mailsBefore = (await platform.outbox()).length;
  const itemsBefore = (await platform.tableItems('deux-sevres')).length;
  const refused = async (body: unknown) => {
    const answer = await platform.api('deux-sevres', '/listings', { method: 'POST', body });
    return [answer.status, answer.body.error.code, answer.body.error.details.map((detail: { path: string }) => detail.path)];
  };
  expect(await refused(listing({ deliveryZone: { radiusKm: -1 } }))).toEqual([400, 'invalid_input', ['deliveryZone.radiusKm']]);
  expect(await refused(listing({ deliveryZone: { radiusKm: 101 } }))).toEqual([400, 'invalid_input', ['deliveryZone.radiusKm']]);
  expect(await refused(listing({ deliveryZone: { communes: ['Atlantis'] } }))).toEqual([
    400,
    'unknown_commune',
    ['deliveryZone.communes.0'],
  ]);
  expect(await refused(listing({ ordering: { website: 'javascript:alert(1)' } }))).toEqual([400, 'invalid_input', ['ordering.website']]);
  expect(await refused(listing({ ordering: { phone: 'appelez-nous' } }))).toEqual([400, 'invalid_input', ['ordering.phone']]);
  expect(await refused(listing({ section: 'table-de-paques-2026' }))).toEqual([400, 'section_not_open', ['section']]);
  expect(await refused(listing({ section: 'nope' }))).toEqual([400, 'unknown_section', ['section']]);
  const query = await platform.api('deux-sevres', '/listings?deliversTo=91,0');
  expect([query.status, query.body.error.details[0].path]).toEqual([400, 'query.deliversTo']);
  expect((await platform.outbox()).length).toBe(mailsBefore);
  expect((await platform.tableItems('deux-sevres')).length).toBe(itemsBefore);
});

it('open data: every published listing and nothing else, the documented columns, and 304 for a known validator', async () => {
  const shown = await publishedListing({ name: 'Miellerie, "la Ruche"' });
  await platform.api('deux-sevres', '/listings', { method: 'POST', body: listing({ name: 'Pas encore confirmée' }) });
  const post = await platform.api('deux-sevres', '/posts', {
    method: 'POST',
    body: {
      kind: 'offer',
      category: 'groceries',
      title: 'Je fais les courses des voisins',
      description: 'Le mardi, à Niort.',
      location: niort,
      author: { name: 'Louise', email: 'louise@example.org' },
    },
  });
  const { token } = await verificationLink(platform, 'louise@example.org');
  await platform.api('deux-sevres', `/posts/${post.body.id}/verify`, { method: 'POST', body: { token } });

  const csv = await fetch(`${platform.url}/t/deux-sevres/api/open-data/listings.csv`);
  expect(csv.status).toBe(200);
  expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(csv.headers.get('link')).toContain('rel="license"');
  const text = await csv.text();
  const [header, ...rows] = text.trimEnd().split('\r\n');
  expect(header).toBe(openDataColumns.join(','));
  expect(rows.some((row) => row.startsWith(`${shown.id},"Miellerie, ""la Ruche""",producteurs,producteurs,`))).toBe(true);
  for (const absent of ['Pas encore confirmée', 'Je fais les courses', '@example.org']) expect(text).not.toContain(absent);

  const json = await (await fetch(`${platform.url}/t/deux-sevres/api/open-data/listings.json`)).json();
  expect(json.licence.name).toBe('Licence Ouverte / Etalab 2.0');
  expect(json.listings.map((row: { id: string }) => row.id)).toContain(shown.id);
  expect(Object.keys(json.listings[0])).toEqual([...openDataColumns]);

  const etag = csv.headers.get('etag')!;
  const again = await fetch(`${platform.url}/t/deux-sevres/api/open-data/listings.csv`, { headers: { 'if-none-match': etag } });
  expect([again.status, await again.text()]).toEqual([304, '']);
  await platform.api('deux-sevres', `/listings/${shown.id}`, { method: 'PATCH', token: shown.token, body: { hours: 'Tous les jours' } });
  const changed = await fetch(`${platform.url}/t/deux-sevres/api/open-data/listings.csv`, { headers: { 'if-none-match': etag } });
  expect(changed.status).toBe(200);
  expect(changed.headers.get('etag')).not.toBe(etag);
});

it('staff hide a listing (out of the directory), put it back and reject it, by the posts’ rules', async () => {
  const { id, token } = await publishedListing({ name: 'Épicerie à vérifier' });
  const session = await staffSignIn(platform, 'deux-sevres');
  const staff = (path: string, body?: unknown) =>
    platform.api('deux-sevres', `/staff/listings/${id}/${path}`, { method: 'POST', token: session, body });
  expect((await staff('hide', { reason: 'Vérification du numéro' })).body.status).toBe('hidden');
  expect((await platform.api('deux-sevres', `/listings/${id}`)).status).toBe(404);
  expect(ids(await platform.api('deux-sevres', '/staff/listings/moderation', { token: session }))).toContain(id);
  expect((await staff('approve')).body.status).toBe('published');
  expect((await platform.api('deux-sevres', `/listings/${id}`)).status).toBe(200);
  const noReason = await staff('reject', {});
  expect([noReason.status, noReason.body.error.details[0].path]).toEqual([400, 'reason']);
  expect((await staff('reject', { reason: 'Hors du département' })).body.status).toBe('rejected');
  expect((await platform.api('deux-sevres', `/listings/${id}/own`, { token })).body.status).toBe('rejected');
  expect([(await staff('hide')).status, (await staff('hide')).body.error.code]).toEqual([409, 'invalid_status']);
  expect((await platform.api('deux-sevres', `/staff/listings/${id}/approve`, { method: 'POST' })).status).toBe(401);
});
