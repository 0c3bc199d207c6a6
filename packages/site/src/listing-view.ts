import type { PublicTenantConfig } from '@entraide/core/schemas';
import type { PublicListingView } from './api.js';
import { h } from './dom.js';
import { formatKm, t, type MessageKey } from './i18n.js';
import { pageLink } from './layout.js';
import { categoryLabel, excerpt } from './post-view.js';
import { sectionTag } from './section-view.js';
import { phoneLink } from './tenant-contact.js';

/** A business's website, as a link that leaves the site (http/https only: the API refuses anything else). */
const websiteLink = (url: string): HTMLAnchorElement =>
  h('a', { href: url, rel: 'noopener nofollow ugc', className: 'website' }, url.replace(/^https?:\/\//, ''));

/** The page of one listing: `commerce.html?id=…`. */
export const listingLink = (id: string): string => pageLink('commerce.html', { id });

/** A weekday of the API (`mon`…`sun`) in words. */
export const dayLabel = (day: string): string => t(`day.${day}` as MessageKey);

/** "Livre samedi, dimanche · Retrait sur place": how it sells, in words. */
export function listingWays(listing: PublicListingView): string {
  const days = listing.deliveryDays.map(dayLabel).join(', ');
  return [
    listing.delivery ? (days ? t('listing.deliversOn', { days }) : t('listing.delivers')) : null,
    listing.clickAndCollect ? t('listing.clickAndCollect') : null,
  ]
    .filter((part) => part !== null)
    .join(' · ');
}

/** How to order: the phone (to dial), the website and the public email, each a link. */
export function orderingLinks(listing: PublicListingView): HTMLElement {
  const { phone, website, email } = listing.ordering;
  return h(
    'p',
    { className: 'ordering' },
    phone ? h('span', {}, `${t('contact.phone')} `, phoneLink(phone)) : null,
    website ? h('span', {}, `${t('listing.website')} `, websiteLink(website)) : null,
    email ? h('span', {}, `${t('contact.email')} `, h('a', { href: `mailto:${email}` }, email)) : null,
  );
}

/** One listing in a list: its name as link, what it sells, how far, how to order. */
export function listingSummary(listing: PublicListingView, config: PublicTenantConfig): HTMLLIElement {
  return h(
    'li',
    { className: 'post listing' },
    h(
      'p',
      { className: 'meta' },
      listing.categories.map((category) => categoryLabel(config, category)).join(', '),
      listing.distanceKm === undefined ? null : ` · ${t('post.distance', { distance: formatKm(listing.distanceKm) })}`,
      ' · ',
      sectionTag(config, listing.section),
    ),
    h('h3', {}, h('a', { href: listingLink(listing.id) }, listing.name)),
    h('p', {}, excerpt(listing.description)),
    h('p', { className: 'meta' }, listingWays(listing)),
    orderingLinks(listing),
  );
}
