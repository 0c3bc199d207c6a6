import type { PublicTenantConfig } from '@entraide/core/schemas';
import type { PublicPostView } from './api.js';
import { h } from './dom.js';
import { formatDate, formatKm, localised, t } from './i18n.js';
import { pageLink } from './layout.js';
import { sectionTag } from './section-view.js';

export const categoryLabel = (config: PublicTenantConfig, id: string): string =>
  localised(config.categories.find((category) => category.id === id)?.label) || id;

export const kindLabel = (kind: string): string => (kind === 'offer' ? t('kind.offer') : kind === 'request' ? t('kind.request') : kind);

export const excerpt = (text: string, max = 180): string => (text.length > max ? `${text.slice(0, max)}…` : text);

/** One post in a list: kind in words and with a badge shape (never by colour alone), title as link. */
export function postSummary(post: PublicPostView, config: PublicTenantConfig, headingLevel: 'h2' | 'h3' = 'h3'): HTMLLIElement {
  return h(
    'li',
    { className: `post post-${post.kind}` },
    h(
      'p',
      { className: 'meta' },
      h('span', { className: `badge badge-${post.kind}` }, kindLabel(post.kind)),
      ` ${categoryLabel(config, post.category)}`,
      post.distanceKm === undefined ? null : ` · ${t('post.distance', { distance: formatKm(post.distanceKm) })}`,
      post.section ? ' · ' : null,
      sectionTag(config, post.section),
    ),
    h(headingLevel, {}, h('a', { href: pageLink('annonce.html', { post: post.id }) }, post.title)),
    h('p', {}, excerpt(post.description)),
    h('p', { className: 'meta' }, t('post.by', { name: post.authorName, date: formatDate(post.createdAt) })),
  );
}
