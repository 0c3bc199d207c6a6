import { api, explain, tenantConfig } from '../api.js';
import { h, params } from '../dom.js';
import { t } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';
import { matchesSection } from '../matches-section.js';
import { schemas } from '../schemas.js';

interface OwnPost {
  id: string;
  kind: 'offer' | 'request';
  category: string;
  location: { lat: number; lon: number };
  author: { email: string };
}

runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: t('verify.title'), tenant: config });
  const status = h('p', { role: 'status', className: 'notice' }, t('verify.working'));
  main.append(status);
  const postId = params.get('post') ?? '';
  const token = params.get('token') ?? '';
  let published = false;
  try {
    const result = await api<{ status: string }>('POST', `/posts/${encodeURIComponent(postId)}/verify`, { token });
    status.className = 'notice success';
    published = result.status === 'published';
    status.textContent = published ? t('verify.published') : t('verify.moderation');
  } catch (error) {
    status.className = 'notice error';
    status.textContent = explain(error);
  }
  main.append(
    h('p', {}, t('verify.keep')),
    h('p', {}, h('a', { href: pageLink('gerer.html', { post: postId, token }), id: 'manage-link' }, t('verify.manage'))),
  );
  if (!published) return;
  // The posts that already answer this one, and one tap to hear of the next ones.
  const own = await api<OwnPost>('GET', `/posts/${encodeURIComponent(postId)}/own`, undefined, token);
  const other = own.kind === 'offer' ? 'request' : 'offer';
  const alertStatus = h('div', { role: 'status', id: 'match-alert-status' });
  const alertButton = h(
    'button',
    { type: 'button', className: 'secondary', id: 'match-alert' },
    t(other === 'request' ? 'verify.alertRequests' : 'verify.alertOffers', { km: config.matchingDistanceKm }),
  );
  alertButton.addEventListener('click', () => {
    void (async () => {
      const { createAlertSchema } = await schemas();
      const body = createAlertSchema.parse({
        email: own.author.email,
        near: own.location,
        radiusKm: Math.min(config.matchingDistanceKm, config.area.radiusKm),
        category: own.category,
        kind: other,
      });
      try {
        await api('POST', '/alerts', body);
        alertButton.hidden = true;
        alertStatus.replaceChildren(h('p', { className: 'notice success' }, t('alert.sent')));
      } catch (error) {
        alertStatus.replaceChildren(h('p', { className: 'notice error', role: 'alert' }, explain(error)));
      }
    })();
  });
  main.append(matchesSection(own, config), alertButton, alertStatus);
});
