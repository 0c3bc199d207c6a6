import { api, explain, tenantConfig, type PublicListingView } from '../api.js';
import { append, h, params } from '../dom.js';
import { formatDate, localised, t } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';
import { listingWays, orderingLinks } from '../listing-view.js';
import { categoryLabel } from '../post-view.js';
import { sectionById, sectionTag } from '../section-view.js';

/** A listing's page (`commerce.html?id=…`): what it sells, how to order (phone to dial, website), where it delivers. */
runPage(async () => {
  const config = await tenantConfig();
  let listing: PublicListingView;
  try {
    listing = await api<PublicListingView>('GET', `/listings/${encodeURIComponent(params.get('id') ?? '')}`);
  } catch (error) {
    const main = frame({ title: t('error.not_found'), tenant: config });
    main.append(h('p', {}, explain(error)), h('p', {}, h('a', { href: pageLink('') }, t('nav.home'))));
    return;
  }
  const main = frame({ title: listing.name, tenant: config });
  const zone = listing.deliveryZone;
  const zoneWords = [
    zone.radiusKm === undefined ? null : t('listing.radius', { km: zone.radiusKm }),
    zone.communes?.length ? t('listing.communes', { communes: zone.communes.map((commune) => commune.name).join(', ') }) : null,
  ].filter((part) => part !== null);
  const section = sectionById(config, listing.section);
  append(
    main,
    h(
      'p',
      { className: 'meta' },
      listing.categories.map((category) => categoryLabel(config, category)).join(', '),
      ' · ',
      sectionTag(config, listing.section),
    ),
    h('p', { className: 'lead' }, listing.description),
    h('h2', {}, t('listing.order')),
    orderingLinks(listing),
    listing.hours ? h('p', {}, `${t('listing.hours')} ${listing.hours}`) : null,
    h('p', {}, listingWays(listing)),
    h('h2', {}, t('listing.zone')),
    h('p', {}, zoneWords.join(' ; ')),
    h('p', {}, h('a', { href: pageLink('livraison.html', section ? { section: section.id } : {}) }, t('deliveries.title'))),
    h('h2', {}, t('listing.address')),
    h('address', {}, listing.address),
    h('p', { className: 'meta' }, t('listing.updated', { date: formatDate(listing.updatedAt) })),
    section ? h('p', {}, h('a', { href: pageLink('rubrique.html', { id: section.id }) }, localised(section.title))) : null,
  );
});
