import type { Page } from 'playwright-core';
import { verificationLink } from '../support/platform.js';
import { expectText, expectVisible, rendered, screenshot, signInAsStaff, viewports, watchedPage, useBrowserPlatform } from './browser.js';

/**
 * User content is text, never markup: payloads typed in every field show as typed, and nothing
 * runs (no script, no handler, no dialog), on every page that shows them.
 */
const payloads = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '"><svg onload=window.__xss=1>',
  "' onmouseover='window.__xss=1' x='",
  '<a href="javascript:window.__xss=1">clic</a>',
  '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  '</textarea><script>alert(1)</script>',
  "{{constructor.constructor('window.__xss=1')()}}",
  '<details open ontoggle=alert(1)>',
  'javascript:alert(document.domain)',
];

const { platform, browser } = useBrowserPlatform();

/** Nothing ran and nothing was injected: no flag, no element with an inline handler, no iframe or foreign image. */
async function nothingRan(page: Page, dialogs: string[]): Promise<void> {
  const injected = await page.evaluate(() => ({
    flag: (window as unknown as { __xss?: number }).__xss ?? null,
    handlers: document.querySelectorAll('[onerror], [onload], [onmouseover], [ontoggle]').length,
    frames: document.querySelectorAll('iframe, main script, img[src="x"], main svg:not(.leaflet-zoom-animated)').length,
    scriptLinks: [...document.querySelectorAll('a[href]')].filter((link) => (link as HTMLAnchorElement).href.startsWith('javascript:'))
      .length,
  }));
  expect(injected).toEqual({ flag: null, handlers: 0, frames: 0, scriptLinks: 0 });
  expect(dialogs).toEqual([]);
}

async function publishedPost(index: number, kind: 'offer' | 'request' = 'offer'): Promise<{ id: string; token: string; title: string }> {
  const title = `${kind === 'offer' ? 'Offre' : 'Demande'} ${index} ${payloads[index]}`;
  const email = `${kind}${index}@example.org`;
  const created = await platform.api('courbevoie', '/posts', {
    method: 'POST',
    body: {
      kind,
      category: 'other',
      title,
      description: payloads.join('\n'),
      location: { lat: 48.8973, lon: 2.2522 },
      author: { name: payloads[index]!.slice(0, 80), email },
    },
  });
  expect(created.status).toBe(201);
  const link = await verificationLink(platform, email);
  await platform.api('courbevoie', `/posts/${created.body.id}/verify`, { method: 'POST', body: { token: link.token } });
  return { id: created.body.id, token: link.token, title };
}

it('shows payloads in titles, descriptions and names as text on the list, the search, the post, its matches, the manage page and the staff record', async () => {
  // A request nearby, first (the home page lists the ten newest): every offer's page lists it among its matches.
  const request = await publishedPost(1, 'request');
  const posts = [];
  for (let index = 0; index < payloads.length; index++) posts.push(await publishedPost(index));
  const context = await browser.newContext({ viewport: viewports.desktop });
  const { page, problems, dialogs } = await watchedPage(context);

  await page.goto(`${platform.url}/t/courbevoie/`);
  await rendered(page);
  await expectText(page.locator('.posts'), posts[0]!.title);
  // Ten posts: the first page holds them all (the list shows ten at a time).
  for (const post of posts) await expectText(page.locator('.posts'), post.title);
  await nothingRan(page, dialogs);

  await page.goto(`${platform.url}/t/courbevoie/recherche.html`);
  await rendered(page);
  for (const post of posts) await expectText(page.locator('#results'), post.title);
  await page.locator('.leaflet-marker-icon').last().click({ force: true });
  await expectVisible(page.locator('.leaflet-popup-content a'));
  await nothingRan(page, dialogs);
  await screenshot(page, 'xss-recherche-1280');

  for (const post of posts) {
    await page.goto(`${platform.url}/t/courbevoie/annonce.html?post=${post.id}`);
    await rendered(page);
    await expectText(page.getByRole('heading', { level: 1 }), post.title, { whole: true });
    for (const payload of payloads) await expectText(page.locator('.description'), payload);
    await expectText(page.locator('#matches'), request.title);
    await nothingRan(page, dialogs);
    await page.goto(`${platform.url}/t/courbevoie/gerer.html?post=${post.id}&token=${post.token}`);
    await rendered(page);
    await expectText(page.locator('#post-state'), post.title);
    expect(await page.locator('#title').inputValue()).toBe(post.title);
    await nothingRan(page, dialogs);
  }

  // What staff see of a post: its record, with the edit form filled in.
  await signInAsStaff(page, platform, 'courbevoie', 'staff@courbevoie.example');
  for (const post of posts.slice(0, 3)) {
    await page.goto(`${platform.url}/t/courbevoie/equipe.html?post=${post.id}`);
    await rendered(page);
    await expectText(page.locator('#annonce'), post.title, { whole: true });
    for (const payload of payloads) await expectText(page.locator('#staff-post .description'), payload);
    expect(await page.locator('#edit-form #title').inputValue()).toBe(post.title);
    await nothingRan(page, dialogs);
  }
  expect(problems).toEqual([]);
  await context.close();
});

it('takes payloads typed in every field of every form as text, and runs none of them', async () => {
  const context = await browser.newContext({ viewport: viewports.phone });
  const { page, problems, dialogs } = await watchedPage(context);
  const payload = payloads[1]!;

  // The post form: every text field, and an address search.
  await page.goto(`${platform.url}/t/courbevoie/publier.html`);
  await rendered(page);
  await page.getByLabel('Catégorie').selectOption('other');
  await page.getByLabel('Titre').fill(payload);
  await page.getByLabel('Description').fill(payloads.join('\n'));
  await page.getByLabel('Adresse ou lieu').fill(payload);
  await page.getByRole('button', { name: 'Chercher l’adresse' }).click();
  await expectText(page.locator('.address-results'), 'Nous ne trouvons pas « ');
  await page.getByText('Coordonnées GPS (facultatif)').click();
  await page.getByLabel('Latitude').fill('48.8973');
  await page.getByLabel('Longitude').fill('2.2522');
  await page.getByLabel('Votre prénom ou nom').fill(payload);
  await page.getByLabel('Votre adresse e-mail').fill(payload);
  await page.getByRole('button', { name: 'Envoyer mon annonce' }).click();
  await expectText(page.locator('#email-error'), 'Adresse e-mail invalide');
  await nothingRan(page, dialogs);
  await page.getByLabel('Votre adresse e-mail').fill('formulaire@example.org');
  await page.getByRole('button', { name: 'Envoyer mon annonce' }).click();
  await expectVisible(page.locator('#post-sent'));
  const link = await verificationLink(platform, 'formulaire@example.org');
  await page.goto(`${platform.url}/t/courbevoie/verifier.html?post=${link.postId}&token=${link.token}`);
  await expectText(page.getByRole('status'), 'publiée');

  await page.goto(`${platform.url}/t/courbevoie/annonce.html?post=${link.postId}`);
  await rendered(page);
  await expectText(page.getByRole('heading', { level: 1 }), payload, { whole: true });
  await expectText(page.locator('main'), `par ${payload}`);
  // The contact form.
  await page.getByLabel('Votre prénom ou nom').fill(payload);
  await page.getByLabel('Votre adresse e-mail').fill(payload);
  await page.getByLabel('Votre message').fill(payloads.join('\n'));
  await page.getByRole('button', { name: 'Envoyer le message' }).click();
  await expectText(page.locator('#contact-email-error'), 'Adresse e-mail invalide');
  await nothingRan(page, dialogs);

  // The manage form, and the search field.
  await page.goto(`${platform.url}/t/courbevoie/gerer.html?post=${link.postId}&token=${link.token}`);
  await rendered(page);
  await page.getByLabel('Titre').fill(payloads[2]!);
  await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await expectText(page.locator('#post-state'), payloads[2]!);
  await nothingRan(page, dialogs);
  await page.goto(`${platform.url}/t/courbevoie/recherche.html?where=${encodeURIComponent(payload)}`);
  await rendered(page);
  await expectText(page.locator('#results'), payloads[2]!);
  await nothingRan(page, dialogs);

  // Payloads in the address bar.
  await page.goto(`${platform.url}/t/courbevoie/annonce.html?post=${encodeURIComponent(payload)}`);
  await rendered(page);
  await expectText(page.locator('main'), 'Annonce introuvable');
  await page.goto(`${platform.url}/t/courbevoie/gerer.html?post=x&token=${encodeURIComponent(payload)}`);
  await rendered(page);
  await nothingRan(page, dialogs);
  await screenshot(page, 'xss-formulaires-390');
  expect(problems).toEqual([]);
  await context.close();
});
