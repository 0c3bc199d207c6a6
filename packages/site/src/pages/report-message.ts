import { aliasTokenPattern } from '@entraide/core/plain';
import { api, ApiError, explain, tenantConfig } from '../api.js';
import { h, params } from '../dom.js';
import { t } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';

/**
 * "Report this message", from the footer of every relayed mail (`?post=…&alias=…`, the alias being
 * the reader's own): one button that flags the conversation to the tenant's staff.
 */
runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: t('reportMessage.title'), tenant: config });
  const status = h('div', { role: 'status', id: 'report-message-status' });
  const postId = params.get('post') ?? '';
  const alias = params.get('alias') ?? '';
  const outcome = (kind: 'success' | 'error', text: string) => {
    status.replaceChildren(h('p', { className: `notice ${kind}`, tabindex: -1, id: 'report-message-outcome' }, text));
    (status.firstElementChild as HTMLElement).focus();
  };
  const button = h('button', { type: 'button', className: 'danger', id: 'report-message' }, t('reportMessage.confirm'));
  const actions = h('div', { className: 'actions' }, button);
  main.append(h('p', {}, t('reportMessage.intro')), h('p', {}, t('reportMessage.what')), actions, status);
  if (!postId || !aliasTokenPattern.test(alias)) {
    actions.hidden = true;
    status.replaceChildren(h('p', { className: 'notice error' }, t('reportMessage.invalid')));
    return;
  }
  button.addEventListener('click', () => {
    void (async () => {
      button.disabled = true;
      try {
        await api('POST', `/posts/${encodeURIComponent(postId)}/report-message`, { alias });
        actions.hidden = true;
        outcome('success', t('reportMessage.done'));
      } catch (error) {
        button.disabled = false;
        if (error instanceof ApiError && (error.code === 'not_found' || error.code === 'invalid_input')) {
          actions.hidden = true;
          outcome('error', t('reportMessage.invalid'));
        } else outcome('error', explain(error));
      }
    })();
  });
  main.append(h('p', {}, h('a', { href: pageLink('') }, t('nav.home'))));
});
