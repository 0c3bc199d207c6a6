import { readFile } from 'node:fs/promises';
import { staffSignIn, verificationLink } from '../support/platform.js';
import { tenantDay } from '@entraide/core';
import { courbevoieTenant, phonedPostBody } from '../support/tenants.js';
import { deliverInbound, mailsTo, publishPost, rawMail } from '../support/relay.js';
import {
  axeViolations,
  expectAttribute,
  expectCount,
  expectText,
  expectVisible,
  rendered,
  screenshot,
  signInAsStaff,
  viewports,
  watchedPage,
  useBrowserPlatform,
} from './browser.js';

/** Paris moderates before publication: a staff member signs in by magic link and approves a post. */
const { platform, browser } = useBrowserPlatform();

it('signs in by magic link, sees the post waiting for review, approves it, and the public sees it', async () => {
  const title = 'Bénévoles pour la distribution alimentaire';
  const created = await platform.api('paris', '/posts', {
    method: 'POST',
    body: {
      kind: 'request',
      category: 'groceries',
      title,
      description: 'Appelez-moi au 06 12 34 56 78 pour aider le samedi matin.',
      location: { lat: 48.8674, lon: 2.3636 },
      author: { name: 'Association du 3e', email: 'asso@example.org' },
    },
  });
  const link = await verificationLink(platform, 'asso@example.org');
  const verified = await platform.api('paris', `/posts/${created.body.id}/verify`, { method: 'POST', body: { token: link.token } });
  expect(verified.body.status).toBe('pending_moderation');
  expect((await platform.api('paris', `/posts/${created.body.id}`)).status).toBe(404);

  const context = await browser.newContext({ viewport: viewports.desktop });
  const { page, problems } = await watchedPage(context);
  await signInAsStaff(page, platform, 'paris', 'staff@paris.example');
  const item = page.locator('#queue li', { hasText: title });
  await expectVisible(item);
  await expectText(item, 'À vérifier : un numéro de téléphone');
  await expectVisible(page.locator('svg.chart'));
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'equipe-moderation-1280');

  await page.getByRole('button', { name: `Publier : ${title}` }).click();
  await expectText(page.locator('#staff-status'), `Annonce publiée : « ${title} »`);
  const published = await platform.api('paris', `/posts/${created.body.id}`);
  expect(published.status).toBe(200);
  expect(published.body.title).toBe(title);
  expect(problems).toEqual([]);
  await context.close();
});

it.each(Object.entries(viewports))(
  'posts for a resident with the residents’ form, edits it, hides it, and it leaves the search (%s)',
  async (width, viewport) => {
    const title = `Cherche compagnie pour la promenade (${width})`;
    const context = await browser.newContext({ viewport });
    const { page, problems } = await watchedPage(context);
    await signInAsStaff(page, platform, 'courbevoie', 'staff@courbevoie.example');

    // A phone call to the town hall: the residents' form, the resident's name and no e-mail.
    await page.getByRole('button', { name: 'Saisir une annonce pour un habitant' }).click();
    await expectVisible(page.locator('#on-behalf .leaflet-container'));
    expect(await page.locator('#on-behalf').getByLabel('Votre adresse e-mail').count()).toBe(0);
    await page.getByRole('button', { name: 'Publier l’annonce pour l’habitant' }).click();
    await expectText(page.locator('#title-error'), 'Ce champ est obligatoire.', { whole: true });
    await expectText(page.locator('#name-error'), 'Ce champ est obligatoire.', { whole: true });
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Demandes d’aide').check();
    await page.getByLabel('Catégorie').selectOption('other');
    // Labels within the form: the search of every post has 'Mots du titre ou de la description'.
    await page.locator('#on-behalf').getByLabel('Titre').fill(title);
    await page.locator('#on-behalf').getByLabel('Description').fill('Madame M. aimerait marcher au parc de Bécon le mardi après-midi.');
    await page.getByLabel('Adresse ou lieu').fill('place Charras');
    await page.getByRole('button', { name: 'Chercher l’adresse' }).click();
    await page.getByRole('button', { name: 'Place Charras, 92400 Courbevoie' }).click();
    await expectText(page.locator('#location-point'), 'Point choisi : Place Charras, 92400 Courbevoie.', { whole: true });
    await page.getByLabel('Prénom ou initiales de l’habitant').fill('Mme M.');
    // What the team keeps of the call: a phone that is not one is refused at its field.
    await page.getByLabel('Téléphone de l’appelant (pour l’équipe, facultatif)').fill('demain matin');
    await page.getByRole('button', { name: 'Publier l’annonce pour l’habitant' }).click();
    await expectText(page.locator('#caller-phone-error'), 'Valeur refusée. Vérifiez ce champ.', { whole: true });
    await page.getByLabel('Téléphone de l’appelant (pour l’équipe, facultatif)').fill('01 47 68 33 44');
    await page.getByLabel('Note pour l’équipe (facultatif)').fill('Préfère être appelée le matin.');
    await page.getByRole('button', { name: 'Publier l’annonce pour l’habitant' }).click();
    await expectText(page.locator('#on-behalf-done'), `Annonce publiée pour l’habitant : « ${title} »`);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `equipe-pour-un-habitant-${viewport.width}`);

    // It is public at once.
    await page.getByRole('link', { name: 'Voir l’annonce publiée' }).click();
    await rendered(page);
    await expectText(page.getByRole('heading', { level: 1 }), title, { whole: true });
    await expectText(page.locator('main'), 'par Mme M.');
    expect(await page.locator('main').textContent()).not.toContain('01 47 68');
    expect(await page.locator('main').textContent()).not.toContain('Préfère être appelée');
    const postId = new URL(page.url()).searchParams.get('post')!;
    const search = `${platform.url}/t/courbevoie/recherche.html?where=${encodeURIComponent('place Charras')}&radiusKm=2`;
    await page.goto(search);
    await rendered(page);
    await expectVisible(page.locator('#results li', { hasText: title }));

    // Its record: staff correct the title, then hide it.
    await page.goto(`${platform.url}/t/courbevoie/equipe.html?post=${postId}`);
    await rendered(page);
    await expectText(page.locator('#annonce'), title, { whole: true });
    await expectText(page.locator('#staff-post'), 'Saisie par l’équipe pour un habitant.');
    await expectText(page.locator('#caller'), 'Préfère être appelée le matin.');
    await expectAttribute(page.locator('#caller a'), 'href', 'tel:0147683344');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `equipe-fiche-${viewport.width}`);
    const corrected = `${title} – corrigé`;
    await page.locator('#edit-form').getByLabel('Titre').fill(corrected);
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await expectText(page.locator('#staff-status'), `Modifications enregistrées : « ${corrected} »`);
    expect((await platform.api('courbevoie', `/posts/${postId}`)).body.title).toBe(corrected);

    await page.getByRole('button', { name: 'Masquer', exact: true }).click();
    await page.getByLabel('Motif (pour l’équipe, facultatif)').fill('Doublon d’une autre annonce.');
    await page.getByRole('button', { name: 'Confirmer : masquer l’annonce' }).click();
    await expectText(page.locator('#staff-status'), `Annonce masquée : « ${corrected} »`);
    await expectText(page.locator('#staff-post .meta').first(), 'masquée');
    expect(await axeViolations(page)).toEqual([]);
    expect((await platform.api('courbevoie', `/posts/${postId}`)).status).toBe(404);
    // Back in the queue, waiting for a decision, its status in words.
    await page.getByRole('link', { name: 'Retour à l’espace de l’équipe' }).click();
    await rendered(page);
    await expectText(page.locator('#queue li', { hasText: corrected }), 'Autre · masquée');
    await page.goto(search);
    await rendered(page);
    await expectText(page.locator('#results-status'), 'annonce');
    expect(await page.locator('#results li', { hasText: corrected }).count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  },
);

it.each(Object.entries(viewports))(
  'finds any post by its words and opens its record; lists a reported conversation and closes it (%s)',
  async (width, viewport) => {
    const author = `auteur-${width}@example.org`;
    const resident = `voisin-${width}@example.net`;
    const { postId } = await publishPost(platform, 'courbevoie', author, { lat: 48.8975, lon: 2.2525 }, `Tricot de chaussettes (${width})`);
    const contact = await platform.api('courbevoie', `/posts/${postId}/contact`, {
      method: 'POST',
      body: { name: `Voisin ${width}`, email: resident, message: 'Bonjour !' },
    });
    expect(contact.status).toBe(202);
    const alias = mailsTo(await platform.outbox(), author)
      .at(-1)!
      .replyTo[0]!.split('@')[0]!;
    expect((await platform.api('courbevoie', `/posts/${postId}/report-message`, { method: 'POST', body: { alias } })).status).toBe(202);
    // A reply in the author's name that SES's DMARC check refused: the platform lists it too.
    const spoofed = await deliverInbound(
      platform,
      rawMail({ from: author, to: `${alias}@courbevoie.relay.entraide.localhost`, subject: 'Re', text: 'Payez ici' }),
      { dmarc: 'FAIL' },
    );
    expect(spoofed.body).toMatchObject({ dropped: ['spoofed'] });

    const context = await browser.newContext({ viewport });
    const { page, problems } = await watchedPage(context);
    await signInAsStaff(page, platform, 'courbevoie', 'staff@courbevoie.example');

    // Every post: words of its text, whatever the accents, and a state.
    await page.getByLabel('Mots du titre ou de la description').fill('TRICOT chaussettes');
    await page.getByLabel('État', { exact: true }).selectOption('published');
    await page.getByRole('button', { name: 'Chercher', exact: true }).click();
    const found = page.locator('#all-posts li', { hasText: `Tricot de chaussettes (${width})` });
    await expectVisible(found);
    await expectText(page.locator('#all-posts'), 'publiée');
    expect(await axeViolations(page)).toEqual([]);

    // The reported conversation (the digest's #signalements), closed in one click.
    const listed = page.locator('#reported-conversations li', { hasText: `Tricot de chaussettes (${width})` });
    const reported = listed.filter({ hasText: 'par l’auteur de l’annonce' });
    await expectText(reported, `conversation avec Voisin ${width}`);
    await expectText(listed.filter({ hasText: 'contrôles d’expéditeur' }), `conversation avec Voisin ${width}`);
    expect(await reported.textContent()).not.toContain('@');
    // Staff write to the resident through the relay, from the list.
    await reported.getByRole('button', { name: `Écrire à une des personnes : Tricot de chaussettes (${width})` }).click();
    await reported.getByLabel('Message', { exact: true }).fill(`Merci de rester courtois (${width}).`);
    await reported.getByRole('button', { name: 'Envoyer par le relais' }).click();
    await expectText(reported, 'Message envoyé par le relais');
    expect(mailsTo(await platform.outbox(), resident).at(-1)!.body.text).toContain(`Merci de rester courtois (${width}).`);
    expect(await axeViolations(page)).toEqual([]);
    await reported.getByRole('button', { name: `Clore la conversation : Tricot de chaussettes (${width})` }).click();
    await expectText(page.locator('#reported-status'), 'Conversation close');
    // The list is read again after the close: the conversation has left it.
    await expectCount(
      page.locator('#reported-conversations li', { hasText: `Tricot de chaussettes (${width})` }),
      (count) => count === 0,
      'no longer listed',
    );
    const delivered = await deliverInbound(
      platform,
      rawMail({ from: author, to: `${alias}@courbevoie.relay.entraide.localhost`, subject: 'Re', text: 'Toujours là ?' }),
    );
    expect(delivered.body).toMatchObject({ delivered: 0 });
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `equipe-signalements-${viewport.width}`);

    // Its record opens from the list.
    await found.getByRole('link', { name: `Ouvrir la fiche : Tricot de chaussettes (${width})` }).click();
    await rendered(page);
    await expectText(page.locator('#annonce'), `Tricot de chaussettes (${width})`, { whole: true });

    // Staff write to the author from the record: an empty message is refused at its field, then it goes by the relay.
    await page.getByRole('button', { name: 'Envoyer à l’auteur' }).click();
    await expectText(page.locator('#write-message-error'), 'Ce champ est obligatoire.', { whole: true });
    await page.getByLabel('Message', { exact: true }).fill(`Pouvez-vous préciser le quartier ? (${width})`);
    await page.getByRole('button', { name: 'Envoyer à l’auteur' }).click();
    await expectText(page.locator('#write-sent'), 'Message envoyé à l’auteur.');
    expect(await page.getByLabel('Message', { exact: true }).inputValue()).toBe('');
    expect(await axeViolations(page)).toEqual([]);
    const toAuthor = mailsTo(await platform.outbox(), author).at(-1)!;
    expect(toAuthor.body.text).toContain(`Pouvez-vous préciser le quartier ? (${width})`);
    expect(JSON.stringify(toAuthor)).not.toContain('staff@courbevoie.example');
    expect(problems).toEqual([]);
    await context.close();
  },
);

it.each(Object.entries(viewports))(
  'searches every post, opens one taken by phone, answers “did the help happen?” for the caller and closes it with its outcome (%s)',
  async (width, viewport) => {
    const title = `Courses de Mme R. (${width})`;
    const session = await staffSignIn(platform, 'courbevoie');
    const created = await platform.api('courbevoie', '/staff/posts', {
      method: 'POST',
      token: session,
      body: phonedPostBody({ title, author: { name: 'Mme R.' }, caller: { phone: '01 47 68 55 66' } }),
    });
    expect(created.status).toBe(201);
    const context = await browser.newContext({ viewport });
    const { page, problems } = await watchedPage(context);
    await signInAsStaff(page, platform, 'courbevoie', 'staff@courbevoie.example');

    await page.getByLabel('Mots du titre ou de la description').fill(`courses mme r ${width}`);
    await page.getByRole('button', { name: 'Chercher', exact: true }).click();
    const found = page.locator('#all-posts li', { hasText: title });
    await found.getByRole('link', { name: `Ouvrir la fiche : ${title}` }).click();
    await rendered(page);
    await expectText(page.locator('#annonce'), title, { whole: true });
    await expectText(page.locator('#caller'), '01 47 68 55 66');
    expect(await axeViolations(page)).toEqual([]);

    // Staff called Mme R.: the help happened; they answer for her, then close the post with that outcome.
    await page.getByLabel('Réponse de l’habitant').selectOption('yes');
    await page.getByRole('button', { name: 'Enregistrer la réponse' }).click();
    await expectText(page.locator('#staff-status'), 'Réponse enregistrée : Oui, l’aide a eu lieu.');
    await expectText(page.locator('#follow-up-answer-shown'), 'réponse de l’équipe');
    expect(await page.locator('#follow-up-form').isVisible()).toBe(false);

    await page.getByLabel('Issue').selectOption('fulfilled');
    await page.getByRole('button', { name: 'Clore avec cette issue' }).click();
    await expectText(page.locator('#staff-status'), `Annonce close : « ${title} » (L’aide a eu lieu).`);
    await expectText(page.locator('#closed-as'), 'L’aide a eu lieu');
    await expectText(page.locator('#staff-post .meta').first(), 'close');
    expect(await page.locator('#close-form').isVisible()).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `equipe-clore-${viewport.width}`);
    expect((await platform.api('courbevoie', `/posts/${created.body.id}`)).status).toBe(404);
    expect(problems).toEqual([]);
    await context.close();
  },
);

/** A day as the site writes it in French ("6 décembre 2026"). */
const frenchDay = (day: string) => new Date(day).toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' });

it.each(Object.entries(viewports))(
  'shows the figures of a chosen period: breakdowns, the chart of posts and connections, and the whole CSV for an admin (%s)',
  async (width, viewport) => {
    const session = await staffSignIn(platform, 'courbevoie');
    const title = `Ordonnance à chercher (${width})`;
    const created = await platform.api('courbevoie', '/staff/posts', {
      method: 'POST',
      token: session,
      body: phonedPostBody({ title, category: 'medicines', section: 'entraide', caller: { phone: '01 47 68 77 88' } }),
    });
    expect(created.status).toBe(201);
    const path = `/staff/posts/${created.body.id}`;
    await platform.api('courbevoie', `${path}/follow-up`, { method: 'POST', token: session, body: { answer: 'in_touch' } });
    await platform.api('courbevoie', `${path}/close`, { method: 'POST', token: session, body: { outcome: 'no_answer' } });

    const context = await browser.newContext({ viewport });
    const { page, problems } = await watchedPage(context);
    await signInAsStaff(page, platform, 'courbevoie', 'admin@courbevoie.example');
    // Days as the figures count them: in the tenant's time zone (Paris is already tomorrow late in the UTC evening).
    const today = tenantDay(courbevoieTenant(), new Date());
    const weekAgo = tenantDay(courbevoieTenant(), new Date(Date.now() - 6 * 86_400_000));

    await expectText(page.locator('#figures-period'), 'Chiffres du');
    // A start after the end is refused at its field, before anything is asked of the API.
    await page.getByLabel('Du', { exact: true }).fill(today);
    await page.getByLabel('Au (inclus)').fill(weekAgo);
    await page.getByRole('button', { name: 'Afficher les chiffres' }).click();
    await expectText(page.locator('#period-from-error'), 'Choisissez un début au plus tard le jour de fin.', { whole: true });

    await page.getByLabel('Du', { exact: true }).fill(weekAgo);
    await page.getByLabel('Au (inclus)').fill(today);
    await page.getByRole('button', { name: 'Afficher les chiffres' }).click();
    await expectText(page.locator('#figures-period'), `Chiffres du ${frenchDay(weekAgo)} au ${frenchDay(today)}.`, { whole: true });
    await expectText(page.locator('#breakdown-category'), 'Médicaments');
    await expectText(page.locator('#breakdown-section'), 'Entraide entre habitants');
    await expectText(page.locator('#breakdown-kind'), 'Demandes d’aide');
    await expectText(page.locator('#breakdown-status'), 'close');
    await expectText(page.locator('#breakdown-outcome'), 'Sans réponse de l’habitant');
    await expectText(page.locator('#breakdown-follow-up'), 'Nous sommes en contact');
    // Seven days, two bars a day (posts created, connections), and their table.
    await expectCount(page.locator('svg.chart > rect'), (count) => count === 14, '14 bars');
    await expectText(page.locator('.chart-legend'), 'Mises en relation');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `equipe-chiffres-${viewport.width}`);

    // The whole CSV of the period, with the caller's phone for the admin who asks for personal data.
    await page.getByLabel('Avec les données personnelles', { exact: false }).check();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exporter toutes les annonces de la période (CSV, pour Excel)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`entraide-courbevoie-${weekAgo}-${today}.csv`);
    const file = await readFile((await download.path())!);
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = file.toString('utf8');
    expect(text).toContain(title);
    expect(text).toContain('01 47 68 77 88');
    expect(text).toContain('sans réponse');

    // A period before anything was posted: nothing in it.
    await page.getByLabel('Du', { exact: true }).fill('2025-01-01');
    await page.getByLabel('Au (inclus)').fill('2025-01-31');
    await page.getByRole('button', { name: 'Afficher les chiffres' }).click();
    await expectText(page.locator('#figures-period'), 'Chiffres du 1 janvier 2025 au 31 janvier 2025.', { whole: true });
    await expectText(page.locator('#breakdown-category'), 'Aucune sur la période.');
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  },
);

it.each(Object.entries(viewports))(
  'an admin adds a colleague from the team section, then removes them: their open session is refused (%s)',
  async (width, viewport) => {
    const colleague = `collegue-${width}@courbevoie.example`;
    const context = await browser.newContext({ viewport });
    const { page, problems } = await watchedPage(context);
    await signInAsStaff(page, platform, 'courbevoie', 'admin@courbevoie.example');
    await expectText(page.locator('#team-members'), 'admin@courbevoie.example · administrateur (vous)');

    // A bad address is refused at its field.
    await page.getByLabel('Adresse e-mail', { exact: false }).fill('pas-une-adresse');
    await page.getByRole('button', { name: 'Ajouter ou changer le rôle' }).click();
    await expectText(page.locator('#team-email-error'), 'Valeur refusée. Vérifiez ce champ.', { whole: true });

    await page.getByLabel('Adresse e-mail', { exact: false }).fill(colleague);
    await page.getByLabel('Rôle').selectOption('staff');
    await page.getByRole('button', { name: 'Ajouter ou changer le rôle' }).click();
    await expectText(page.locator('#staff-status'), `${colleague} fait partie de l’équipe.`);
    await expectText(page.locator('#team-members'), `${colleague} · équipe`);
    await expectText(page.locator('#team-audit'), `admin@courbevoie.example : ${colleague} → équipe.`);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `equipe-equipe-${viewport.width}`);

    // The colleague signs in; the admin removes them; their next request is refused.
    const theirs = await staffSignIn(platform, 'courbevoie', colleague);
    expect((await platform.api('courbevoie', '/staff/me', { token: theirs })).status).toBe(200);
    await page.getByRole('button', { name: `Retirer : ${colleague}` }).click();
    await expectText(page.locator('#staff-status'), `${colleague} ne fait plus partie de l’équipe.`);
    await expectCount(page.locator('#team-members li', { hasText: colleague }), (count) => count === 0, 'no longer listed');
    expect((await platform.api('courbevoie', '/staff/me', { token: theirs })).status).toBe(401);
    expect(await axeViolations(page)).toEqual([]);

    // The admin closes a section (yesterday as its last day), then opens it again (no last day).
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const entraide = page.locator('#section-dates form', { hasText: 'Entraide entre habitants' });
    await entraide.getByLabel('Dernier jour').fill(yesterday);
    await entraide.getByRole('button', { name: 'Enregistrer les dates : Entraide entre habitants' }).click();
    await expectText(page.locator('#staff-status'), 'Dates enregistrées : « Entraide entre habitants ».');
    await expectText(page.locator('#section-dates form', { hasText: 'Entraide entre habitants' }).locator('h3'), 'fermée');
    await expectText(page.locator('#section-audit'), `admin@courbevoie.example : entraide, premier jour aucun, dernier jour ${yesterday}.`);
    const config = await platform.api('courbevoie', '/config');
    expect(config.body.sections.find((section: { id: string }) => section.id === 'entraide').state).toBe('ended');
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('#section-dates form', { hasText: 'Entraide entre habitants' }).getByLabel('Dernier jour').fill('');
    await page.getByRole('button', { name: 'Enregistrer les dates : Entraide entre habitants' }).click();
    await expectText(page.locator('#section-dates form', { hasText: 'Entraide entre habitants' }).locator('h3'), 'ouverte');
    expect(problems).toEqual([]);
    await context.close();
  },
);
