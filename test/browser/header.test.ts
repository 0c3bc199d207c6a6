import type { Page } from 'playwright-core';
import { expectText, rendered, useBrowserPlatform, viewports, watchedPage } from './browser.js';

/**
 * The header every page shares: the HTML shell draws its boxes in French, the page's script fills
 * them (the tenant's name, the reader's language, the page the reader is on). On a phone, a
 * resident of Courbevoie reads the tenant's name and a menu that leads to their town's pages,
 * switches to English and back; the platform's own home has no tenant and no menu.
 */
const { platform, browser } = useBrowserPlatform();

/** The header as a reader meets it: the tenant's line, the switch, and each menu link with its target and state. */
const headerOf = (page: Page) =>
  page.evaluate(() => {
    const header = document.getElementById('entete')!;
    const button = header.querySelector<HTMLButtonElement>('.lang-switch');
    return {
      tenant: header.querySelector('.tenant-name')?.textContent ?? null,
      menuLabel: header.querySelector('nav')?.getAttribute('aria-label') ?? null,
      menu: [...header.querySelectorAll<HTMLAnchorElement>('nav a')].map((link) => ({
        text: link.textContent,
        path: new URL(link.href).pathname,
        current: link.getAttribute('aria-current'),
      })),
      switchText: button?.textContent ?? null,
      switchLang: button?.lang ?? null,
      switchLabel: button?.getAttribute('aria-label') ?? null,
    };
  });

/** The header Courbevoie's search page should show in one language: its words change, its targets and current page do not. */
const courbevoieSearchHeader = (words: {
  menuLabel: string;
  labels: [home: string, publish: string, search: string];
  switchTo: [text: string, lang: string, label: string];
}) => ({
  tenant: 'Ville de Courbevoie',
  menuLabel: words.menuLabel,
  menu: ['/t/courbevoie/', '/t/courbevoie/publier.html', '/t/courbevoie/recherche.html'].map((path, at) => ({
    text: words.labels[at],
    path,
    current: at === 2 ? 'page' : null,
  })),
  switchText: words.switchTo[0],
  switchLang: words.switchTo[1],
  switchLabel: words.switchTo[2],
});

it("names the tenant, leads to its pages and marks the reader's page, in French then in English", async () => {
  const context = await browser.newContext({ viewport: viewports.phone, isMobile: true });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${platform.url}/t/courbevoie/recherche.html`);
  await rendered(page);

  expect(await headerOf(page)).toEqual(
    courbevoieSearchHeader({
      menuLabel: 'Menu principal',
      labels: ['Accueil', 'Déposer une annonce', 'Chercher près de chez moi'],
      switchTo: ['English', 'en', 'Switch to English'],
    }),
  );

  // The switch reloads the page in English; the menu keeps its targets and the current page.
  await page.locator('#entete .lang-switch').click();
  await expectText(page.locator('#entete nav'), 'Search near me');
  await rendered(page);
  expect(await headerOf(page)).toEqual(
    courbevoieSearchHeader({
      menuLabel: 'Main menu',
      labels: ['Home', 'Post an offer or request', 'Search near me'],
      switchTo: ['Français', 'fr', 'Passer en français'],
    }),
  );

  // From the menu, the tenant's home: its link is now the current one.
  await page.locator('#entete nav a', { hasText: 'Home' }).click();
  await page.waitForURL(`${platform.url}/t/courbevoie/`);
  await rendered(page);
  const home = await headerOf(page);
  expect(home.menu.map((link) => link.current)).toEqual(['page', null, null]);

  // And back to French, which the next pages keep.
  await page.locator('#entete .lang-switch').click();
  await expectText(page.locator('#entete nav'), 'Accueil');
  expect(problems).toEqual([]);
  await context.close();
});

it("the platform's home has no tenant line and no menu, only the switch", async () => {
  const context = await browser.newContext({ viewport: viewports.phone, isMobile: true });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${platform.url}/`);
  await rendered(page);
  const header = await headerOf(page);
  expect(header).toMatchObject({ tenant: null, menuLabel: null, menu: [], switchText: 'English', switchLang: 'en' });
  expect(problems).toEqual([]);
  await context.close();
});
