import { unmarshall } from '@aws-sdk/util-dynamodb';
import { distanceKm } from '@entraide/core';
import { startTestPlatform, staffSession, verificationLink, type TestPlatform } from '../support/platform.js';
import { mailsTo, visibleToRecipient } from '../support/relay.js';

/**
 * Mulhouse's section for health workers end to end on the embedded DynamoDB and SES: housing
 * offers with their days and distances to GHRMSA's hospitals, the search near a hospital,
 * recognition (by the hospitals' domain, or by staff) and the relay that only recognised health
 * workers reach, addresses hidden as for any contact.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.cleanUp();
});

const day = (offset: number) => {
  const at = new Date(Date.now() + offset * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
};
const nearEmileMuller = { lat: 47.7245, lon: 7.3125 };
const claire = 'claire.logeuse@example.org';

const housingOffer = (housing: Record<string, unknown>, title = 'Studio près de l’hôpital Émile Muller') => ({
  kind: 'offer',
  category: 'hebergement',
  section: 'soignants',
  title,
  description: 'Pour une personne, draps fournis.',
  location: nearEmileMuller,
  author: { name: 'Claire', email: claire },
  housing,
});

async function recognitionLink(email: string): Promise<{ id: string; token: string }> {
  const link = /https?:\/\/\S+\/soignants\.html\?reconnaissance=[^\s"<]+/;
  // The latest mail with such a link (relayed messages may have come since).
  const mail = mailsTo(await platform.outbox(), email)
    .filter((candidate) => link.test(candidate.body.text ?? ''))
    .at(-1);
  const url = link.exec(mail?.body.text ?? '')?.[0];
  if (!url) throw new Error(`no recognition link in the mail to ${email}`);
  const params = new URL(url).searchParams;
  return { id: params.get('reconnaissance')!, token: params.get('token')! };
}

async function recognise(email: string, request: Record<string, string> = {}): Promise<string> {
  const asked = await platform.api('mulhouse', '/health-workers/recognition', { method: 'POST', body: { email, ...request } });
  expect(asked.status).toBe(202);
  // Mailed to the address as the platform keeps it: lowercased.
  const { id, token } = await recognitionLink(email.toLowerCase());
  const verified = await platform.api('mulhouse', `/health-workers/recognition/${id}/verify`, { method: 'POST', body: { token } });
  expect(verified.status).toBe(200);
  return verified.body.status;
}

let offerId: string;
/** Mulhouse's table as records. */
const items = async () => (await platform.tableItems('mulhouse')).map((item) => unmarshall(item as never));

test('a housing offer refuses days in the past or reversed, naming the field, and stores nothing; a good one is searched near its hospital', async () => {
  const past = await platform.api('mulhouse', '/posts', {
    method: 'POST',
    body: housingOffer({ availableFrom: day(-2), availableTo: day(5), capacity: 1, type: 'flat' }, 'Offre du passé'),
  });
  expect([past.status, past.body.error.details.map((detail: { path: string }) => detail.path)]).toEqual([400, ['housing.availableFrom']]);
  const reversed = await platform.api('mulhouse', '/posts', {
    method: 'POST',
    body: housingOffer({ availableFrom: day(9), availableTo: day(3), capacity: 1, type: 'flat' }, 'Offre à l’envers'),
  });
  expect([reversed.status, reversed.body.error.details.map((detail: { path: string }) => detail.path)]).toEqual([
    400,
    ['housing.availableTo'],
  ]);
  expect(JSON.stringify(await platform.tableItems('mulhouse'))).not.toMatch(/Offre du passé|Offre à l’envers/);
  expect(mailsTo(await platform.outbox(), claire)).toEqual([]);

  const created = await platform.api('mulhouse', '/posts', {
    method: 'POST',
    body: housingOffer({ availableFrom: day(1), availableTo: day(30), capacity: 2, type: 'flat' }),
  });
  expect(created.status).toBe(201);
  const { postId, token } = await verificationLink(platform, claire);
  offerId = postId;
  expect((await platform.api('mulhouse', `/posts/${postId}/verify`, { method: 'POST', body: { token } })).body.status).toBe('published');

  const search = (query: string) => platform.api('mulhouse', `/housing?${query}`);
  const found = await search(`hospital=emile-muller&from=${day(2)}&to=${day(10)}&radiusKm=1`);
  expect(found.status).toBe(200);
  expect(found.body.items.map((item: { id: string }) => item.id)).toEqual([postId]);
  expect(found.body.items[0]).toMatchObject({
    distanceKm: 1,
    housing: { capacity: 2, type: 'flat', hospitalDistancesKm: { 'emile-muller': 1 } },
  });
  // The exact point is never shown: the public one is 500 m to 1 km away.
  expect(distanceKm(found.body.items[0].location, nearEmileMuller)).toBeGreaterThanOrEqual(0.5);
  // Not free over the whole period, or too far from the other hospital: not found.
  expect((await search(`hospital=emile-muller&from=${day(0)}&to=${day(10)}`)).body.items).toEqual([]);
  expect((await search(`hospital=hasenrain&from=${day(2)}&to=${day(10)}&radiusKm=1`)).body.items).toEqual([]);
  const bad = await search(`hospital=ailleurs&from=${day(2)}&to=${day(1)}`);
  expect([bad.status, bad.body.error.details.map((detail: { path: string }) => detail.path).sort()]).toEqual([400, ['query.to']]);
});

test('contact: a resident not recognised gets 403 health_workers_only; one recognised by the hospitals’ domain reaches the author, marked, addresses hidden', async () => {
  const message = { name: 'Inès', message: 'Bonjour, je suis infirmière de nuit à Émile Muller.' };
  const refused = await platform.api('mulhouse', `/posts/${offerId}/contact`, {
    method: 'POST',
    body: { ...message, email: 'ines.roux@example.net' },
  });
  expect([refused.status, refused.body.error.code]).toEqual([403, 'health_workers_only']);
  expect(mailsTo(await platform.outbox(), claire).filter((mail) => mail.replyTo.length > 0)).toEqual([]);

  expect(await recognise('Ines.Roux@ghrmsa.example')).toBe('recognised');
  const sent = await platform.api('mulhouse', `/posts/${offerId}/contact`, {
    method: 'POST',
    body: { ...message, email: 'ines.roux@ghrmsa.example' },
  });
  expect(sent.status).toBe(202);
  const outbox = await platform.outbox();
  const toAuthor = mailsTo(outbox, claire).filter((mail) => mail.replyTo.length > 0);
  expect(toAuthor).toHaveLength(1);
  expect(toAuthor[0]!.body.text).toContain('Inès est reconnu(e) comme soignant(e) par Ville de Mulhouse.');
  expect(visibleToRecipient(toAuthor[0]!)).not.toContain('ines.roux@ghrmsa.example');
  const copy = mailsTo(outbox, 'ines.roux@ghrmsa.example').at(-1)!;
  expect(visibleToRecipient(copy)).not.toContain(claire);
});

test('recognition by staff: a request outside the domains waits for staff, who approve it; then its author may write; bad requests store nothing', async () => {
  const incomplete = await platform.api('mulhouse', '/health-workers/recognition', {
    method: 'POST',
    body: { email: 'marc.aide-soignant@example.org', name: 'Marc' },
  });
  expect([incomplete.status, incomplete.body.error.details.map((detail: { path: string }) => detail.path)]).toEqual([
    400,
    ['profession', 'employer'],
  ]);
  expect(mailsTo(await platform.outbox(), 'marc.aide-soignant@example.org')).toEqual([]);

  const marc = 'marc.aide-soignant@example.org';
  expect(await recognise(marc, { name: 'Marc Weber', profession: 'Aide-soignant', employer: 'EHPAD du Rebberg' })).toBe(
    'awaiting_approval',
  );
  // The staff digest counts it, linked to the staff page's #soignants.
  const digest = await fetch(`${platform.url}/_local/jobs/digest?tenant=mulhouse`, { method: 'POST' });
  expect(digest.status).toBe(200);
  const digestMail = mailsTo(await platform.outbox(), 'staff@mulhouse.example')
    .filter((mail) => mail.subject.includes('le résumé du jour'))
    .at(-1);
  expect(digestMail?.body.text).toMatch(/1 demande de reconnaissance de soignant à lire : \S+\/t\/mulhouse\/equipe\.html#soignants/);
  const staff = await staffSession(platform, 'mulhouse');
  const waiting = await platform.api('mulhouse', '/staff/health-workers', { token: staff });
  expect(waiting.body.items.map((item: { email: string; request: unknown }) => [item.email, item.request])).toEqual([
    [marc, { name: 'Marc Weber', profession: 'Aide-soignant', employer: 'EHPAD du Rebberg' }],
  ]);
  // Before staff decide, the offer is closed to him.
  const early = await platform.api('mulhouse', `/posts/${offerId}/contact`, {
    method: 'POST',
    body: { name: 'Marc', email: marc, message: 'Bonjour' },
  });
  expect(early.status).toBe(403);
  const approved = await platform.api('mulhouse', `/staff/health-workers/${waiting.body.items[0].id}/approve`, {
    method: 'POST',
    token: staff,
  });
  expect(approved.body).toMatchObject({ status: 'recognised', via: 'staff', decidedBy: 'staff@mulhouse.example' });
  expect(mailsTo(await platform.outbox(), marc).at(-1)!.subject).toMatch(/reconnu/);
  const later = await platform.api('mulhouse', `/posts/${offerId}/contact`, {
    method: 'POST',
    body: { name: 'Marc', email: marc, message: 'Bonjour' },
  });
  expect(later.status).toBe(202);
  // The equipment offered, by the hospital it is dropped at, for staff.
  const masks = await platform.api('mulhouse', '/posts', {
    method: 'POST',
    body: {
      kind: 'offer',
      category: 'materiel',
      section: 'soignants',
      title: 'Masques FFP2',
      description: 'Une boîte de 50.',
      location: nearEmileMuller,
      author: { name: 'Paul', email: 'paul.donateur@example.org' },
      equipment: { quantity: 50, dropAt: 'hasenrain' },
    },
  });
  expect(masks.status).toBe(201);
  const donated = await verificationLink(platform, 'paul.donateur@example.org');
  await platform.api('mulhouse', `/posts/${donated.postId}/verify`, { method: 'POST', body: { token: donated.token } });
  const totals = await platform.api('mulhouse', '/staff/health-workers/equipment', { token: staff });
  expect(totals.body).toMatchObject({
    offers: 1,
    quantity: 50,
    hospitals: [
      { id: 'emile-muller', quantity: 0 },
      { id: 'hasenrain', offers: 1, quantity: 50 },
    ],
  });
  // The figures: the housing offer (2 people) and the equipment (50 at the Hasenrain), as posts are counted.
  const figures = await platform.api('mulhouse', '/staff/stats', { token: staff });
  expect(figures.body.healthWorkers).toEqual({
    housingOffers: 1,
    housingCapacity: 2,
    equipmentOffers: 1,
    equipmentQuantity: 50,
    equipmentByHospital: { hasenrain: 50 },
  });
  // Nothing of a recognition is public: no route shows it, and the public post says nothing of its contacts.
  expect(JSON.stringify((await platform.api('mulhouse', `/posts/${offerId}`)).body)).not.toContain('Marc Weber');
});

test('recognition’s life: staff withdraw one (audited, the resident mailed, their conversation with the offer closed); a resident erases theirs by the link; the daily job runs', async () => {
  const staff = await staffSession(platform, 'mulhouse');
  const marc = 'marc.aide-soignant@example.org';
  const marcId = (await platform.api('mulhouse', '/staff/health-workers?status=recognised', { token: staff })).body.items.find(
    (item: { email: string }) => item.email === marc,
  ).id;
  const bad = await platform.api('mulhouse', `/staff/health-workers/${marcId}/withdraw`, {
    method: 'POST',
    token: staff,
    body: { reason: 'x'.repeat(501) },
  });
  expect([bad.status, bad.body.error.details.map((detail: { path: string }) => detail.path)]).toEqual([400, ['reason']]);
  const withdrawn = await platform.api('mulhouse', `/staff/health-workers/${marcId}/withdraw`, {
    method: 'POST',
    token: staff,
    body: { reason: 'N’exerce plus.' },
  });
  expect(withdrawn.status).toBe(200);
  expect(withdrawn.body).toMatchObject({ status: 'withdrawn', decidedBy: 'staff@mulhouse.example', refusalReason: 'N’exerce plus.' });
  expect(withdrawn.body.history.at(-1)).toMatchObject({ by: 'staff@mulhouse.example', status: 'withdrawn' });
  expect(mailsTo(await platform.outbox(), marc).at(-1)!.subject).toMatch(/retirée/);
  // His conversation with the offer is closed through the relay's close path, and he may not open another.
  const closed = (await items()).filter((item) => item.postId === offerId && item.closedBy === 'staff@mulhouse.example');
  expect(closed).toHaveLength(1);
  const again = await platform.api('mulhouse', `/posts/${offerId}/contact`, {
    method: 'POST',
    body: { name: 'Marc', email: marc, message: 'Bonjour' },
  });
  expect([again.status, again.body.error.code]).toEqual([403, 'health_workers_only']);

  // Inès erases hers with the link of her recognition mail: nothing of it is left.
  const { id, token } = await recognitionLink('ines.roux@ghrmsa.example');
  const missing = await platform.api('mulhouse', `/health-workers/recognition/${id}/erase`, { method: 'POST', body: {} });
  expect([missing.status, missing.body.error.details.map((detail: { path: string }) => detail.path)]).toEqual([400, ['token']]);
  const erased = await platform.api('mulhouse', `/health-workers/recognition/${id}/erase`, { method: 'POST', body: { token } });
  expect([erased.status, erased.body]).toEqual([200, { status: 'erased' }]);
  const recognitions = (await items()).filter((item) => item.sk === 'RECOGNITION');
  expect(recognitions.map((item) => item.email)).not.toContain('ines.roux@ghrmsa.example');
  expect(recognitions.map((item) => item.email)).toContain(marc);
  expect((await platform.api('mulhouse', `/health-workers/recognition/${id}/erase`, { method: 'POST', body: { token } })).status).toBe(404);

  // The daily job: nothing has ended yet, nothing erased.
  const job = await fetch(`${platform.url}/_local/jobs/recognitions?tenant=mulhouse`, { method: 'POST' });
  expect([job.status, ((await job.json()) as { summary: unknown }).summary]).toEqual([
    200,
    { recognitionsErased: 0, conversationsClosed: 0 },
  ]);
});
