import { api, explain, tenantConfig } from '../api.js';
import { h, params } from '../dom.js';
import { t } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';

runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: t('verify.title'), tenant: config });
  const status = h('p', { role: 'status', className: 'notice' }, t('verify.working'));
  main.append(status);
  const postId = params.get('post') ?? '';
  const token = params.get('token') ?? '';
  try {
    const result = await api<{ status: string }>('POST', `/posts/${encodeURIComponent(postId)}/verify`, { token });
    status.className = 'notice success';
    status.textContent = result.status === 'published' ? t('verify.published') : t('verify.moderation');
  } catch (error) {
    status.className = 'notice error';
    status.textContent = explain(error);
  }
  main.append(
    h('p', {}, t('verify.keep')),
    h('p', {}, h('a', { href: pageLink('gerer.html', { post: postId, token }), id: 'manage-link' }, t('verify.manage'))),
  );
});
