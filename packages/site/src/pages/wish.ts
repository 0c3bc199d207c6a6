import { linkToken } from '@entraide/core/plain';
import { api, ApiError, explain, tenantConfig } from '../api.js';
import { h, params } from '../dom.js';
import { checkedForm } from '../form.js';
import { t } from '../i18n.js';
import { frame, runPage } from '../layout.js';

/** "a, b ; c" → ["a", "b", "c"]: what a resident types in a short list's field. */
const listOf = (text: string): string[] =>
  text
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter(Boolean);

/**
 * "Je veux aider": a resident says what they can do; staff answer with missions and associations.
 * Opened from the mail's link (`?wish=…&token=…`), it confirms the address (`&action=withdraw`: a
 * button withdraws it, so that a mail scanner opening links withdraws nothing).
 */
runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: t('wish.title'), tenant: config });
  const wishId = params.get('wish');
  if (wishId) {
    const status = h('p', { role: 'status', className: 'notice', id: 'wish-status' }, t('verify.working'));
    main.append(status);
    const token = linkToken(params.get('token'));
    try {
      if (!token) throw new ApiError(403, 'invalid_token', '', []);
      const path = `/wishes/${encodeURIComponent(wishId)}`;
      if (params.get('action') !== 'withdraw') {
        await api('POST', `${path}/verify`, { token });
        status.className = 'notice success';
        status.textContent = t('wish.confirmed');
      }
      const withdraw = h('button', { type: 'button', id: 'wish-withdraw' }, t('wish.withdraw'));
      withdraw.addEventListener('click', () => {
        void api('POST', `${path}/withdraw`, { token }).then(
          () => {
            withdraw.remove();
            status.className = 'notice success';
            status.textContent = t('wish.withdrawn');
          },
          (error: unknown) => {
            status.className = 'notice error';
            status.textContent = explain(error);
          },
        );
      });
      main.append(h('p', {}, t('wish.withdrawHint')), withdraw);
    } catch (error) {
      status.className = 'notice error';
      status.textContent = explain(error);
    }
    return;
  }

  const controls = {
    name: h('input', { type: 'text', name: 'name', autocomplete: 'name', maxlength: 80 }),
    email: h('input', { type: 'email', name: 'email', autocomplete: 'email', maxlength: 254 }),
    skills: h('input', { type: 'text', name: 'skills', maxlength: 600 }),
    availability: h('textarea', { name: 'availability', rows: 2, maxlength: 500 }),
    area: h('input', { type: 'text', name: 'area', maxlength: 120 }),
    causes: h('input', { type: 'text', name: 'causes', maxlength: 600 }),
    languages: h('input', { type: 'text', name: 'languages', maxlength: 600 }),
  };
  const listHint = t('wish.listHint');
  const form = checkedForm({
    attributes: { id: 'wish-form' },
    resultId: 'wish-sent',
    parts: [
      { path: 'name', id: 'wish-name', label: t('wish.name'), required: true, control: controls.name },
      { path: 'email', id: 'wish-email', label: t('wish.email'), hint: t('wish.emailHint'), required: true, control: controls.email },
      { path: 'skills', id: 'wish-skills', label: t('wish.skills'), hint: listHint, control: controls.skills },
      { path: 'availability', id: 'wish-availability', label: t('wish.availability'), control: controls.availability },
      { path: 'area', id: 'wish-area', label: t('wish.area'), control: controls.area },
      { path: 'causes', id: 'wish-causes', label: t('wish.causes'), hint: listHint, control: controls.causes },
      { path: 'languages', id: 'wish-languages', label: t('wish.languages'), hint: listHint, control: controls.languages },
    ],
    submit: { label: t('wish.submit') },
    body: () => {
      const lists = {
        skills: listOf(controls.skills.value),
        causes: listOf(controls.causes.value),
        languages: listOf(controls.languages.value),
      };
      return {
        name: controls.name.value,
        email: controls.email.value.trim(),
        ...Object.fromEntries(Object.entries(lists).filter(([, values]) => values.length)),
        ...(controls.availability.value.trim() ? { availability: controls.availability.value } : {}),
        ...(controls.area.value.trim() ? { area: controls.area.value } : {}),
      };
    },
    schema: (core) => core.wishSchema,
    send: (checked) => api('POST', '/wishes', checked),
    sentText: () => t('wish.sent', { email: controls.email.value.trim() }),
  });
  main.append(h('p', {}, t('wish.intro')), form);
});
