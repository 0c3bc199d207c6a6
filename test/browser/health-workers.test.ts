import { verificationLink } from '../support/platform.js';
import {
  expectNoAxeViolationsAtBothWidths,
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
  // The same link erases it, at once.
  await expectText(page.locator('#hw-erase-hint'), 'vos conversations avec elles seront closes');
  await page.getByRole('button', { name: 'Effacer ma reconnaissance de soignant(e)' }).click();
  await expectText(page.locator('#hw-status'), 'Votre reconnaissance est effacée');
  expect(JSON.stringify(await platform.tableItems('mulhouse'))).not.toContain(`"S":"${nurse}"`);

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

it('a resident offers housing from the form (its days, capacity and type; the API’s refusal next to its field, the keyboard choosing equipment), and health workers find it near its hospital', async () => {
  const author = 'offre.logement@example.org';
  const context = await browser.newContext({ viewport: viewports.phone });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${platform.url}/t/mulhouse/publier.html?section=soignants`);
  await rendered(page);
  await expectText(page.locator('#health-offer legend'), 'Ce que vous proposez aux soignants');
  // A request, or another section: no housing fields.
  await page.getByLabel('avez besoin d’aide').check();
  expect(await page.locator('#health-offer').isVisible()).toBe(false);
  await page.getByLabel('proposez de l’aide').check();
  await expectVisible(page.getByLabel('Libre à partir du', { exact: false }));
  // The keyboard moves between what is offered: equipment asks its quantity and the hospital to drop it at.
  await page.getByLabel('un logement').focus();
  await page.keyboard.press('ArrowDown');
  await expectVisible(page.getByLabel('Hôpital où le déposer', { exact: false }));
  expect(await page.getByLabel('Libre à partir du', { exact: false }).isVisible()).toBe(false);
  await page.keyboard.press('ArrowUp');
  await expectVisible(page.getByLabel('Libre à partir du', { exact: false }));

  await page.getByLabel('Catégorie').selectOption('hebergement');
  await page.getByLabel('Titre', { exact: false }).first().fill('Chambre au calme près d’Émile Muller');
  await page.getByLabel('Description', { exact: false }).first().fill('Salle de bains à part, accès indépendant.');
  await page.getByLabel('Adresse ou lieu').fill('hôpital émile muller');
  await page.getByRole('button', { name: 'Chercher l’adresse' }).click();
  await page.getByRole('button', { name: 'Hôpital Émile Muller, 20 avenue du Docteur Laennec, 68100 Mulhouse' }).click();
  await page.getByLabel('Votre prénom ou nom').fill('Odile');
  await page.getByLabel('Votre adresse e-mail', { exact: false }).first().fill(author);
  await page.getByLabel('Nombre de personnes accueillies', { exact: false }).fill('2');
  await page.getByLabel('Type de logement', { exact: false }).selectOption({ label: 'une chambre chez vous' });
  // Reversed days: said next to the last day, before anything is sent.
  await page.getByLabel('Libre à partir du', { exact: false }).fill(day(12));
  await page.getByLabel('Jusqu’au (inclus)', { exact: false }).fill(day(5));
  await page.getByRole('button', { name: 'Envoyer mon annonce' }).click();
  await expectText(page.locator('#housing-to-error'), 'Ce jour est avant le premier jour.', { whole: true });
  // A first day already past: the API refuses it (housing.availableFrom), said next to that field.
  await page.getByLabel('Libre à partir du', { exact: false }).fill(day(-3));
  await page.getByRole('button', { name: 'Envoyer mon annonce' }).click();
  await expectText(page.locator('#housing-from-error'), 'Ce jour est passé', {});
  await expectText(page.locator('.error-summary'), 'Libre à partir du');
  await expectNoAxeViolationsAtBothWidths(page);
  await page.getByLabel('Libre à partir du', { exact: false }).fill(day(2));
  await page.getByLabel('Jusqu’au (inclus)', { exact: false }).fill(day(20));
  await page.getByRole('button', { name: 'Envoyer mon annonce' }).click();
  await expectText(page.locator('#post-sent'), 'Un e-mail vient de vous être envoyé');
  const { postId, token } = await verificationLink(platform, author);
  await platform.api('mulhouse', `/posts/${postId}/verify`, { method: 'POST', body: { token } });

  // Health workers find it near Émile Muller over days it covers, with what the form said.
  await page.goto(`${platform.url}/t/mulhouse/soignants.html`);
  await rendered(page);
  await page.getByRole('combobox', { name: 'Hôpital (obligatoire)' }).selectOption({ label: 'Hôpital Émile Muller (GHRMSA)' });
  await page.getByLabel('Libre du', { exact: false }).first().fill(day(3));
  await page.getByLabel('Au (inclus)', { exact: false }).first().fill(day(19));
  await page.getByLabel('Distance de l’hôpital').selectOption({ label: '2 km ou moins' });
  await page.getByRole('button', { name: 'Chercher' }).click();
  const hit = page.locator('#housing-results li', { hasText: 'Chambre au calme près d’Émile Muller' });
  await expectText(hit, '2 personne(s)');
  await expectText(hit, 'chambre');
  expect(problems).toEqual([]);
  await context.close();
});
