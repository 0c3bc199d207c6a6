import { verificationLink } from '../support/platform.js';
import {
  expectNoAxeViolationsAtBothWidths,
  expectText,
  mailedLink,
  rendered,
  signInAsStaff,
  viewports,
  watchedPage,
  useBrowserPlatform,
} from './browser.js';

/**
 * Mulhouse's health workers in the browser, on a phone: a health worker finds housing near the
 * Émile Muller hospital for their dates, asks to be recognised with their work address and
 * confirms it from the mail; the offer's page says it is for recognised health workers and how to
 * be one; every page under axe at the phone's width and the desktop's, the search sent by keyboard.
 */
const { platform, browser } = useBrowserPlatform();

const day = (offset: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + offset * 86_400_000),
  );

it('a health worker finds housing near a hospital for their dates, and is recognised by their work address', async () => {
  const author = 'logeur.mulhouse@example.org';
  const created = await platform.api('mulhouse', '/posts', {
    method: 'POST',
    body: {
      kind: 'offer',
      category: 'hebergement',
      section: 'soignants',
      title: 'Studio rue de Dornach, près d’Émile Muller',
      description: 'Pour une personne, draps et serviettes fournis.',
      location: { lat: 47.7262, lon: 7.3141 },
      author: { name: 'Hélène', email: author },
      housing: { availableFrom: day(1), availableTo: day(40), capacity: 1, type: 'flat' },
    },
  });
  expect(created.status).toBe(201);
  const { postId, token } = await verificationLink(platform, author);
  await platform.api('mulhouse', `/posts/${postId}/verify`, { method: 'POST', body: { token } });

  const context = await browser.newContext({ viewport: viewports.phone });
  const { page, problems } = await watchedPage(context);
  const noAxeViolations = () => expectNoAxeViolationsAtBothWidths(page);

  await page.goto(`${platform.url}/t/mulhouse/soignants.html`);
  await rendered(page);
  await expectText(page.locator('h1'), 'Soutien aux soignants');
  await page.getByRole('combobox', { name: 'Hôpital (obligatoire)' }).selectOption({ label: 'Hôpital Émile Muller (GHRMSA)' });
  await page.getByLabel('Libre du', { exact: false }).first().fill(day(3));
  await page.getByLabel('Au (inclus)', { exact: false }).first().fill(day(10));
  await page.getByLabel('Distance de l’hôpital').selectOption({ label: '2 km ou moins' });
  await noAxeViolations();
  await page.getByRole('button', { name: 'Chercher' }).focus();
  await page.keyboard.press('Enter');
  await expectText(page.locator('#housing-status'), '1 logement(s) libre(s) près de Hôpital Émile Muller (GHRMSA).');
  await expectText(page.locator('#housing-results'), 'Studio rue de Dornach, près d’Émile Muller');
  await expectText(page.locator('#housing-results'), '1 km de Hôpital Émile Muller (GHRMSA)');
  await noAxeViolations();

  // Dates the offer does not cover: nothing, said in words.
  await page.getByLabel('Au (inclus)', { exact: false }).first().fill(day(60));
  await page.getByRole('button', { name: 'Chercher' }).click();
  await expectText(page.locator('#housing-status'), 'Aucun logement libre sur toute cette période');

  const nurse = 'ines.roux@ghrmsa.example';
  await page.getByLabel('Votre adresse e-mail', { exact: false }).first().fill(nurse);
  await page.getByRole('button', { name: 'Demander à être reconnu(e)' }).click();
  await expectText(page.locator('#hw-sent'), `Ouvrez le lien envoyé à ${nurse}`);
  await page.goto(await mailedLink(platform, nurse, 'soignants.html'));
  await rendered(page);
  await expectText(page.locator('#hw-status'), 'vous êtes reconnu(e) comme soignant(e)');
  await noAxeViolations();

  // The offer's page says who may write, and how to be recognised.
  await page.goto(`${platform.url}/t/mulhouse/annonce.html?post=${postId}`);
  await rendered(page);
  await expectText(page.locator('#health-workers-only'), 'Cette offre est réservée aux soignants reconnus.');
  await page.getByRole('link', { name: 'Comment être reconnu(e) comme soignant(e)' }).click();
  await rendered(page);
  await expectText(page.locator('h2#recognition'), 'Être reconnu(e) comme soignant(e)');

  // Staff: a request from outside the hospitals' domains, confirmed, recognised from the staff page; the equipment offered.
  const marc = 'marc.aide-soignant@example.org';
  await platform.api('mulhouse', '/health-workers/recognition', {
    method: 'POST',
    body: { email: marc, name: 'Marc Weber', profession: 'Aide-soignant', employer: 'EHPAD du Rebberg' },
  });
  const link = new URL(await mailedLink(platform, marc, 'soignants.html'));
  await platform.api('mulhouse', `/health-workers/recognition/${link.searchParams.get('reconnaissance')}/verify`, {
    method: 'POST',
    body: { token: link.searchParams.get('token') },
  });
  await signInAsStaff(page, platform, 'mulhouse', 'staff@mulhouse.example');
  await expectText(page.locator('#recognitions'), 'Aide-soignant · EHPAD du Rebberg');
  await expectText(page.locator('#equipment-totals'), 'Hôpital du Hasenrain (GHRMSA)');
  await noAxeViolations();
  await page.getByRole('button', { name: 'Reconnaître : Marc Weber' }).click();
  await expectText(page.locator('#recognitions-status'), 'Marc Weber est reconnu(e) comme soignant(e)');
  await expectText(page.locator('#recognitions'), 'Aucune demande en attente.');
  expect(problems).toEqual([]);
  await context.close();
});
