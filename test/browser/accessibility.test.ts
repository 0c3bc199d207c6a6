import type { Page } from 'playwright-core';
import { verificationLink } from '../support/platform.js';
import {
  axeViolations,
  expectText,
  expectVisible,
  rendered,
  screenshot,
  viewports,
  watchedPage,
  type AxeViolation,
  useBrowserPlatform,
} from './browser.js';

/**
 * Every page, in each state a resident meets (empty, with errors, with results, none, success),
 * at phone and desktop widths: axe-core finds nothing, and a screenshot is kept.
 */
let post: { id: string; token: string };

const { platform, browser } = useBrowserPlatform({ seed: true });
beforeAll(async () => {
  const created = await platform.api('courbevoie', '/posts', {
    method: 'POST',
    body: {
      kind: 'request',
      category: 'medicines',
      title: 'Chercher mes médicaments à la pharmacie',
      description: 'Ordonnance prête à la pharmacie de la place Charras.\nMerci !',
      location: { lat: 48.8985, lon: 2.2551 },
      author: { name: 'Odette', email: 'odette@example.org' },
    },
  });
  const link = await verificationLink(platform, 'odette@example.org');
  post = { id: created.body.id, token: link.token };
});

interface PageState {
  name: string;
  path: () => string;
  /** What to do once the page has rendered, to reach the state. */
  act?: (page: Page) => Promise<void>;
  english?: boolean;
}

const states: PageState[] = [
  { name: 'accueil', path: () => '/' },
  { name: 'collectivite', path: () => '/t/courbevoie/' },
  { name: 'collectivite-en', path: () => '/t/courbevoie/', english: true },
  {
    name: 'publier',
    path: () => '/t/courbevoie/publier.html?kind=offer',
    act: (page) => expectVisible(page.locator('.leaflet-container')),
  },
  {
    name: 'publier-erreurs',
    path: () => '/t/courbevoie/publier.html?kind=request',
    act: async (page) => {
      await page.getByLabel('Votre adresse e-mail').fill('pas-une-adresse');
      await page.getByRole('button', { name: 'Envoyer mon annonce' }).click();
      await expectVisible(page.locator('.error-summary'));
    },
  },
  { name: 'recherche', path: () => '/t/courbevoie/recherche.html', act: (page) => expectVisible(page.locator('.leaflet-container')) },
  {
    name: 'recherche-vide',
    path: () => '/t/courbevoie/recherche.html?where=gare+becon&radiusKm=1&category=paperwork&kind=request',
    act: (page) => expectVisible(page.getByRole('button', { name: 'Élargir à 2 km' })),
  },
  // The first visit confirms the post (success); the second finds the link already used (error).
  {
    name: 'verifier',
    path: () => `/t/courbevoie/verifier.html?post=${post.id}&token=${post.token}`,
    act: (page) => expectVisible(page.locator('.notice.success, .notice.error')),
  },
  { name: 'annonce', path: () => `/t/courbevoie/annonce.html?post=${post.id}` },
  {
    name: 'annonce-contact-erreurs',
    path: () => `/t/courbevoie/annonce.html?post=${post.id}`,
    act: async (page) => {
      await page.getByRole('button', { name: 'Envoyer le message' }).click();
      await expectVisible(page.locator('.error-summary'));
    },
  },
  {
    name: 'annonce-signaler',
    path: () => `/t/courbevoie/annonce.html?post=${post.id}`,
    act: async (page) => {
      await page.locator('#report-title ~ details > summary').click();
      await page.getByRole('button', { name: 'Signaler', exact: true }).click();
      await expectVisible(page.getByText('l’équipe de la collectivité va examiner cette annonce'));
    },
  },
  {
    name: 'suivi',
    path: () => `/t/courbevoie/suivi.html?post=${post.id}&token=${'x'.repeat(20)}&answer=yes`,
    act: (page) => expectVisible(page.locator('.notice.error')),
  },
  {
    name: 'alerte-lien-invalide',
    path: () => `/t/courbevoie/alerte.html?alert=inconnue12345&token=${'x'.repeat(20)}`,
    act: (page) => expectVisible(page.locator('.notice.error')),
  },
  {
    name: 'signaler-message-lien-invalide',
    path: () => `/t/courbevoie/signaler-message.html?post=${post.id}&alias=invalide`,
    act: (page) => expectVisible(page.locator('.notice.error')),
  },
  { name: 'annonce-introuvable', path: () => '/t/courbevoie/annonce.html?post=inconnue12345' },
  {
    name: 'gerer',
    path: () => `/t/courbevoie/gerer.html?post=${post.id}&token=${post.token}`,
    act: (page) => expectVisible(page.locator('#edit-form')),
  },
  {
    name: 'gerer-supprimer',
    path: () => `/t/courbevoie/gerer.html?post=${post.id}&token=${post.token}`,
    act: async (page) => {
      await page.getByRole('button', { name: 'Supprimer définitivement' }).click();
      await expectVisible(page.locator('#delete-confirm'));
    },
  },
  { name: 'accessibilite', path: () => '/t/courbevoie/accessibilite.html' },
  { name: 'confidentialite', path: () => '/confidentialite.html' },
  {
    name: 'confidentialite-namur',
    path: () => '/t/namur/confidentialite.html',
    act: async (page) => {
      await expectText(page.locator('main'), 'Province de Namur');
      await expectText(page.locator('main'), 'Autorité de protection des données (APD/GBA)');
      // The period the table purges with (core's retentionAfterExpiryDays), not a copy of it.
      await expectText(page.locator('main'), 'effacées dans les 90 jours');
      // Alerts' end and the records that name no one: core's periods, the tenant's months.
      await expectText(page.locator('main'), 'Une alerte e-mail dure 6 mois après sa confirmation');
      await expectText(page.locator('main'), 'est gardé 400 jours');
    },
  },
  {
    name: 'alerte-garder',
    path: () => '/t/courbevoie/alerte.html?alert=alert0001&token=0123456789abcdef0123456789abcdef&action=renew',
    act: async (page) => {
      await expectText(page.locator('#alert-status'), 'Voulez-vous la garder 6 mois de plus ?');
      await expectVisible(page.getByRole('button', { name: 'Garder mon alerte' }));
    },
  },
  { name: 'affiche', path: () => '/t/deux-sevres/affiche.html?section=table-de-paques' },
  {
    name: 'collectivite-rubrique',
    path: () => '/t/deux-sevres/?section=table-de-paques',
    act: (page) => expectVisible(page.getByText('Rubrique : Votre table de Pâques')),
  },
  { name: 'rubrique', path: () => '/t/deux-sevres/rubrique.html?id=table-de-paques' },
  {
    name: 'rubrique-close',
    path: () => '/t/deux-sevres/rubrique.html?id=table-de-paques-2026',
    act: (page) => expectVisible(page.locator('#section-state')),
  },
  {
    name: 'livraison',
    path: () => '/t/deux-sevres/livraison.html?section=producteurs&where=Place%20de%20la%20Br%C3%A8che%2C%20Niort',
    act: (page) => expectVisible(page.locator('#deliveries-status')),
  },
  { name: 'inscrire-commerce', path: () => '/t/deux-sevres/inscrire-commerce.html?section=producteurs' },
  {
    name: 'inscrire-commerce-erreurs',
    path: () => '/t/deux-sevres/inscrire-commerce.html?section=producteurs',
    act: async (page) => {
      await page.getByRole('button', { name: 'Envoyer ma fiche' }).click();
      await expectVisible(page.locator('.error-summary'));
    },
  },
  { name: 'commerce-introuvable', path: () => '/t/deux-sevres/commerce.html?id=inconnue12345' },
  {
    name: 'gerer-commerce-lien-invalide',
    path: () => `/t/deux-sevres/gerer-commerce.html?listing=inconnue12345&token=${'x'.repeat(20)}`,
    act: (page) => expectVisible(page.locator('#listing-state')),
  },
  { name: 'equipe', path: () => '/t/courbevoie/equipe.html' },
];

it.each(Object.entries(viewports))('every page and state has no axe violation at %s width', async (width, viewport) => {
  const found: Record<string, AxeViolation[]> = {};
  const problems: string[] = [];
  for (const state of states) {
    const context = await browser.newContext({ viewport });
    if (state.english) await context.addInitScript(() => localStorage.setItem('entraide:lang', 'en'));
    const watched = await watchedPage(context);
    await watched.page.goto(`${platform.url}${state.path()}`);
    await rendered(watched.page);
    await state.act?.(watched.page);
    const violations = await axeViolations(watched.page);
    if (violations.length > 0) found[state.name] = violations;
    await screenshot(watched.page, `${state.name}-${viewport.width}`);
    problems.push(...watched.problems.map((problem) => `${state.name}: ${problem}`));
    await context.close();
  }
  expect(found).toEqual({});
  expect(problems).toEqual([]);
  expect(width).toBeTruthy();
});
