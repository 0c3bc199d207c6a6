import type { Page } from 'playwright-core';
import { axeViolations, expectText, expectVisible, rendered, screenshot, viewports, watchedPage, useBrowserPlatform } from './browser.js';

/**
 * A resident asks for an alert from a search, confirms it from the mail, and unsubscribes with the
 * mail's one-click link; each outcome of the alert page says what happened, under axe.
 */
const { platform, browser } = useBrowserPlatform();

/** The two links of the last alert mail sent to `email`: confirm, and unsubscribe. */
async function alertLinks(email: string): Promise<{ subject: string; text: string; verify: string; unsubscribe: string }> {
  const mail = (await platform.outbox()).filter((candidate) => candidate.destination.to.includes(email)).at(-1);
  if (!mail) throw new Error(`no mail to ${email}`);
  const text = mail.body.text ?? '';
  const links = [...new Set(text.match(/https?:\/\/\S+\/alerte\.html\?[^\s"<]+/g) ?? [])];
  const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, platform.url);
  const verify = links.find((link) => !link.includes('action=unsubscribe'));
  const unsubscribe = links.find((link) => link.includes('action=unsubscribe'));
  if (!verify || !unsubscribe) throw new Error(`alert links missing in: ${text}`);
  return { subject: mail.subject, text, verify: local(verify), unsubscribe: local(unsubscribe) };
}

async function expectNoAxeViolation(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

it.each(Object.entries(viewports))(
  'subscribes from a search, confirms from the mail, then unsubscribes in one click (%s)',
  async (width, viewport) => {
    const email = `alerte-${width}@example.org`;
    const context = await browser.newContext({ viewport });
    const { page, problems } = await watchedPage(context);
    await page.goto(
      `${platform.url}/t/courbevoie/recherche.html?where=${encodeURIComponent('hôtel de ville courbevoie')}&radiusKm=2&category=groceries&kind=offer`,
    );
    await rendered(page);
    const box = page.locator('section', { has: page.getByRole('heading', { name: 'Recevoir une alerte pour cette recherche' }) });
    await expectText(box.locator('#alert-intro'), /courses, offres d’aide, à moins de 2 km de : .*Courbevoie/i);

    // Without an address: the error next to the field.
    await box.getByRole('button', { name: 'Recevoir une alerte' }).click();
    await expectText(page.locator('#alert-email-error'), 'Ce champ est obligatoire.', { whole: true });
    await expectNoAxeViolation(page);
    await box.getByLabel('Votre adresse e-mail').fill(email);
    await box.getByRole('button', { name: 'Recevoir une alerte' }).click();
    await expectText(page.locator('#alert-sent'), 'Vérifiez votre boîte mail');
    await expectNoAxeViolation(page);
    await screenshot(page, `recherche-alerte-${viewport.width}`);

    // The mail describes the search that was on screen.
    const mail = await alertLinks(email);
    expect(mail.subject).toContain('Confirmez votre alerte');
    expect(mail.text).toContain('à moins de 2 km');

    await page.goto(mail.verify);
    await rendered(page);
    await expectText(page.locator('#alert-status'), 'Votre alerte est activée.');
    await expectVisible(page.getByText('Pour arrêter, utilisez le lien « me désabonner »'));
    await expectNoAxeViolation(page);
    await screenshot(page, `alerte-activee-${viewport.width}`);

    await page.goto(mail.verify);
    await rendered(page);
    await expectText(page.locator('#alert-status'), 'Cette alerte est déjà activée');

    await page.goto(mail.unsubscribe);
    await rendered(page);
    await expectText(page.getByRole('heading', { level: 1 }), 'Me désabonner d’une alerte', { whole: true });
    await expectText(page.locator('#alert-status'), 'Vous êtes désabonné(e)');
    await expectNoAxeViolation(page);
    await screenshot(page, `alerte-desabonnee-${viewport.width}`);

    // The alert is erased: its confirmation link opens nothing any more.
    await page.goto(mail.verify);
    await rendered(page);
    await expectText(page.locator('#alert-status'), 'Ce lien n’est pas valable ou a expiré.');
    await expectNoAxeViolation(page);
    await screenshot(page, `alerte-lien-invalide-${viewport.width}`);
    expect(problems).toEqual([]);
    await context.close();
  },
);

it('says in English when a link has been tampered with, without calling the API for a malformed one', async () => {
  const context = await browser.newContext({ viewport: viewports.phone });
  await context.addInitScript(() => localStorage.setItem('entraide:lang', 'en'));
  const { page, problems } = await watchedPage(context);
  const calls: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/alerts')) calls.push(request.url());
  });
  await page.goto(`${platform.url}/t/courbevoie/alerte.html?alert=abcdefgh1234&token=short&action=unsubscribe`);
  await rendered(page);
  await expectText(page.locator('#alert-status'), 'This unsubscribe link is not valid.');
  expect(calls).toEqual([]);
  await page.goto(`${platform.url}/t/courbevoie/alerte.html?alert=abcdefgh1234&token=${'a'.repeat(40)}`);
  await rendered(page);
  await expectText(page.locator('#alert-status'), 'This link is not valid or has expired.');
  expect(calls).toHaveLength(1);
  expect(problems).toEqual([]);
  await context.close();
});
