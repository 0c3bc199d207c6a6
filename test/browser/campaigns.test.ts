import { readFileSync } from 'node:fs';
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
 * A campaign with kits in the browser (Orléans Métropole's mask sewing), on a phone: a volunteer
 * signs up and declares what they made from their link; staff at the counter find them by a few
 * letters, hand out kits and record a return, and the figures and the chart of items returned per
 * day say so; every page under axe, at the phone's width and the desktop's.
 */
const { platform, browser } = useBrowserPlatform();

it('a volunteer signs up and declares; staff on a phone hand out kits and record a return', async () => {
  const context = await browser.newContext({ viewport: viewports.phone });
  const { page, problems } = await watchedPage(context);
  const noAxeViolations = () => expectNoAxeViolationsAtBothWidths(page);

  await page.goto(`${platform.url}/t/orleans-metropole/campagne.html?id=masques`);
  await rendered(page);
  await expectText(page.locator('h1'), 'Couture de masques');
  await expectText(page.locator('#pickup-points'), 'Médiathèque d’Olivet');
  await page.getByRole('button', { name: 'Je m’inscris' }).click();
  await expectText(page.locator('.error-summary'), 'Votre nom');
  const email = 'couturiere@example.org';
  await page.getByLabel('Votre nom').fill('Éliane Couturier');
  await page.getByLabel('Votre adresse e-mail').fill(email);
  await page.getByLabel('Point de retrait').selectOption({ label: 'Médiathèque d’Olivet (mercredi et samedi, 10 h – 18 h)' });
  await noAxeViolations();
  await page.getByRole('button', { name: 'Je m’inscris' }).click();
  await expectText(page.locator('#volunteer-sent'), `Ouvrez le lien envoyé à ${email}`);

  const link = await mailedLink(platform, email, 'benevole.html');
  await page.goto(link);
  await rendered(page);
  await expectText(page.locator('#volunteer-status'), 'Votre inscription est confirmée, Éliane Couturier.');
  await expectText(page.locator('#volunteer-point'), 'Médiathèque d’Olivet');
  await page.getByLabel('Nombre de pièces fabriquées').fill('12');
  await page.getByRole('button', { name: 'Déclarer' }).click();
  await expectText(page.locator('#declare-status'), 'Vous avez déclaré 12 pièce(s) en tout.');
  await expectText(page.locator('#volunteer-figures'), /Pièces déclarées\s*12/);
  await noAxeViolations();

  await signInAsStaff(page, platform, 'orleans-metropole', 'staff@orleans-metropole.example');
  await page.getByRole('link', { name: 'Comptoir : Couture de masques' }).click();
  await rendered(page);
  await expectVisible(page.locator('#counter-volunteers'));
  await page.getByLabel('Point de retrait du comptoir').selectOption({ label: 'Médiathèque d’Olivet' });
  await page.getByLabel('Kits livrés').fill('10');
  await page.getByRole('button', { name: 'Ajouter au stock' }).click();
  await expectText(page.locator('#counter-status'), 'Stock : 10 kit(s).');

  await page.getByLabel('Nom ou téléphone').fill('eliane');
  await expectText(page.locator('#counter-count'), '1 bénévole(s).');
  const volunteer = page.locator('#counter-volunteers li', { hasText: 'Éliane Couturier' });
  await volunteer.getByText('Remettre des kits — Éliane Couturier').click();
  await volunteer.getByLabel('Nombre de kits').fill('2');
  await volunteer.getByRole('button', { name: 'Remettre' }).click();
  await expectText(page.locator('#counter-status'), '2 kit(s) remis à Éliane Couturier.');
  await expectText(page.locator('#counter-volunteers li', { hasText: 'Éliane Couturier' }), '2 kit(s) en cours');
  await expectText(page.locator('#campaign-figures'), /Kits en stock\s*8/);

  // More than the stock: refused, said in words, the stock unchanged.
  const again = page.locator('#counter-volunteers li', { hasText: 'Éliane Couturier' });
  await again.getByText('Remettre des kits — Éliane Couturier').click();
  await again.getByLabel('Nombre de kits').fill('9');
  await again.getByRole('button', { name: 'Remettre' }).click();
  await expectText(again.locator('.error-summary'), 'Nombre de kits : Pas assez de kits en stock.');

  await again.getByText('Enregistrer un retour — Éliane Couturier').click();
  await again.getByLabel('Pièces rapportées').fill('40');
  await again.getByRole('button', { name: 'Enregistrer le retour' }).click();
  await expectText(page.locator('#counter-status'), 'Retour de Éliane Couturier : 40 pièce(s), 0 kit(s) non utilisé(s).');
  await expectText(page.locator('#counter-volunteers li', { hasText: 'Éliane Couturier' }), '40 pièce(s) rendue(s) · 12 déclarée(s)');
  await expectText(page.locator('#campaign-figures'), /Pièces rendues\s*40/);
  await expectText(page.locator('#campaign-figures'), /Kits en stock\s*8/);
  await expectText(page.locator('#returns-chart figcaption'), 'Pièces rendues par jour');
  expect(await page.locator('#returns-chart rect').count()).toBe(1);
  await page.locator('#returns-chart summary').click();
  await expectText(page.locator('#returns-chart tbody'), '40');
  await noAxeViolations();

  // The same figures per day as a CSV file, downloaded with the session.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exporter par jour (CSV)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('entraide-masques-day.csv');
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.trimEnd().split('\r\n').at(-1)).toBe('total;2;0;2;70;12;40;0,571');
  await expectText(page.locator('#counter-status'), 'Fichier CSV téléchargé.');
  expect(problems).toEqual([]);
  await context.close();
});
