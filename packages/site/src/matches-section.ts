import type { PublicTenantConfig } from '@entraide/core/schemas';
import { api, explain, type Page, type PublicPostView } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { postSummary } from './post-view.js';

/** "Posts that might match": the requests near an offer, or the offers near a request (`GET /posts/{id}/matches`). */
export function matchesSection(post: Pick<PublicPostView, 'id' | 'kind'>, config: PublicTenantConfig): HTMLElement {
  const list = h('ol', { className: 'posts', id: 'matches' });
  const status = h('p', { role: 'status', id: 'matches-status' }, t('loading'));
  const more = h('button', { type: 'button', className: 'secondary', hidden: true }, t('search.more'));
  let cursor: string | null = null;
  const load = async () => {
    try {
      const query = new URLSearchParams({ limit: '10', ...(cursor ? { cursor } : {}) });
      const page = await api<Page<PublicPostView>>('GET', `/posts/${encodeURIComponent(post.id)}/matches?${query}`);
      list.append(...page.items.map((match) => postSummary(match, config)));
      cursor = page.nextCursor;
      more.hidden = !cursor;
      status.textContent = list.childElementCount === 0 ? t('post.matchesNone') : t('search.count', { count: list.childElementCount });
    } catch (error) {
      status.textContent = explain(error);
    }
  };
  more.addEventListener('click', () => void load());
  void load();
  return h(
    'section',
    { 'aria-labelledby': 'matches-title' },
    h('h2', { id: 'matches-title' }, t('post.matchesTitle')),
    h('p', {}, t(post.kind === 'offer' ? 'post.matchesIntro.offer' : 'post.matchesIntro.request')),
    status,
    list,
    more,
  );
}
