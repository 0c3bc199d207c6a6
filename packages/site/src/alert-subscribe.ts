import { api, ApiError, explain } from './api.js';
import { h } from './dom.js';
import { clearErrors, errorsFromDetails, errorsFromIssues, errorSummary, field, showErrors } from './form.js';
import { t } from './i18n.js';
import { schemas } from './schemas.js';

/** The search an alert is asked for: the one whose results are on screen. */
export interface AlertedSearch {
  near: { lat: number; lon: number };
  /** Where it is, in words ("centre of the area", an address). */
  place: string;
  radiusKm: number;
  category: string;
  kind: string;
  /** The category and kind in words. */
  what: string;
}

/**
 * "Get an alert for this search": an email address, then a verification mail (`POST /alerts`).
 * `current()` is read at submit time, so the alert is for the search last run.
 */
export function alertSubscription(current: () => AlertedSearch): { element: HTMLElement; refresh: () => void } {
  const summary = errorSummary();
  const status = h('div', { role: 'status', id: 'alert-form-status' });
  const intro = h('p', { id: 'alert-intro' });
  const email = h('input', { name: 'email', type: 'email', autocomplete: 'email', spellcheck: 'false' });
  const fieldIds = { email: 'alert-email' };
  const labels = { 'alert-email': t('alert.email') };
  const form = h(
    'form',
    { id: 'alert-form', novalidate: true },
    summary,
    field({ id: 'alert-email', label: t('alert.email'), hint: t('alert.emailHint'), required: true }, email),
    h('button', { type: 'submit', className: 'secondary' }, t('alert.submit')),
  );
  const refresh = () => {
    const search = current();
    form.hidden = false;
    status.replaceChildren();
    intro.textContent = t('alert.formIntro', { what: search.what, km: search.radiusKm, place: search.place });
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      const search = current();
      const body = {
        email: email.value.trim(),
        near: search.near,
        radiusKm: search.radiusKm,
        ...(search.category ? { category: search.category } : {}),
        ...(search.kind ? { kind: search.kind } : {}),
      };
      const { createAlertSchema } = await schemas();
      const parsed = createAlertSchema.safeParse(body);
      if (!parsed.success) {
        const errors = errorsFromIssues(parsed.error.issues, fieldIds, body);
        if (errors.size > 0) return showErrors(form, summary, errors, labels);
        status.replaceChildren(h('p', { className: 'notice error', role: 'alert' }, t('error.generic')));
        return;
      }
      clearErrors(form, summary);
      try {
        await api('POST', '/alerts', parsed.data);
        form.hidden = true;
        status.replaceChildren(h('p', { className: 'notice success', tabindex: -1, id: 'alert-sent' }, t('alert.sent')));
        (status.firstElementChild as HTMLElement).focus();
      } catch (error) {
        const errors = error instanceof ApiError ? errorsFromDetails(error.details, fieldIds) : new Map<string, string>();
        if (errors.size > 0) return showErrors(form, summary, errors, labels);
        status.replaceChildren(h('p', { className: 'notice error', role: 'alert' }, explain(error)));
      }
    })();
  });
  refresh();
  return {
    element: h(
      'section',
      { 'aria-labelledby': 'alert-title', className: 'alert-box' },
      h('h2', { id: 'alert-title' }, t('alert.formTitle')),
      intro,
      form,
      status,
    ),
    refresh,
  };
}
