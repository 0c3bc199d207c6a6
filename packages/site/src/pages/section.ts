import type { PublicSection, PublicTenantConfig } from '@entraide/core/schemas';
import { api, tenantConfig, type Page, type PublicListingView, type PublicPostView } from '../api.js';
import { append, h, params } from '../dom.js';
import { localised, t } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';
import { listingSummary } from '../listing-view.js';
import { postSummary } from '../post-view.js';
import { pagedList, sectionById, sectionDates, sectionStateNotice } from '../section-view.js';

/**
 * A section's page (`rubrique.html?id=…`): its title, description and dates, whether it takes
 * entries today, then what it holds, newest first with paging. Each type of section draws its body;
 * a closed section's entries stay readable until they expire.
 */

type SectionBody = (config: PublicTenantConfig, section: PublicSection) => HTMLElement;

/** A section of residents' posts: publish in it (while open), and its posts. */
const postsBody: SectionBody = (config, section) =>
  h(
    'div',
    {},
    section.state === 'open'
      ? h(
          'div',
          { className: 'actions big' },
          h('a', { className: 'button', href: pageLink('publier.html', { kind: 'offer', section: section.id }) }, t('tenant.offer')),
          h('a', { className: 'button', href: pageLink('publier.html', { kind: 'request', section: section.id }) }, t('tenant.request')),
        )
      : null,
    section.audience === 'health_workers'
      ? h('p', {}, h('a', { href: pageLink('soignants.html') }, `${t('hw.housingTitle')} · ${t('hw.recognitionTitle')}`))
      : null,
    h('h2', { id: 'section-items-title' }, t('section.posts')),
    pagedList<PublicPostView>({
      fetchPage: (cursor) =>
        api<Page<PublicPostView>>(
          'GET',
          `/posts?${new URLSearchParams({ section: section.id, limit: '10', ...(cursor ? { cursor } : {}) })}`,
        ),
      render: (post) => postSummary(post, config),
      none: t('tenant.none'),
      more: t('tenant.more'),
    }),
  );

/** A section of missions: the missions to come and their shifts, and the form of those who want to help. */
const missionsBody: SectionBody = () =>
  h(
    'div',
    { className: 'actions big' },
    h('a', { className: 'button', href: pageLink('missions.html') }, t('missions.title')),
    h('a', { className: 'button', href: pageLink('aider.html') }, t('wish.title')),
  );

/** A section of the directory: who delivers to me, enter a listing (while open), and its listings. */
const directoryBody: SectionBody = (config, section) =>
  h(
    'div',
    {},
    h(
      'div',
      { className: 'actions big' },
      h('a', { className: 'button', href: pageLink('livraison.html', { section: section.id }) }, t('deliveries.title')),
      section.state === 'open'
        ? h(
            'a',
            { className: 'button secondary', href: pageLink('inscrire-commerce.html', { section: section.id }) },
            t('section.addListing'),
          )
        : null,
    ),
    h('h2', { id: 'section-items-title' }, t('section.listings')),
    pagedList<PublicListingView>({
      fetchPage: (cursor) =>
        api<Page<PublicListingView>>(
          'GET',
          `/listings?${new URLSearchParams({ section: section.id, limit: '10', ...(cursor ? { cursor } : {}) })}`,
        ),
      render: (listing) => listingSummary(listing, config),
      none: t('section.noListings'),
      more: t('tenant.more'),
    }),
  );

/** A campaign with kits: its page, where volunteers sign up and see the pick-up points. */
const campaignBody: SectionBody = (_config, section) =>
  h(
    'div',
    { className: 'actions big' },
    h('a', { className: 'button', href: pageLink('campagne.html', { id: section.id }) }, t('campaign.join')),
  );

/** A gallery of drawings: the gallery itself, and the form that sends one (while open). */
const galleryBody: SectionBody = (_config, section) =>
  h(
    'div',
    { className: 'actions big' },
    h('a', { className: 'button', href: pageLink('galerie.html', { section: section.id }) }, t('gallery.view')),
    section.state === 'open'
      ? h('a', { className: 'button secondary', href: pageLink('envoyer-dessin.html', { section: section.id }) }, t('gallery.send'))
      : null,
  );

/** What each type of section shows; a type whose page is not built yet says so. */
const sectionBodies: Partial<Record<PublicSection['type'], SectionBody>> = {
  posts: postsBody,
  missions: missionsBody,
  directory: directoryBody,
  campaign: campaignBody,
  gallery: galleryBody,
};

runPage(async () => {
  const config = await tenantConfig();
  const section = sectionById(config, params.get('id'));
  if (!section) {
    const main = frame({ title: t('error.not_found'), tenant: config });
    main.append(h('p', {}, t('error.unknown_section')), h('p', {}, h('a', { href: pageLink('') }, t('nav.home'))));
    return;
  }
  const main = frame({ title: localised(section.title), tenant: config });
  const dates = sectionDates(section);
  const body = sectionBodies[section.type];
  append(
    main,
    section.description ? h('p', { className: 'lead' }, localised(section.description)) : null,
    dates ? h('p', { className: 'meta' }, dates) : null,
    sectionStateNotice(section),
    body ? body(config, section) : h('p', {}, t('section.notYet')),
  );
});
