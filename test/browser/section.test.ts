import { axeViolations, expectCount, expectText, expectVisible, rendered, viewports, watchedPage, useBrowserPlatform } from './browser.js';

/**
 * Sections ("rubriques") of the directory: from the tenant's home to deux-sevres's Easter section,
 * to "who delivers to me" with an address, to a listing and its phone link; a section whose last
 * day is past says it is closed and takes nothing new.
 */
const { platform, browser } = useBrowserPlatform();

/** A listing entered in `section` and confirmed by its mailed link, as its producer would. */
async function publishedListing(section: string, name: string, email: string): Promise<string> {
  const created = await platform.api('deux-sevres', '/listings', {
    method: 'POST',
    body: {
      section,
      name,
      description: 'Agneau, œufs et chocolats, livrés le samedi avant Pâques.',
      categories: ['producteurs'],
      address: '12 route de Coulon, 79000 Niort',
      location: { lat: 46.33, lon: -0.47 },
      deliveryZone: { radiusKm: 8 },
      deliveryDays: ['sat'],
      ordering: { phone: '05 49 11 22 33', website: 'https://ferme-du-marais.example' },
      delivery: true,
      author: { name: 'Ferme du Marais', email },
    },
  });
  expect(created.status).toBe(201);
  const mail = (await platform.outbox()).filter((sent) => sent.destination.to.includes(email)).at(-1);
  const token = /gerer-commerce\.html\?listing=[^&\s]+&token=([A-Za-z0-9_-]+)/.exec(mail?.body.text ?? '')?.[1];
  const verified = await platform.api('deux-sevres', `/listings/${created.body.id}/verify`, { method: 'POST', body: { token } });
  expect(verified.body.status).toBe('published');
  return created.body.id;
}

it.each(Object.entries(viewports))(
  'from the tenant’s home to the Easter section, who delivers to an address, and a listing’s phone link (%s)',
  async (width, viewport) => {
    const name = `Ferme du Marais (${width})`;
    await publishedListing('table-de-paques', name, `marais-${width}@example.org`);
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
    await expectText(page.locator('#section-items'), name);
    await expectCount(page.locator('#section-state'), (count) => count === 0, 'no closed notice on an open section');
    await expectVisible(page.getByRole('link', { name: 'Inscrire mon commerce' }));
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Qui livre chez moi ?' }).click();
    await rendered(page);
    await page.getByLabel('Votre adresse').fill('Place de la Brèche, Niort');
    await page.getByRole('button', { name: 'Trouver qui livre' }).click();
    await expectText(page.locator('#deliveries-status'), 'livrent à cette adresse');
    await expectText(page.locator('#deliveries'), name);
    expect(await axeViolations(page)).toEqual([]);

    await page.locator('#deliveries').getByRole('link', { name }).click();
    await rendered(page);
    await expectText(page.locator('h1'), name, { whole: true });
    const phone = page.getByRole('link', { name: '05 49 11 22 33' });
    expect(await phone.getAttribute('href')).toBe('tel:0549112233');
    expect(await page.getByRole('link', { name: 'ferme-du-marais.example' }).getAttribute('href')).toBe('https://ferme-du-marais.example');
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  },
);

it('an ended section’s page says it is closed and offers no way to enter a listing', async () => {
  const context = await browser.newContext({ viewport: viewports.phone });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${platform.url}/t/deux-sevres/rubrique.html?id=table-de-paques-2026`);
  await rendered(page);
  await expectText(page.locator('#section-state'), 'Cette rubrique est close depuis le 6 avril 2026');
  await expectCount(page.getByRole('link', { name: 'Inscrire mon commerce' }), (count) => count === 0, 'no link to enter a listing');
  expect(await axeViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
  await context.close();
});
