import { linkToken } from '@entraide/core/plain';
import { api, ApiError, explain, tenantConfig } from '../api.js';
import { h, params } from '../dom.js';
import { formatDate, t } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';

/** Codes that mean "this link does not (or no longer) open anything". */
const deadLinkCodes = new Set(['invalid_token', 'not_found', 'invalid_input']);

/**
 * The alert mails' landing page: `?alert=…&token=…` turns the alert on, `&action=unsubscribe`
 * erases it, as soon as the page opens (one click from the mail). `&action=renew` (the "still want
 * it?" mail) renews it with a button: a mail scanner opening the link keeps nothing longer.
 */
runPage(async () => {
  const config = await tenantConfig();
  const action = params.get('action');
  const unsubscribing = action === 'unsubscribe';
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
  const token = linkToken(params.get('token'));
  if (!alertId || !token) return invalid();
  if (action === 'renew') {
    status.className = 'notice';
    status.textContent = t('alert.renewIntro', { months: config.alertExpiry.months });
    const renew = h('button', { type: 'button', id: 'renew-alert' }, t('alert.renew'));
    status.after(renew);
    renew.addEventListener('click', () => {
      void (async () => {
        try {
          const renewed = await api<{ expiresAt: string }>('POST', `/alerts/${encodeURIComponent(alertId)}/renew`, { token });
          renew.remove();
          show('success', t('alert.renewed', { date: formatDate(renewed.expiresAt) }));
          next.textContent = t('alert.howToStop');
        } catch (error) {
          renew.remove();
          if (error instanceof ApiError && deadLinkCodes.has(error.code)) show('error', t('alert.renewEnded'));
          else show('error', explain(error));
        }
      })();
    });
    return;
  }
  try {
    await api('POST', `/alerts/${encodeURIComponent(alertId)}/${unsubscribing ? 'unsubscribe' : 'verify'}`, { token });
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
