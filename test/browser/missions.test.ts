import {
  axeViolations,
  expectText,
  expectVisible,
  mailedLink,
  rendered,
  signInAsStaff,
  viewports,
  watchedPage,
  useBrowserPlatform,
} from './browser.js';

/**
 * Missions in the browser (namur's harvest): from the missions page to a confirmed sign-up, and the
 * staff's orientation of a resident who wants to help; keyboard-usable and under axe at both widths.
 */
const { platform, browser } = useBrowserPlatform();

const tomorrowPlus = (days: number, hour: number) => {
  const at = new Date(Date.now() + days * 86_400_000);
  at.setUTCHours(hour, 0, 0, 0);
  return at.toISOString();
};

async function publishedMission(title: string, email: string): Promise<string> {
  const created = await platform.api('namur', '/missions', {
    method: 'POST',
    body: {
      section: 'recoltes',
      title,
      description: 'Cueillette des pommes au verger, caisses fournies.',
      organisation: { name: 'Ferme du Verger', phone: '+32 81 11 22 33' },
      address: 'Rue du Verger 3, 5000 Namur',
      location: { lat: 50.46, lon: 4.86 },
      shifts: [{ start: tomorrowPlus(3, 7), end: tomorrowPlus(3, 11), places: 4 }],
      author: { name: 'Anne', email },
    },
  });
  expect(created.status).toBe(201);
  const token = new URL(await mailedLink(platform, email, 'mission.html')).searchParams.get('token');
  await platform.api('namur', `/missions/${created.body.id}/verify`, { method: 'POST', body: { token } });
  return created.body.id;
}

it.each(Object.entries(viewports))('from the missions page to a confirmed sign-up (%s)', async (width, viewport) => {
  const title = `Cueillette des pommes (${width})`;
  await publishedMission(title, `verger-${width}@example.org`);
  const context = await browser.newContext({ viewport });
  const { page, problems } = await watchedPage(context);

  await page.goto(`${platform.url}/t/namur/missions.html`);
  await rendered(page);
  const item = page.locator('#missions-list li', { hasText: title });
  await expectText(item, '4 place(s) libre(s)');
  expect(await axeViolations(page)).toEqual([]);

  await item.getByRole('link', { name: title }).click();
  await rendered(page);
  await expectText(page.locator('h1'), title);
  await expectText(page.locator('#shifts'), '4 place(s)');
  expect(await axeViolations(page)).toEqual([]);
  const email = `benevole-${width}@example.org`;
  await page.getByLabel('Votre nom').fill('Léa');
  await page.getByLabel('Votre adresse e-mail').fill(email);
  await page.getByRole('button', { name: 'Je m’inscris' }).press('Enter');
  await expectText(page.locator('#signup-status'), `Ouvrez le lien envoyé à ${email}`);

  await page.goto(await mailedLink(platform, email, 'inscription.html'));
  await rendered(page);
  await expectText(page.locator('#signup-page-status'), 'Votre place est confirmée');
  await expectText(page.locator('#signup-page-details'), title);
  expect(await axeViolations(page)).toEqual([]);

  // The mission's page now counts the place taken.
  await page.goto(`${platform.url}/t/namur/missions.html`);
  await rendered(page);
  await expectText(page.locator('#missions-list li', { hasText: title }), '3 place(s) libre(s)');
  expect(problems).toEqual([]);
  await context.close();
});

it.each(Object.entries(viewports))(
  'a resident offers to help; staff orient them to a mission, an association and a link elsewhere (%s)',
  async (width, viewport) => {
    const missionTitle = `Tri des légumes (${width})`;
    await publishedMission(missionTitle, `legumes-${width}@example.org`);
    const context = await browser.newContext({ viewport });
    const { page, problems } = await watchedPage(context);

    const email = `aider-${width}@example.org`;
    const name = `Inès ${width}`;
    await page.goto(`${platform.url}/t/namur/aider.html`);
    await rendered(page);
    await page.getByLabel('Votre nom').fill(name);
    await page.getByLabel('Votre adresse e-mail').fill(email);
    await page.getByLabel('Ce que vous savez faire').fill(`cueillette-${width}, cuisine`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Proposer mon aide' }).click();
    await expectText(page.locator('#wish-sent'), `Ouvrez le lien envoyé à ${email}`);
    await page.goto(await mailedLink(platform, email, 'aider.html'));
    await rendered(page);
    await expectText(page.locator('#wish-status'), 'votre proposition est confirmée');

    await signInAsStaff(page, platform, 'namur', 'staff@namur.example');
    await page.goto(`${platform.url}/t/namur/orienter.html`);
    await rendered(page);
    await page.getByLabel('Compétence recherchée').fill(`cueillette-${width}`);
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await expectText(page.locator('#orient-status'), '1 proposition(s) d’aide.');
    const wish = page.locator('#wishes li', { hasText: name });
    await wish.getByRole('button', { name: `Orienter ${name}` }).click();
    await expectVisible(wish.getByLabel('Mission', { exact: true }));
    expect(await axeViolations(page)).toEqual([]);
    await wish.getByLabel('Mission', { exact: true }).selectOption({ label: `${missionTitle} — Ferme du Verger` });
    await wish.getByLabel('Nom de l’association').fill('Banque alimentaire');
    await wish.getByLabel('Son besoin').fill('Tri le samedi');
    await wish.getByLabel('Intitulé').fill('Volontariat en Wallonie');
    await wish.getByLabel('Adresse de la page').fill('https://volontariat.example/missions');
    await wish.getByRole('button', { name: `Envoyer les suggestions à ${name}` }).click();
    await expectText(page.locator('#orient-status'), `3 suggestion(s) envoyée(s) à ${name}.`);

    const mails = (await platform.outbox()).filter((sent) => sent.destination.to.includes(email));
    const oriented = mails.at(-1)!.body.text ?? '';
    expect(oriented).toContain(missionTitle);
    expect(oriented).toContain('Banque alimentaire');
    expect(oriented).toContain('Volontariat en Wallonie');
    expect(problems).toEqual([]);
    await context.close();
  },
);
