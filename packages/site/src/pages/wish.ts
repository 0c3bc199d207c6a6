import { linkToken } from '@entraide/core/plain';
import { api, ApiError, explain, tenantConfig } from '../api.js';
import { h, params } from '../dom.js';
import { errorSummary, field, onCheckedSubmit } from '../form.js';
import { t } from '../i18n.js';
import { frame, runPage } from '../layout.js';

const fieldIds = {
  name: 'wish-name',
  email: 'wish-email',
  skills: 'wish-skills',
  availability: 'wish-availability',
  area: 'wish-area',
  causes: 'wish-causes',
  languages: 'wish-languages',
};

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
  const labels = {
    [fieldIds.name]: t('wish.name'),
    [fieldIds.email]: t('wish.email'),
    [fieldIds.skills]: t('wish.skills'),
    [fieldIds.availability]: t('wish.availability'),
    [fieldIds.area]: t('wish.area'),
    [fieldIds.causes]: t('wish.causes'),
    [fieldIds.languages]: t('wish.languages'),
  };
  const summary = errorSummary();
  const result = h('p', { role: 'status', id: 'wish-sent' });
  const form = h(
    'form',
    { id: 'wish-form', novalidate: true },
    summary,
    field({ id: fieldIds.name, label: labels[fieldIds.name]!, required: true }, controls.name),
    field({ id: fieldIds.email, label: labels[fieldIds.email]!, hint: t('wish.emailHint'), required: true }, controls.email),
    field({ id: fieldIds.skills, label: labels[fieldIds.skills]!, hint: t('wish.listHint') }, controls.skills),
    field({ id: fieldIds.availability, label: labels[fieldIds.availability]! }, controls.availability),
    field({ id: fieldIds.area, label: labels[fieldIds.area]! }, controls.area),
    field({ id: fieldIds.causes, label: labels[fieldIds.causes]!, hint: t('wish.listHint') }, controls.causes),
    field({ id: fieldIds.languages, label: labels[fieldIds.languages]!, hint: t('wish.listHint') }, controls.languages),
    h('button', { type: 'submit' }, t('wish.submit')),
  );
  onCheckedSubmit({
    form,
    summary,
    result,
    fieldIds,
    labels,
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
