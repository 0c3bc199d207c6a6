import type { Browser } from 'playwright-core';
import { startTestPlatform, verificationLink, type TestPlatform } from '../support/platform.js';
import { axeViolations, expectText, expectVisible, launchChromium, rendered, screenshot, viewports, watchedPage } from './browser.js';

/** Paris moderates before publication: a staff member signs in by magic link and approves a post. */
let platform: TestPlatform;
let browser: Browser;
beforeAll(async () => {
  platform = await startTestPlatform();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await platform?.cleanUp();
});

it('signs in by magic link, sees the post waiting for review, approves it, and the public sees it', async () => {
  const title = 'Bénévoles pour la distribution alimentaire';
  const created = await platform.api('paris', '/posts', {
    method: 'POST',
    body: {
      kind: 'request',
      category: 'groceries',
      title,
      description: 'Appelez-moi au 06 12 34 56 78 pour aider le samedi matin.',
      location: { lat: 48.8674, lon: 2.3636 },
      author: { name: 'Association du 3e', email: 'asso@example.org' },
    },
  });
  const link = await verificationLink(platform, 'asso@example.org');
  const verified = await platform.api('paris', `/posts/${created.body.id}/verify`, { method: 'POST', body: { token: link.token } });
  expect(verified.body.status).toBe('pending_moderation');
  expect((await platform.api('paris', `/posts/${created.body.id}`)).status).toBe(404);

  const context = await browser.newContext({ viewport: viewports.desktop });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${platform.url}/t/paris/equipe.html`);
  await rendered(page);
  await page.getByLabel('Adresse e-mail professionnelle').fill('staff@paris.example');
  await page.getByRole('button', { name: 'Recevoir un lien de connexion' }).click();
  await expectText(page.locator('#staff-status'), 'un lien de connexion vient d’être envoyé');

  const mail = (await platform.outbox()).filter((candidate) => candidate.destination.to.includes('staff@paris.example')).at(-1);
  const loginUrl = /https?:\/\/\S+\/equipe\.html\?token=[^\s"<]+/.exec(mail?.body.text ?? '')?.[0];
  expect(loginUrl).toBeDefined();
  await page.goto(loginUrl!.replace(/^https?:\/\/[^/]+/, platform.url));
  await rendered(page);
  await expectText(page.locator('main'), 'Connecté(e) : staff@paris.example');
  const item = page.locator('#queue li', { hasText: title });
  await expectVisible(item);
  await expectText(item, 'À vérifier : un numéro de téléphone');
  await expectVisible(page.locator('svg.chart'));
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'equipe-moderation-1280');

  await page.getByRole('button', { name: `Publier : ${title}` }).click();
  await expectText(page.locator('#staff-status'), `Annonce publiée : « ${title} »`);
  const published = await platform.api('paris', `/posts/${created.body.id}`);
  expect(published.status).toBe(200);
  expect(published.body.title).toBe(title);
  expect(problems).toEqual([]);
  await context.close();
});
