import { staffSession, staffSignIn, startTestPlatform, type TestPlatform } from '../support/platform.js';

/**
 * Campaigns with kits end to end, on Orléans Métropole's mask campaign (`masques`): volunteers
 * sign up and confirm by mail, two staff sessions record at two counters at once, and what a
 * user or an attacker may send gets a 4xx naming the field with nothing changed.
 */
let platform: TestPlatform;
// Generous hooks: the platform's start and two sign-ins, on a machine the other suites keep busy.
beforeAll(async () => {
  platform = await startTestPlatform();
}, 90_000);
afterAll(async () => {
  await platform?.cleanUp();
});

const tenant = 'orleans-metropole';
let counter = 0;

const signIn = (tenantId = tenant): Promise<string> => staffSession(platform, tenantId);

/** A volunteer signed up and confirmed from their mail's link: their id and the token of that link. */
async function volunteer(name = `Bénévole ${++counter}`): Promise<{ id: string; token: string; email: string }> {
  const email = `benevole${++counter}@example.org`;
  const signedUp = await platform.api(tenant, '/campaigns/masques/volunteers', {
    method: 'POST',
    body: { name, email, phone: '06 12 34 56 78', pickupPoint: 'hotel-de-ville' },
  });
  expect(signedUp.status).toBe(201);
  const mail = (await platform.outbox()).filter((sent) => sent.destination.to.includes(email)).at(-1)!;
  const link = new URL(/https?:\/\/\S+\/benevole\.html\?[^\s"<]+/.exec(mail.body.text ?? '')![0]);
  const token = link.searchParams.get('token')!;
  const verified = await platform.api(tenant, `/campaigns/masques/volunteers/${signedUp.body.id}/verify`, {
    method: 'POST',
    body: { token },
  });
  expect(verified.body).toMatchObject({ status: 'active', name });
  return { id: signedUp.body.id, token, email };
}

let staffA: string;
let staffB: string;
beforeAll(async () => {
  staffA = await signIn();
  staffB = await signIn();
}, 90_000);

const figures = async () => (await platform.api(tenant, '/staff/campaigns/masques', { token: staffA })).body;

test('20 concurrent "hand out 1 kit" on a stock of 10 from two staff sessions: exactly 10 succeed, the stock is 0, the figures add up', async () => {
  const volunteers = await Promise.all(Array.from({ length: 4 }, () => volunteer()));
  const stockBefore = (await figures()).figures.kitsInStock;
  const delivered = await platform.api(tenant, '/staff/campaigns/masques/stock', {
    method: 'POST',
    token: staffA,
    body: { kits: 10 - stockBefore },
  });
  expect(delivered).toMatchObject({ status: 201, body: { kitsInStock: 10 } });

  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, index) =>
      platform.api(tenant, `/staff/campaigns/masques/volunteers/${volunteers[index % 4]!.id}/handouts`, {
        method: 'POST',
        token: index % 2 ? staffA : staffB,
        body: { kits: 1, pickupPoint: index % 2 ? 'hotel-de-ville' : 'mediatheque' },
      }),
    ),
  );
  expect(answers.filter((answer) => answer.status === 201)).toHaveLength(10);
  expect(answers.filter((answer) => answer.status === 409).map((answer) => answer.body.error.code)).toEqual(Array(10).fill('out_of_stock'));

  const seen = await figures();
  expect(seen.figures.kitsInStock).toBe(0);
  const ours = seen.volunteers.filter((entry: { id: string }) => volunteers.some((one) => one.id === entry.id));
  expect(ours.reduce((total: number, entry: { figures: { kitsHandedOut: number } }) => total + entry.figures.kitsHandedOut, 0)).toBe(10);
  expect(seen.figures.kitsHandedOut).toBe(
    seen.volunteers.reduce((total: number, entry: { figures: { kitsHandedOut: number } }) => total + entry.figures.kitsHandedOut, 0),
  );
  expect(seen.figures.perPickupPoint.reduce((total: number, point: { kitsHandedOut: number }) => total + point.kitsHandedOut, 0)).toBe(
    seen.figures.kitsHandedOut,
  );
  // The volunteer sees their own kits from their link, and declares what they made.
  const own = await platform.api(tenant, `/campaigns/masques/volunteers/${volunteers[0]!.id}`, { token: volunteers[0]!.token });
  expect(own.body.kits.kitsOut).toBe(ours.find((entry: { id: string }) => entry.id === volunteers[0]!.id).figures.kitsOut);
  const declared = await platform.api(tenant, `/campaigns/masques/volunteers/${volunteers[0]!.id}/declarations`, {
    method: 'POST',
    token: volunteers[0]!.token,
    body: { items: 20 },
  });
  expect(declared).toMatchObject({ status: 201, body: { itemsDeclared: 20 } });
  // Four sign-ups and twenty-odd requests at once: more than the run's default on a loaded machine.
}, 90_000);

test('a return at the counter counts items (above the kits’ count too) and unused kits back into the stock; the staff list never shows an address', async () => {
  const anne = await volunteer('Anne');
  await platform.api(tenant, '/staff/campaigns/masques/stock', { method: 'POST', token: staffA, body: { kits: 3 } });
  expect(
    (
      await platform.api(tenant, `/staff/campaigns/masques/volunteers/${anne.id}/handouts`, {
        method: 'POST',
        token: staffA,
        body: { kits: 2, pickupPoint: 'mediatheque' },
      })
    ).status,
  ).toBe(201);
  const stock = (await figures()).figures.kitsInStock;
  const back = await platform.api(tenant, `/staff/campaigns/masques/volunteers/${anne.id}/returns`, {
    method: 'POST',
    token: staffB,
    body: { items: 40, unusedKits: 1, pickupPoint: 'mediatheque' },
  });
  expect(back).toMatchObject({ status: 201, body: { figures: { kitsOut: 1, itemsReturned: 40, itemsExpected: 35 } } });
  const seen = await figures();
  expect(seen.figures.kitsInStock).toBe(stock + 1);
  expect(JSON.stringify(seen)).not.toContain('@example.org');
  expect(seen.volunteers.find((entry: { id: string }) => entry.id === anne.id)).toMatchObject({ name: 'Anne', phone: '06 12 34 56 78' });
});

test('staff download the campaign’s figures as CSV: per pick-up point with its total, per volunteer without names unless an admin asks', async () => {
  const download = (query: string, token = staffA) =>
    fetch(`${platform.url}/t/${tenant}/api/staff/campaigns/masques/export.csv${query}`, { headers: { authorization: `Bearer ${token}` } });
  const seen = (await figures()).figures;
  const byPoint = await download('?rows=pickupPoint');
  expect(byPoint.status).toBe(200);
  expect(byPoint.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(byPoint.headers.get('content-disposition')).toMatch(
    /^attachment; filename="entraide-orleans-metropole-masques-pickupPoint-\d{4}-\d{2}-\d{2}\.csv"$/,
  );
  const lines = (await byPoint.text())
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean);
  expect(lines[0]).toBe(
    'point de retrait;kits remis;kits rendus non utilisés;kits en cours;pièces attendues;pièces déclarées;pièces rendues;taux de retour',
  );
  expect(lines.at(-1)).toBe(
    `total;${seen.kitsHandedOut};${seen.kitsReturned};${seen.kitsOut};${seen.itemsExpected};${seen.itemsDeclared};${seen.itemsReturned};${String(seen.returnRate ?? '').replace('.', ',')}`,
  );
  const anne = (await figures()).volunteers.find((entry: { name: string }) => entry.name === 'Anne');
  const byVolunteer = await (await download('')).text();
  expect(byVolunteer).toContain(`${anne.id};Hôtel de ville d’Orléans;`);
  expect(byVolunteer).not.toContain('Anne');
  expect(byVolunteer).not.toContain('06 12 34 56 78');
  const refused = await download('?personalData=true');
  expect(refused.status).toBe(403);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('admin_only');
  const admin = await staffSignIn(platform, tenant, `admin@${tenant}.example`);
  expect(await (await download('?personalData=true', admin)).text()).toContain(';Anne;06 12 34 56 78;');
  const bad = await download('?rows=everything');
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { error: { details: { path: string }[] } }).error.details[0]!.path).toBe('query.rows');
});

describe('bad input gets a clear 4xx naming the field, and changes nothing', () => {
  it('counts out of range, out of stock, unknown pick-up points, a volunteer of no such campaign, another tenant’s session', async () => {
    const bilal = await volunteer('Bilal');
    const before = await figures();
    const handOut = (body: unknown, token = staffA, path = `/staff/campaigns/masques/volunteers/${bilal.id}/handouts`) =>
      platform.api(tenant, path, { method: 'POST', token, body });
    expect((await handOut({ kits: -1, pickupPoint: 'mediatheque' })).body.error.details).toEqual([
      { path: 'kits', message: expect.any(String) },
    ]);
    expect((await handOut({ kits: 1000, pickupPoint: 'mediatheque' })).status).toBe(400);
    expect((await handOut({ kits: 1.5, pickupPoint: 'mediatheque' })).status).toBe(400);
    expect((await handOut({ kits: '1', pickupPoint: 'mediatheque' })).status).toBe(400);
    expect((await handOut({ kits: 1, pickupPoint: 'gare' })).body.error.details).toEqual([
      { path: 'pickupPoint', message: 'one of: hotel-de-ville, mediatheque' },
    ]);
    expect((await handOut({ kits: 1, pickupPoint: 'mediatheque', extra: true })).status).toBe(400);
    expect((await handOut({ kits: before.figures.kitsInStock + 1, pickupPoint: 'mediatheque' })).body.error.code).toBe('out_of_stock');
    const returns = `/staff/campaigns/masques/volunteers/${bilal.id}/returns`;
    expect((await handOut({ items: 0, unusedKits: 0, pickupPoint: 'mediatheque' }, staffA, returns)).body.error.details[0].path).toBe(
      'items',
    );
    expect((await handOut({ items: 5, unusedKits: 1, pickupPoint: 'mediatheque' }, staffA, returns)).body.error.details).toEqual([
      { path: 'unusedKits', message: 'this volunteer holds 0 kit(s)' },
    ]);
    expect(
      (
        await handOut(
          { items: 5, pickupPoint: 'mediatheque' },
          staffA,
          '/staff/campaigns/masques/volunteers/AAAAAAAAAAAAAAAAAAAAAA/returns',
        )
      ).status,
    ).toBe(404);
    expect(
      (await handOut({ items: 5, pickupPoint: 'mediatheque' }, staffA, `/staff/campaigns/aide/volunteers/${bilal.id}/returns`)).status,
    ).toBe(404);
    expect((await handOut({ kits: 1, pickupPoint: 'mediatheque' }, 'not-a-session')).status).toBe(401);
    const courbevoie = await signIn('courbevoie');
    expect((await handOut({ kits: 1, pickupPoint: 'mediatheque' }, courbevoie)).status).toBeGreaterThanOrEqual(401);
    expect(
      (
        await platform.api('courbevoie', `/staff/campaigns/masques/volunteers/${bilal.id}/returns`, {
          method: 'POST',
          token: courbevoie,
          body: { items: 5, pickupPoint: 'mediatheque' },
        })
      ).status,
    ).toBe(404);
    expect((await figures()).figures).toEqual(before.figures);
  });

  it('a sign-up with an unknown pick-up point or no valid address: 400 naming the field, no mail sent', async () => {
    const sent = (await platform.outbox()).length;
    const signUp = (body: unknown) => platform.api(tenant, '/campaigns/masques/volunteers', { method: 'POST', body });
    expect((await signUp({ name: 'Zoé', email: 'zoe@example.org', pickupPoint: 'gare' })).body.error.details[0].path).toBe('pickupPoint');
    expect((await signUp({ name: 'Zoé', email: 'pas une adresse', pickupPoint: 'mediatheque' })).body.error.details[0].path).toBe('email');
    expect(
      (await signUp({ name: 'Zoé', email: 'zoe@example.org', pickupPoint: 'mediatheque', phone: '<script>' })).body.error.details[0].path,
    ).toBe('phone');
    expect(
      (
        await platform.api('courbevoie', '/campaigns/masques/volunteers', {
          method: 'POST',
          body: { name: 'Zoé', email: 'zoe@example.org', pickupPoint: 'mediatheque' },
        })
      ).status,
    ).toBe(404);
    expect((await platform.outbox()).length).toBe(sent);
  });
});
