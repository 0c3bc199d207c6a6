import type { Page } from 'playwright-core';
import { verificationLink } from '../support/platform.js';
import { expectText, expectValue, rendered, screenshot, viewports, watchedPage, useBrowserPlatform } from './browser.js';

/** A resident with no mouse: every step with Tab, Enter, arrows and typing, and the focus always visible. */

const { platform, browser } = useBrowserPlatform();

interface Focused {
  description: string;
  outline: boolean;
}

/** Presses Tab until the focus is on `selector`; returns every element the focus went through. */
async function tabTo(page: Page, selector: string, seen: Focused[]): Promise<void> {
  for (let presses = 0; presses < 60; presses++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate((wanted) => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return null;
      const style = getComputedStyle(element);
      return {
        description: `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''} ${(element.textContent ?? '').trim().slice(0, 30)}`,
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        matches: element.matches(wanted),
      };
    }, selector);
    if (!focused) continue;
    seen.push({ description: focused.description, outline: focused.outline });
    if (focused.matches) return;
  }
  throw new Error(`Tab never reached ${selector}; went through ${seen.map((entry) => entry.description).join(' | ')}`);
}

it('creates a post with the keyboard alone, the focus visible at every stop', async () => {
  const context = await browser.newContext({ viewport: viewports.phone });
  const { page, problems } = await watchedPage(context);
  const seen: Focused[] = [];
  await page.goto(`${platform.url}/t/courbevoie/`);
  await rendered(page);
  await tabTo(page, 'a[href$="publier.html?kind=request"]', seen);
  await page.keyboard.press('Enter');
  await page.waitForURL(/publier\.html\?kind=request/);
  await rendered(page);

  await tabTo(page, '#kind-request', seen);
  await tabTo(page, '#category', seen);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expectValue(page.locator('#category'), 'groceries');
  await tabTo(page, '#title', seen);
  await page.keyboard.type('Besoin de courses le mardi');
  await tabTo(page, '#description', seen);
  await page.keyboard.type('Je ne peux plus porter de charges. Merci !');
  await tabTo(page, '#address', seen);
  await page.keyboard.type('gare becon');
  await page.keyboard.press('Enter');
  await tabTo(page, 'button.link-like', seen);
  await page.keyboard.press('Enter');
  await expectText(page.locator('#location-point'), 'Point choisi : Gare de Bécon-les-Bruyères, 92400 Courbevoie.', { whole: true });
  await tabTo(page, '#name', seen);
  await page.keyboard.type('Lucien');
  await tabTo(page, '#email', seen);
  await page.keyboard.type('lucien@example.org');
  await tabTo(page, 'button[type="submit"]', seen);
  await page.keyboard.press('Enter');
  await expectText(page.locator('#post-sent'), 'Un e-mail vient de vous être envoyé');
  await screenshot(page, 'clavier-envoye-390');

  expect(seen.filter((entry) => !entry.outline).map((entry) => entry.description)).toEqual([]);
  expect(problems).toEqual([]);
  const link = await verificationLink(platform, 'lucien@example.org');
  const own = await platform.api('courbevoie', `/posts/${link.postId}/own`, { token: link.token });
  expect(own.body).toMatchObject({
    kind: 'request',
    category: 'groceries',
    title: 'Besoin de courses le mardi',
    author: { name: 'Lucien' },
  });
  await context.close();
});
