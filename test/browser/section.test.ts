import { verificationLink } from '../support/platform.js';
import { axeViolations, expectCount, expectText, expectVisible, rendered, viewports, watchedPage, useBrowserPlatform } from './browser.js';

/**
 * Sections ("rubriques"): the tenant's home links each open one to its page, which lists its posts
 * newest first; a section whose last day is past says it is closed, takes nothing new and still
 * shows what it holds.
 */
const { platform, browser } = useBrowserPlatform();

async function publishedPost(tenantId: string, section: string, title: string, email: string): Promise<string> {
  const created = await platform.api(tenantId, '/posts', {
    method: 'POST',
    body: {
      kind: 'offer',
      category: 'producteurs',
      section,
      title,
      description: 'Livraison le samedi matin autour de Niort.',
      location: { lat: 46.33, lon: -0.46 },
      author: { name: 'Ferme du Marais', email },
    },
  });
  expect(created.status).toBe(201);
  const link = await verificationLink(platform, email);
  await platform.api(tenantId, `/posts/${created.body.id}/verify`, { method: 'POST', body: { token: link.token } });
  return created.body.id;
}

it.each(Object.entries(viewports))('from the tenant’s home to an open section’s page and its posts (%s)', async (width, viewport) => {
  const title = `Œufs de Pâques au chocolat (${width})`;
  await publishedPost('deux-sevres', 'table-de-paques', title, `chocolat-${width}@example.org`);
  const context = await browser.newContext({ viewport });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${platform.url}/t/deux-sevres/`);
  await rendered(page);
  const sections = page.locator('ul.sections');
  // The ended 2026 edition is not offered; this year's is, with its last day.
  await expectText(sections, 'Votre table de Pâques');
  expect(await sections.innerText()).not.toContain('2026');
  await sections.getByRole('link', { name: 'Votre table de Pâques' }).click();
  await rendered(page);
  await expectText(page.locator('h1'), 'Votre table de Pâques', { whole: true });
  await expectText(page.locator('main'), 'jusqu’au 29 mars 2027');
  await expectText(page.locator('#section-items'), title);
  await expectCount(page.locator('#section-state'), (count) => count === 0, 'no closed notice on an open section');
  await expectVisible(page.getByRole('link', { name: 'Je propose de l’aide' }));
  expect(await axeViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
  await context.close();
});

it('an ended section’s page says it is closed and offers no way to post in it', async () => {
  const context = await browser.newContext({ viewport: viewports.phone });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${platform.url}/t/deux-sevres/rubrique.html?id=table-de-paques-2026`);
  await rendered(page);
  await expectText(page.locator('#section-state'), 'Cette rubrique est close depuis le 6 avril 2026');
  await expectCount(page.getByRole('link', { name: 'Je propose de l’aide' }), (count) => count === 0, 'no link to post');
  expect(await axeViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
  await context.close();
});
