import { tokenSchema } from '@entraide/core/schemas';
import { api, ApiError, explain, tenantConfig } from '../api.js';
import { h, params } from '../dom.js';
import { t } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';

/** Codes that mean "this link does not (or no longer) open anything". */
const deadLinkCodes = new Set(['invalid_token', 'not_found', 'invalid_input']);

/**
 * The alert mails' landing page: `?alert=…&token=…` turns the alert on, `&action=unsubscribe`
 * erases it, as soon as the page opens (one click from the mail).
 */
runPage(async () => {
  const config = await tenantConfig();
  const unsubscribing = params.get('action') === 'unsubscribe';
  const main = frame({ title: t(unsubscribing ? 'alert.unsubscribeTitle' : 'alert.title'), tenant: config });
  const status = h('p', { role: 'status', className: 'notice', id: 'alert-status' }, t('alert.working'));
  const next = h('p', {});
  main.append(status, next, h('p', {}, h('a', { href: pageLink('recherche.html') }, t('alert.newOne'))));
  const show = (kind: 'success' | 'error', text: string) => {
    status.className = `notice ${kind}`;
    status.textContent = text;
  };
  const invalid = () => show('error', t(unsubscribing ? 'alert.unsubscribeInvalid' : 'alert.invalidLink'));

  const alertId = params.get('alert') ?? '';
  const parsed = tokenSchema.safeParse({ token: params.get('token') ?? '' });
  if (!alertId || !parsed.success) return invalid();
  try {
    await api('POST', `/alerts/${encodeURIComponent(alertId)}/${unsubscribing ? 'unsubscribe' : 'verify'}`, parsed.data);
    show('success', t(unsubscribing ? 'alert.unsubscribed' : 'alert.activated'));
    if (!unsubscribing) next.textContent = t('alert.howToStop');
  } catch (error) {
    if (!unsubscribing && error instanceof ApiError && error.code === 'token_already_used') {
      show('success', t('alert.alreadyActive'));
      next.textContent = t('alert.howToStop');
    } else if (error instanceof ApiError && deadLinkCodes.has(error.code)) invalid();
    else show('error', explain(error));
  }
});
