import { staffSession, startTestPlatform, type TestPlatform } from '../support/platform.js';

/**
 * Missions end to end on the local platform (real HTTP, dynalite, the embedded SES): an organisation
 * enters a mission, volunteers sign up and take places by confirming their address. The capacity
 * scheme under concurrency and faults: packages/dynamodb-store/src/mission-store.integration.test.ts.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.cleanUp();
});

const inDays = (days: number, hour: number) => {
  const at = new Date(Date.now() + days * 86_400_000);
  at.setUTCHours(hour, 0, 0, 0);
  return at.toISOString();
};

let counter = 0;
const mission = (overrides: Record<string, unknown> = {}) => ({
  section: 'recoltes',
  title: 'Cueillette des fraises',
  description: 'Exploitation à Gembloux : matinées de cueillette, caisses fournies.',
  organisation: { name: 'Ferme Dubois', phone: '+32 81 00 00 00', website: 'https://ferme-dubois.example' },
  address: 'Chaussée de Namur 1, 5030 Gembloux',
  location: { lat: 50.56, lon: 4.69 },
  requirements: { minimumAge: 16, equipment: 'Bottes et gants' },
  shifts: [
    { start: inDays(3, 6), end: inDays(3, 10), places: 2 },
    { start: inDays(4, 6), end: inDays(4, 10), places: 6 },
  ],
  author: { name: 'Anne Dubois', email: `ferme${++counter}@example.org` },
  ...overrides,
});

/** The link of the last mail to `email` that points to `page`, as its reader would open it. */
async function linkTo(email: string, page: string): Promise<URLSearchParams> {
  const mail = (await platform.outbox()).filter((sent) => sent.destination.to.includes(email)).at(-1);
  const url = new RegExp(`https?://\\S+/${page}\\?[^\\s"<]+`).exec(mail?.body.text ?? '')?.[0];
  if (!url) throw new Error(`no ${page} link in the last mail to ${email}`);
  return new URL(url).searchParams;
}

async function publishedMission() {
  const body = mission();
  const created = await platform.api('namur', '/missions', { method: 'POST', body });
  expect(created.status).toBe(201);
  const link = await linkTo(body.author.email, 'mission.html');
  expect(link.get('mission')).toBe(created.body.id);
  const verified = await platform.api('namur', `/missions/${created.body.id}/verify`, {
    method: 'POST',
    body: { token: link.get('token') },
  });
  expect(verified.body).toEqual({ id: created.body.id, status: 'published' });
  return { id: created.body.id as string, body, shown: (await platform.api('namur', `/missions/${created.body.id}`)).body };
}

async function signUp(missionId: string, shiftId: string, email: string) {
  const answer = await platform.api('namur', `/missions/${missionId}/shifts/${shiftId}/signups`, {
    method: 'POST',
    body: { name: 'Léa', email, shareContact: true },
  });
  expect(answer.status).toBe(202);
  expect(answer.body).toEqual({ id: expect.any(String), status: 'pending_verification' });
  const link = await linkTo(email, 'inscription.html');
  return { id: link.get('signup')!, token: link.get('token')! };
}

it('an organisation enters a mission; nothing is public before its link is opened, then its shifts show their places', async () => {
  const body = mission();
  const created = await platform.api('namur', '/missions', { method: 'POST', body });
  expect(created.body).toEqual({ id: expect.any(String), status: 'pending_verification' });
  expect((await platform.api('namur', `/missions/${created.body.id}`)).status).toBe(404);

  const { shown } = await publishedMission();
  expect(shown).toMatchObject({
    title: body.title,
    organisation: body.organisation,
    address: body.address,
    requirements: body.requirements,
  });
  expect(shown.shifts).toEqual([
    expect.objectContaining({ places: 2, placesLeft: 2, waiting: 0, status: 'open', waitingListOpen: false }),
    expect.objectContaining({ places: 6, placesLeft: 6, waiting: 0, status: 'open' }),
  ]);
  // The organiser's address is never shown.
  expect(JSON.stringify(shown)).not.toContain('@example.org');
});

it('volunteers take the places in the order they confirm; the next ones wait, and move up when someone withdraws', async () => {
  const { id, shown } = await publishedMission();
  const shiftId = shown.shifts[0].id;
  const [ana, ben, chloe] = [
    await signUp(id, shiftId, 'ana@example.org'),
    await signUp(id, shiftId, 'ben@example.org'),
    await signUp(id, shiftId, 'chloe@example.org'),
  ];
  // Chloé confirms first: signing up first is not what counts.
  const confirm = (who: { id: string; token: string }) =>
    platform.api('namur', `/signups/${who.id}/confirm`, { method: 'POST', body: { token: who.token } });
  expect((await confirm(chloe)).body).toMatchObject({ status: 'confirmed' });
  expect((await confirm(ana)).body).toMatchObject({ status: 'confirmed' });
  expect((await confirm(ben)).body).toMatchObject({ status: 'waiting', position: 1 });
  expect((await platform.api('namur', `/missions/${id}`)).body.shifts[0]).toMatchObject({
    placesLeft: 0,
    waiting: 1,
    status: 'full',
    waitingListOpen: true,
  });
  expect((await platform.api('namur', `/signups/${ben.id}`, { token: ben.token })).body).toMatchObject({ status: 'waiting', position: 1 });

  // A wrong token changes nothing.
  const refused = await platform.api('namur', `/signups/${ana.id}/withdraw`, { method: 'POST', body: { token: ben.token } });
  expect(refused.status).toBe(403);
  expect((await platform.api('namur', `/signups/${ana.id}`, { token: ana.token })).body).toMatchObject({ status: 'confirmed' });

  expect((await platform.api('namur', `/signups/${ana.id}/withdraw`, { method: 'POST', body: { token: ana.token } })).body).toEqual({
    status: 'withdrawn',
  });
  expect((await platform.api('namur', `/signups/${ben.id}`, { token: ben.token })).body).toMatchObject({ status: 'confirmed' });
  const promoted = (await platform.outbox()).filter((mail) => mail.destination.to.includes('ben@example.org')).at(-1)!;
  expect(promoted.subject).toMatch(/^Une place s’est libérée/);
  expect((await platform.api('namur', `/missions/${id}`)).body.shifts[0]).toMatchObject({ placesLeft: 0, waiting: 0 });
});

it('GET /missions lists published missions with a shift to come, nearest first around a point, paged; a bad query is a 400 naming it', async () => {
  const { id } = await publishedMission();
  const soonest = await platform.api('namur', '/missions?limit=50');
  expect(soonest.status).toBe(200);
  const listed = soonest.body.items.find((item: { id: string }) => item.id === id);
  expect(listed).toMatchObject({ title: 'Cueillette des fraises', nextShift: { places: 2, placesLeft: 2 }, upcomingShifts: 2 });
  expect(JSON.stringify(soonest.body)).not.toContain('@example.org');

  const near = await platform.api('namur', '/missions?near=50.56,4.69&radiusKm=5&limit=1');
  expect(near.body.items).toEqual([expect.objectContaining({ distanceKm: 0 })]);
  const bad = await platform.api('namur', '/missions?radiusKm=5');
  expect(bad.status).toBe(400);
  expect(bad.body.error.details[0].path).toBe('query.radiusKm');
});

it('the day before, in the tenant’s time zone, the reminders job mails each confirmed volunteer once (POST /_local/jobs/mission-reminders)', async () => {
  // Tomorrow in namur's time zone (Europe/Paris, the default), 09:00 UTC: 10:00 or 11:00 there.
  const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(Date.now() + 86_400_000));
  const body = mission({ shifts: [{ start: `${tomorrow}T09:00:00.000Z`, end: `${tomorrow}T12:00:00.000Z`, places: 3 }] });
  const created = await platform.api('namur', '/missions', { method: 'POST', body });
  const link = await linkTo(body.author.email, 'mission.html');
  await platform.api('namur', `/missions/${created.body.id}/verify`, { method: 'POST', body: { token: link.get('token') } });
  const shiftId = (await platform.api('namur', `/missions/${created.body.id}`)).body.shifts[0].id;
  const email = `rappel${counter}@example.org`;
  const volunteer = await signUp(created.body.id, shiftId, email);
  await platform.api('namur', `/signups/${volunteer.id}/confirm`, { method: 'POST', body: { token: volunteer.token } });

  const run = async () => (await fetch(`${platform.url}/_local/jobs/mission-reminders?tenant=namur`, { method: 'POST' })).json();
  expect(await run()).toMatchObject({ summary: { reminded: 1 } });
  expect(await run()).toMatchObject({ summary: { reminded: 0 } });
  const reminders = (await platform.outbox()).filter((mail) => mail.destination.to.includes(email) && mail.subject.startsWith('Rappel'));
  expect(reminders).toHaveLength(1);
  expect(reminders[0]!.body.text).toContain('Chaussée de Namur 1, 5030 Gembloux');
});

it('the organiser cancels a shift by the link of the first mail: each volunteer of it is mailed; a wrong link changes nothing', async () => {
  const { id, body, shown } = await publishedMission();
  const management = (await linkTo(body.author.email, 'mission.html')).get('token')!;
  const volunteer = await signUp(id, shown.shifts[0].id, `annule${counter}@example.org`);
  await platform.api('namur', `/signups/${volunteer.id}/confirm`, { method: 'POST', body: { token: volunteer.token } });
  const cancel = (token: string) => platform.api('namur', `/missions/${id}/shifts/${shown.shifts[0].id}/cancel`, { method: 'POST', token });

  expect((await cancel(volunteer.token)).status).toBe(403);
  expect((await platform.api('namur', `/missions/${id}`)).body.shifts[0].status).toBe('open');
  expect((await cancel(management)).body).toEqual({ status: 'cancelled', told: 1 });
  expect((await platform.api('namur', `/missions/${id}`)).body.shifts[0].status).toBe('cancelled');
  const told = (await platform.outbox()).filter((mail) => mail.destination.to.includes(`annule${counter}@example.org`)).at(-1)!;
  expect(told.subject).toMatch(/^Créneau annulé/);
  const edited = await platform.api('namur', `/missions/${id}`, { method: 'PATCH', token: management, body: { title: '' } });
  expect(edited.status).toBe(400);
  expect(edited.body.error.details[0].path).toBe('title');
});

it('staff orient a wish to a mission, an association and an external link: one mail with all three; a followed link is counted and redirected', async () => {
  const { id: missionId } = await publishedMission();
  const email = `aider${counter}@example.org`;
  const asked = await platform.api('namur', '/wishes', { method: 'POST', body: { name: 'Inès', email, skills: ['cueillette'] } });
  expect(asked.status).toBe(202);
  const link = await linkTo(email, 'aider.html');
  expect(
    (await platform.api('namur', `/wishes/${link.get('wish')}/verify`, { method: 'POST', body: { token: link.get('token') } })).body,
  ).toMatchObject({
    status: 'open',
  });
  const session = await staffSession(platform, 'namur');
  // Staff's list of published missions (gsi1 MISSIONS#published), paged by a cursor of that list only.
  const firstPage = await platform.api('namur', '/staff/missions?status=published&limit=1', { token: session });
  expect(firstPage.body.items).toHaveLength(1);
  expect(JSON.stringify(firstPage.body)).not.toContain('tokenHash');
  const nextPage = await platform.api('namur', `/staff/missions?status=published&limit=50&cursor=${firstPage.body.nextCursor}`, {
    token: session,
  });
  expect(nextPage.body.items.map((item: { id: string }) => item.id)).not.toContain(firstPage.body.items[0].id);
  expect((await platform.api('namur', `/staff/wishes?cursor=${firstPage.body.nextCursor}`, { token: session })).status).toBe(400);
  const wishes = await platform.api('namur', '/staff/wishes?skill=Cueillette', { token: session });
  expect(wishes.body.items.map((wish: { email: string }) => wish.email)).toContain(email);

  const mailsBefore = (await platform.outbox()).filter((mail) => mail.destination.to.includes(email)).length;
  const oriented = await platform.api('namur', `/staff/wishes/${link.get('wish')}/orientations`, {
    method: 'POST',
    token: session,
    body: {
      suggestions: [
        { kind: 'mission', missionId },
        { kind: 'association', name: 'Banque alimentaire', need: 'Tri le samedi', website: 'https://banque.example/namur' },
        { kind: 'external', title: 'Volontariat en Wallonie', url: 'https://volontariat.example/missions' },
      ],
    },
  });
  expect(oriented.status).toBe(201);
  const mails = (await platform.outbox()).filter((mail) => mail.destination.to.includes(email));
  expect(mails).toHaveLength(mailsBefore + 1);
  const text = mails.at(-1)!.body.text ?? '';
  expect(text).toContain('Ferme Dubois');
  expect(text).toContain('Banque alimentaire');
  expect(text).toContain('Volontariat en Wallonie');
  const follow = new URL(/https?:\/\/\S+\/api\/orientations\/[\w-]+\/links\/2/.exec(text)![0]);
  const path = follow.pathname.replace('/t/namur/api', '');
  const redirected = await fetch(`${platform.url}/t/namur/api${path}`, { redirect: 'manual' });
  expect(redirected.status).toBe(302);
  expect(redirected.headers.get('location')).toBe('https://volontariat.example/missions');
  await fetch(`${platform.url}/t/namur/api${path}`, { redirect: 'manual' });
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
  const stats = await platform.api('namur', `/staff/stats?from=${today}&to=${today}`, { token: session });
  expect(stats.body.volunteering.orientations).toMatchObject({ sent: 1, suggestions: 3, followed: 1 });
});

describe('bad input gets a clear 4xx naming the field, nothing stored and no mail sent', () => {
  const refusals: [string, Record<string, unknown>, number, string][] = [
    ['a shift ending before it starts', { shifts: [{ start: inDays(3, 10), end: inDays(3, 6), places: 2 }] }, 400, 'shifts.0.end'],
    ['a shift in the past', { shifts: [{ start: inDays(-2, 6), end: inDays(-2, 10), places: 2 }] }, 400, 'shifts.0.end'],
    ['no places', { shifts: [{ start: inDays(3, 6), end: inDays(3, 10), places: 0 }] }, 400, 'shifts.0.places'],
    ['more than 500 places', { shifts: [{ start: inDays(3, 6), end: inDays(3, 10), places: 501 }] }, 400, 'shifts.0.places'],
    ['no shift', { shifts: [] }, 400, 'shifts'],
    ['a website that is not http(s)', { organisation: { name: 'Ferme', website: 'javascript:alert(1)' } }, 400, 'organisation.website'],
    ['an unknown field', { status: 'published' }, 400, 'status'],
    ['a section of posts, not missions', { section: 'nope' }, 400, 'section'],
  ];
  it.each(refusals)('%s', async (_what, overrides, status, path) => {
    const mailsBefore = (await platform.outbox()).length;
    const itemsBefore = (await platform.tableItems('namur')).length;
    const answer = await platform.api('namur', '/missions', { method: 'POST', body: mission(overrides) });
    expect(answer.status).toBe(status);
    expect(answer.body.error.details.map((detail: { path: string }) => detail.path)).toContain(path);
    expect((await platform.outbox()).length).toBe(mailsBefore);
    expect((await platform.tableItems('namur')).length).toBe(itemsBefore);
  });

  it('a sign-up naming a shift that does not exist is a 404; a bad email a 400 naming it', async () => {
    const { id, shown } = await publishedMission();
    expect(
      (
        await platform.api('namur', `/missions/${id}/shifts/nosuchshift1/signups`, {
          method: 'POST',
          body: { name: 'X', email: 'x@example.org' },
        })
      ).status,
    ).toBe(404);
    const bad = await platform.api('namur', `/missions/${id}/shifts/${shown.shifts[0].id}/signups`, {
      method: 'POST',
      body: { name: 'X', email: 'x@' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('email');
  });
});
