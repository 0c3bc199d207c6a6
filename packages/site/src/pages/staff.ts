import * as z from 'zod';
import { api, explain, tenantConfig } from '../api.js';
import { h, params } from '../dom.js';
import { clearErrors, errorsFromIssues, errorSummary, field, showErrors } from '../form.js';
import { t } from '../i18n.js';
import { frame, runPage } from '../layout.js';

const sessionKey = 'entraide:staff-session';
const loginSchema = z.strictObject({ email: z.email().max(254) });

/**
 * The staff's door: a magic link by email (`POST /staff/login`), exchanged for a session
 * (`POST /staff/session`) kept for this tab only. The moderation queue, figures and export build
 * on the staff API as its routes land.
 */
runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: t('staff.title'), tenant: config });
  const status = h('div', { role: 'status', id: 'staff-status' });
  const token = params.get('token');
  if (token) {
    status.append(h('p', { className: 'notice' }, t('staff.signingIn')));
    main.append(status);
    try {
      const session = await api<{ session: string; expiresAt: string }>('POST', '/staff/session', { token });
      sessionStorage.setItem(sessionKey, session.session);
      history.replaceState(null, '', location.pathname);
    } catch (error) {
      status.replaceChildren(h('p', { className: 'notice error', role: 'alert' }, explain(error)));
    }
  }
  if (sessionStorage.getItem(sessionKey)) {
    status.replaceChildren(h('p', { className: 'notice success' }, t('staff.signedIn')));
    main.append(
      status,
      h('button', { type: 'button', className: 'secondary', onclick: () => { sessionStorage.removeItem(sessionKey); location.reload(); } }, t('staff.logout')),
      h('p', {}, t('staff.unavailable')),
    );
    return;
  }
  const summary = errorSummary();
  const form = h(
    'form',
    { id: 'staff-login', novalidate: true },
    summary,
    field({ id: 'staff-email', label: t('staff.email'), required: true }, h('input', { name: 'email', type: 'email', autocomplete: 'email' })),
    h('button', { type: 'submit' }, t('staff.login')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      const body = { email: String(new FormData(form).get('email') ?? '').trim() };
      const parsed = loginSchema.safeParse(body);
      if (!parsed.success) return showErrors(form, summary, errorsFromIssues(parsed.error.issues, { email: 'staff-email' }, body), { 'staff-email': t('staff.email') });
      clearErrors(form, summary);
      try {
        await api('POST', '/staff/login', parsed.data);
        status.replaceChildren(h('p', { className: 'notice success' }, t('staff.linkSent')));
      } catch (error) {
        status.replaceChildren(h('p', { className: 'notice error', role: 'alert' }, explain(error)));
      }
    })();
  });
  main.append(h('p', {}, t('staff.loginIntro')), form, status);
});
