import { api, tenantConfig } from '../api.js';
import { h, params } from '../dom.js';
import { t } from '../i18n.js';
import { frame, runPage } from '../layout.js';
import { postForm } from '../post-form.js';

runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: t('nav.publish'), tenant: config, current: 'publier.html' });
  const form = postForm({
    config,
    kind: params.get('kind') === 'request' ? 'request' : 'offer',
    section: params.get('section'),
    send: async (body) => {
      await api('POST', '/posts', body);
      const again = h('a', { href: location.pathname + location.search }, t('form.another'));
      return [h('p', { className: 'notice success', tabindex: -1, id: 'post-sent' }, t('form.sent')), h('p', {}, again)];
    },
  });
  main.append(form.element);
  void form.attachMap().catch((error: unknown) => console.error('map', error));
});
