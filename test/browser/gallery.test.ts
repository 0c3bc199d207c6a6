import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import {
  axeViolations,
  expectText,
  expectVisible,
  rendered,
  signInAsStaff,
  viewports,
  watchedPage,
  useBrowserPlatform,
} from './browser.js';

/**
 * The gallery (issue 16) in Chromium: a parent sends a drawing made in the test from the form (the
 * image goes straight to the embedded S3 by its presigned upload), confirms it by the mailed link,
 * staff publish it from their page, and the gallery shows it; axe on every page.
 */
const { platform, browser } = useBrowserPlatform();

/** A drawing made here: a sky, a sun, a house on grass. */
const drawing = (): Promise<Buffer> => {
  const width = 320;
  const height = 240;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sun = (x - 260) ** 2 + (y - 50) ** 2 < 900;
      const house = x > 100 && x < 180 && y > 120 && y < 200;
      const [r, g, b] = sun ? [250, 200, 0] : house ? [200, 40, 40] : y > 200 ? [40, 160, 60] : [120, 180, 240];
      pixels.set([r, g, b], (y * width + x) * 3);
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
};

it('a parent sends a drawing from the form, confirms it, staff publish it, the gallery shows it', async () => {
  const context = await browser.newContext({ viewport: viewports.phone });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${platform.url}/t/bourg-la-reine/rubrique.html?id=dessins`);
  await rendered(page);
  await page.getByRole('link', { name: 'Envoyer un dessin' }).click();
  await rendered(page);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('Le dessin (photo ou scan)').setInputFiles({ name: 'soleil.png', mimeType: 'image/png', buffer: await drawing() });
  await page.getByRole('textbox', { name: 'Prénom de l’enfant' }).fill('Inès');
  await page.getByRole('spinbutton', { name: 'Âge de l’enfant' }).fill('7');
  await page.getByLabel('Message pour les soignants').fill('Un grand soleil pour vous');
  await page.getByLabel('Votre adresse e-mail').fill('parent-ines@example.org');
  await page.getByRole('button', { name: 'Envoyer le dessin' }).click();
  // Without consent: said at the box, nothing sent.
  await expectText(page.locator('#consent-error'), 'Cochez la case');
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Envoyer le dessin' }).click();
  await expectText(page.locator('#drawing-status'), 'parent-ines@example.org');

  const mail = (await platform.outbox()).filter((sent) => sent.destination.to.includes('parent-ines@example.org')).at(-1);
  const link = /https?:\/\/\S+\/mon-dessin\.html\?[^\s"<]+/.exec(mail?.body.text ?? '')?.[0];
  expect(link).toBeDefined();
  await page.goto(link!);
  await rendered(page);
  await expectText(page.locator('#drawing-state'), 'l’équipe le relira');
  expect(await axeViolations(page)).toEqual([]);

  await signInAsStaff(page, platform, 'bourg-la-reine', 'staff@bourg-la-reine.example');
  const queue = page.locator('#drawings-queue');
  await expectText(queue, 'Un grand soleil pour vous');
  await expectText(queue, 'J’autorise la collectivité');
  expect(await axeViolations(page)).toEqual([]);
  await queue.getByRole('button', { name: 'Publier le dessin : Inès, 7 ans' }).click();
  await expectText(page.locator('#drawings-status'), 'Dessin publié');
  // The gallery's figures of the period, a row per day, downloaded with the session.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exporter les chiffres des dessins de la période, jour par jour (CSV, pour Excel)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^entraide-bourg-la-reine-dessins-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8')
    .trimEnd()
    .split('\r\n');
  expect([csv[0], csv.at(-1)]).toEqual([
    '\uFEFFjour;dessins envoyés;confirmés (à relire);image refusée;publiés;refusés par l’équipe;supprimés par le parent',
    'total;1;1;0;1;0;0',
  ]);

  await page.goto(`${platform.url}/t/bourg-la-reine/galerie.html?section=dessins`);
  await rendered(page);
  const thumbnail = page.getByRole('img', { name: 'Un grand soleil pour vous' });
  await expectVisible(thumbnail);
  expect(await thumbnail.evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBe(320);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Un grand soleil pour vous' }).click();
  await expectVisible(page.locator('dialog img.drawing-large'));
  await expectText(page.locator('dialog figcaption'), 'Inès, 7 ans');
  expect(await axeViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  expect(problems).toEqual([]);
  await context.close();
});
