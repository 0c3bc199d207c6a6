import { linkToken } from '@entraide/core/plain';
import { api, ApiError, explain, tenantConfig } from '../api.js';
import { h, params } from '../dom.js';
import { t } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';
import { shiftWhen } from '../mission-view.js';

interface OwnSignUp {
  status: 'pending_verification' | 'confirmed' | 'waiting' | 'withdrawn';
  position?: number;
  name: string;
  mission: { id: string; title: string; address: string };
  shift: { start: string; end: string };
}

/**
 * A volunteer's sign-up, from the links of their mails: opening it confirms the address (the place
 * is taken then, or a position on the waiting list); a button frees the place. Withdrawing asks for
 * that click even from the mail's "withdraw" link, so that a mail scanner opening links frees nothing.
 */
runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: t('signupPage.title'), tenant: config });
  const status = h('p', { role: 'status', className: 'notice', id: 'signup-page-status' }, t('verify.working'));
  const details = h('p', { id: 'signup-page-details' });
  main.append(status, details);
  const signUpId = params.get('signup') ?? '';
  const token = linkToken(params.get('token'));
  const show = (kind: 'success' | 'error', text: string) => {
    status.className = `notice ${kind}`;
    status.textContent = text;
  };
  if (!signUpId || !token) return show('error', t('signupPage.invalid'));
  const path = `/signups/${encodeURIComponent(signUpId)}`;

  const describe = (own: OwnSignUp) => {
    details.textContent = `${own.mission.title} — ${shiftWhen(own.shift)} — ${own.mission.address}`;
    if (own.status === 'confirmed') show('success', t('signupPage.confirmed'));
    else if (own.status === 'waiting') show('success', t('signupPage.waiting', { position: own.position ?? 0 }));
    else if (own.status === 'withdrawn') show('success', t('signupPage.withdrawn'));
  };

  try {
    if (params.get('action') !== 'withdraw') {
      try {
        await api('POST', `${path}/confirm`, { token });
      } catch (error) {
        // Withdrawn already, or a closed shift: the page still says where the sign-up stands.
        if (!(error instanceof ApiError && (error.code === 'signup_withdrawn' || error.status === 409))) throw error;
        if (error.code !== 'signup_withdrawn') show('error', explain(error));
      }
    }
    const own = await api<OwnSignUp>('GET', path, undefined, token);
    describe(own);
    if (own.status === 'pending_verification') show('success', t('signupPage.pending'));
    if (own.status === 'confirmed' || own.status === 'waiting') {
      const withdraw = h('button', { type: 'button', id: 'withdraw' }, t('signupPage.withdraw'));
      withdraw.addEventListener('click', () => {
        void (async () => {
          try {
            await api('POST', `${path}/withdraw`, { token });
            withdraw.remove();
            show('success', t('signupPage.withdrawn'));
          } catch (error) {
            show('error', explain(error));
          }
        })();
      });
      main.append(h('p', {}, t('signupPage.withdrawHint')), withdraw);
      if (params.get('action') === 'withdraw') withdraw.focus();
    }
    main.append(h('p', {}, h('a', { href: pageLink('mission.html', { mission: own.mission.id }) }, t('signupPage.mission'))));
  } catch (error) {
    if (error instanceof ApiError && (error.code === 'invalid_token' || error.code === 'not_found')) show('error', t('signupPage.invalid'));
    else show('error', explain(error));
  }
});
