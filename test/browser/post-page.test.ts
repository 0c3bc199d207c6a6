import { verificationLink } from '../support/platform.js';
import {
  axeViolations,
  expectCount,
  expectText,
  expectVisible,
  rendered,
  screenshot,
  viewports,
  watchedPage,
  useBrowserPlatform,
} from './browser.js';

/**
 * A post's page beyond the post itself: the posts that might match it, the contact form's honeypot
 * (bots are told "sent", nothing goes), and "report this message" from a relayed mail.
 */
const { platform, browser } = useBrowserPlatform();

async function publishedPost(body: {
  kind: string;
  category: string;
  title: string;
  lat: number;
  lon: number;
  email: string;
}): Promise<string> {
  const created = await platform.api('courbevoie', '/posts', {
    method: 'POST',
    body: {
      kind: body.kind,
      category: body.category,
      title: body.title,
      description: 'Une annonce de test.',
      location: { lat: body.lat, lon: body.lon },
      author: { name: 'Test', email: body.email },
    },
  });
  expect(created.status).toBe(201);
  const link = await verificationLink(platform, body.email);
  await platform.api('courbevoie', `/posts/${created.body.id}/verify`, { method: 'POST', body: { token: link.token } });
  return created.body.id;
}

const mailsTo = async (email: string) => (await platform.outbox()).filter((mail) => mail.destination.to.includes(email));

it.each(Object.entries(viewports))(
  'lists the posts that might match, nearest first, each with its distance and link (%s)',
  async (width, viewport) => {
    const offer = await publishedPost({
      kind: 'offer',
      category: 'childcare',
      title: `Je garde vos enfants le mercredi (${width})`,
      lat: 48.8973,
      lon: 2.2522,
      email: `garde-${width}@example.org`,
    });
    const request = await publishedPost({
      kind: 'request',
      category: 'childcare',
      title: `Cherche quelqu’un pour la sortie d’école (${width})`,
      lat: 48.8985,
      lon: 2.2551,
      email: `parent-${width}@example.org`,
    });
    const lonely = await publishedPost({
      kind: 'offer',
      category: 'paperwork',
      title: `Aide aux démarches en ligne (${width})`,
      lat: 48.8973,
      lon: 2.2522,
      email: `demarches-${width}@example.org`,
    });
    const context = await browser.newContext({ viewport });
    const { page, problems } = await watchedPage(context);

    await page.goto(`${platform.url}/t/courbevoie/annonce.html?post=${offer}`);
    await rendered(page);
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Annonces qui pourraient correspondre' }) });
    await expectText(section, 'Des demandes d’aide de la même catégorie');
    const match = section.locator('#matches li', { hasText: `Cherche quelqu’un pour la sortie d’école (${width})` });
    await expectVisible(match);
    await expectText(match, /à \d+(,\d)? km/);
    expect(await section.locator('#matches li', { hasText: 'Aide aux démarches' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `annonce-correspondances-${viewport.width}`);

    // And the reverse: the request's page offers the offer.
    await match.getByRole('link').click();
    await rendered(page);
    await expectText(page.getByRole('heading', { level: 1 }), `Cherche quelqu’un pour la sortie d’école (${width})`, { whole: true });
    await expectVisible(page.locator('#matches li', { hasText: `Je garde vos enfants le mercredi (${width})` }));
    expect(page.url()).toContain(`post=${request}`);

    // Nothing nearby of the other kind: the section says so.
    await page.goto(`${platform.url}/t/courbevoie/annonce.html?post=${lonely}`);
    await rendered(page);
    await expectText(page.locator('#matches-status'), 'Aucune annonce proche ne correspond pour le moment.', { whole: true });
    await expectCount(page.locator('#matches li'), (count) => count === 0, 'no match listed');
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  },
);

it('keeps the honeypot out of reach, relays a person’s message, and lets its reader report it from the mail', async () => {
  const author = 'hote@example.org';
  const postId = await publishedPost({
    kind: 'offer',
    category: 'other',
    title: 'Un café et une discussion le jeudi',
    lat: 48.8973,
    lon: 2.2522,
    email: author,
  });
  const context = await browser.newContext({ viewport: viewports.phone });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${platform.url}/t/courbevoie/annonce.html?post=${postId}`);
  await rendered(page);

  // The honeypot: no role, no name, not in the tab order, off screen.
  expect(await page.getByRole('textbox', { name: 'Ne pas remplir ce champ' }).count()).toBe(0);
  const trap = page.locator('#contact-website');
  expect(await trap.getAttribute('tabindex')).toBe('-1');
  expect(await trap.evaluate((input) => input.closest('[aria-hidden="true"]') !== null)).toBe(true);
  expect((await trap.boundingBox())!.x).toBeLessThan(-1000);
  await page.getByLabel('Votre message').focus();
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Envoyer le message');

  // A bot fills every field, the hidden one too: it is told "sent", and nothing goes out.
  const before = (await platform.outbox()).length;
  await page.getByLabel('Votre prénom ou nom').fill('Robot');
  await page.getByLabel('Votre adresse e-mail').fill('robot@example.org');
  await page.getByLabel('Votre message').fill('Achetez nos montres.');
  await trap.evaluate((input) => ((input as HTMLInputElement).value = 'https://spam.example'));
  await page.getByRole('button', { name: 'Envoyer le message' }).click();
  await expectVisible(page.getByText('Message transmis.'));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect((await platform.outbox()).length).toBe(before);

  // A person: the hidden field stays empty, and the message reaches the author.
  await page.reload();
  await rendered(page);
  await page.getByLabel('Votre prénom ou nom').fill('Bruno');
  await page.getByLabel('Votre adresse e-mail').fill('bruno@example.org');
  await page.getByLabel('Votre message').fill('Bonjour, avec plaisir pour jeudi.');
  await page.getByRole('button', { name: 'Envoyer le message' }).click();
  await expectVisible(page.getByText('Message transmis.'));
  const relayed = (await mailsTo(author)).find((mail) => (mail.body.text ?? '').includes('avec plaisir pour jeudi'));
  expect(relayed).toBeDefined();

  // The author reports it with the link at the foot of the relayed mail.
  const reportUrl = /https?:\/\/\S+\/signaler-message\.html\?post=[^&\s]+&alias=[^\s"<]+/.exec(relayed!.body.text ?? '')?.[0];
  expect(reportUrl).toBeDefined();
  await page.goto(reportUrl!.replace(/^https?:\/\/[^/]+/, platform.url));
  await rendered(page);
  await expectText(page.getByRole('heading', { level: 1 }), 'Signaler un message', { whole: true });
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Signaler cette conversation' }).click();
  await expectText(page.locator('#report-message-outcome'), 'la conversation est signalée');
  expect(await page.getByRole('button', { name: 'Signaler cette conversation' }).isVisible()).toBe(false);
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'signaler-message-390');
  const flagged = (await platform.tableItems('courbevoie')).filter((item) => JSON.stringify(item).includes('FLAGGED_CONVERSATIONS'));
  expect(flagged.length).toBeGreaterThan(0);

  // Someone else's guess of an alias reports nothing.
  await page.goto(`${platform.url}/t/courbevoie/signaler-message.html?post=${postId}&alias=${'a'.repeat(32)}`);
  await rendered(page);
  await page.getByRole('button', { name: 'Signaler cette conversation' }).click();
  await expectText(page.locator('#report-message-outcome'), 'Ce lien n’est pas valable');
  // A malformed link shows no button at all.
  await page.goto(`${platform.url}/t/courbevoie/signaler-message.html?post=${postId}&alias=%3Cscript%3E`);
  await rendered(page);
  await expectText(page.locator('#report-message-status'), 'Ce lien n’est pas valable');
  expect(await page.getByRole('button', { name: 'Signaler cette conversation' }).isVisible()).toBe(false);
  expect(problems).toEqual([]);
  await context.close();
});
