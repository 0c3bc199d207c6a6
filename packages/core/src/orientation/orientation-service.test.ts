import { MemoryWishStore } from '../../../../test/support/core-fakes.js';
import { missionsOnFakes, publishedMission, tokenOf } from '../../../../test/support/missions.js';
import { parseInput } from '../shared/index.js';
import { orientationSchema } from './orientation-schemas.js';
import { orientationService, staffWishesQuerySchema } from './orientation-service.js';
import { wishService } from './wish-service.js';

/** Residents' wishes to help and staff's orientation, on the in-memory stores. */

function setUp() {
  const context = missionsOnFakes();
  const wishStore = new MemoryWishStore();
  const deps = { ...context.deps, wishStore };
  return { ...context, wishStore, wishes: wishService(deps), orientation: orientationService(deps) };
}

async function confirmedWish(context: ReturnType<typeof setUp>, overrides: Record<string, unknown> = {}) {
  const { id } = await context.wishes.create(
    {
      name: 'Inès <b>',
      email: 'ines@example.org',
      skills: ['Cuisine', 'Permis B'],
      causes: ['aide alimentaire'],
      languages: ['arabe'],
      ...overrides,
    },
    { sourceIp: '192.0.2.7' },
  );
  const token = tokenOf(context.mailer.sent.at(-1)!);
  expect(await context.wishes.verify(id, token)).toEqual({ id, status: 'open' });
  return { id, token };
}

test('staff orient a wish to a mission, an association and an external link: one mail with all three; following a link is counted once', async () => {
  const context = setUp();
  const { missionId } = await publishedMission(context);
  const wish = await confirmedWish(context);
  const before = context.mailer.sent.length;

  const input = parseInput(orientationSchema, {
    suggestions: [
      { kind: 'mission', missionId, note: 'Le samedi matin' },
      { kind: 'association', name: 'Restos du cœur', need: 'Préparer les colis', website: 'https://restos.example/courbevoie' },
      { kind: 'external', title: 'Bénévolat à Paris', url: 'https://jemengage.example/missions/42' },
    ],
    message: 'Merci pour votre proposition !',
  });
  const answer = await context.orientation.orient('staff@courbevoie.example', wish.id, input);
  expect(answer).toEqual({ id: expect.any(String), suggestions: 3 });

  expect(context.mailer.sent).toHaveLength(before + 1);
  const mail = context.mailer.sent.at(-1)!;
  expect(mail.to).toBe('ines@example.org');
  expect(mail.text).toContain('1. Mission : Cueillette des pommes (Ferme du Val) — Le samedi matin');
  expect(mail.text).toContain('2. Association : Restos du cœur — Préparer les colis');
  expect(mail.text).toContain('3. Mission ailleurs : Bénévolat à Paris');
  expect(mail.html).toContain('Inès &lt;b&gt;');
  // Every link goes through the counting redirect, never straight to the site elsewhere.
  const links = [...mail.text.matchAll(/https:\/\/entraide\.example\/t\/courbevoie\/api\/orientations\/(\w+)\/links\/(\d)/g)];
  expect(links.map((link) => link[2])).toEqual(['0', '1', '2']);
  expect(mail.text).not.toContain('https://jemengage.example');

  expect(await context.orientation.follow(answer.id, 2)).toBe('https://jemengage.example/missions/42');
  expect(await context.orientation.follow(answer.id, 2)).toBe('https://jemengage.example/missions/42');
  expect(await context.orientation.follow(answer.id, 0)).toBe(`https://entraide.example/t/courbevoie/mission.html?mission=${missionId}`);
  expect(context.stats.totals(context.tenant.id)).toMatchObject({
    'wishes.confirmed': 1,
    'orientations.sent': 1,
    'orientations.suggestions': 3,
    'orientations.followed': 2,
  });
  await expect(context.orientation.follow(answer.id, 4)).rejects.toMatchObject({ status: 404 });
  // The wish leaves the open list for the oriented one.
  expect((await context.orientation.listWishes({})).items).toEqual([]);
  expect((await context.orientation.listWishes({ status: 'oriented' })).items.map((item) => item.id)).toEqual([wish.id]);
});

test('bad suggestions are refused naming the field, and nothing is mailed', async () => {
  const context = setUp();
  const wish = await confirmedWish(context);
  const refused = (body: unknown) => {
    try {
      parseInput(orientationSchema, body);
    } catch (error) {
      return (error as { details: { path: string }[] }).details.map((detail) => detail.path);
    }
    throw new Error('accepted');
  };
  expect(refused({ suggestions: [{ kind: 'external', title: 'X', url: 'javascript:alert(1)' }] })).toEqual(['suggestions.0.url']);
  expect(refused({ suggestions: [] })).toEqual(['suggestions']);
  expect(refused({ suggestions: Array.from({ length: 6 }, () => ({ kind: 'external', title: 'X', url: 'https://a.example' })) })).toEqual([
    'suggestions',
  ]);
  const before = context.mailer.sent.length;
  await expect(
    context.orientation.orient('staff@courbevoie.example', wish.id, { suggestions: [{ kind: 'mission', missionId: 'nosuchmission' }] }),
  ).rejects.toMatchObject({ status: 400, details: [{ path: 'suggestions.0.missionId' }] });
  expect(context.mailer.sent).toHaveLength(before);
});

test('staff filter the wishes (accents and case aside); unconfirmed, withdrawn and expired ones are not shown', async () => {
  const context = setUp();
  const cook = await confirmedWish(context);
  await confirmedWish(context, { email: 'paul@example.org', skills: ['bricolage'], causes: ['logement'], languages: ['anglais'] });
  const withdrawn = await confirmedWish(context, { email: 'zoe@example.org' });
  await context.wishes.withdraw(withdrawn.id, withdrawn.token);
  await context.wishes.create({ name: 'Non confirmé', email: 'nc@example.org', skills: ['cuisine'] }, { sourceIp: '192.0.2.8' });
  const ids = async (query: Record<string, string>) =>
    (await context.orientation.listWishes(parseInput(staffWishesQuerySchema, query, 'query'))).items.map((item) => item.id);

  expect(await ids({ skill: 'CUISINE' })).toEqual([cook.id]);
  expect(await ids({ cause: 'alimentaire', language: 'arabe' })).toEqual([cook.id]);
  expect((await ids({})).length).toBe(2);
  await expect(context.wishes.withdraw(cook.id, 'x'.repeat(43))).rejects.toMatchObject({ status: 403 });
  // After the tenant's lifetime (30 days), no longer shown.
  context.clock.advanceDays(31);
  expect(await ids({})).toEqual([]);
});
