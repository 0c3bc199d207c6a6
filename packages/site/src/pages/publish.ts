import { createPostSchema } from '@entraide/core/src/post.js';
import { api, ApiError, explain, tenantConfig } from '../api.js';
import { h, params } from '../dom.js';
import { errorsFromDetails, errorsFromIssues, errorSummary, field, select, showErrors, clearErrors, type FieldErrors } from '../form.js';
import { localised, t } from '../i18n.js';
import { frame, runPage } from '../layout.js';
import { locationPicker } from '../location-picker.js';

/** Body paths → the field that shows their error. */
const fieldIds = {
  kind: 'kind-offer',
  category: 'category',
  title: 'title',
  description: 'description',
  location: 'lat',
  'location.lat': 'lat',
  'location.lon': 'lon',
  'author.name': 'name',
  'author.email': 'email',
};

runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: t('nav.publish'), tenant: config, current: 'publier.html' });
  const kind = params.get('kind') === 'request' ? 'request' : 'offer';
  const picker = locationPicker(config.area);
  const summary = errorSummary();
  const status = h('div', { role: 'status', className: 'form-status' });
  const labels: Record<string, string> = {
    'kind-offer': t('form.kind'),
    category: t('form.category'),
    title: t('form.title'),
    description: t('form.description'),
    lat: t('form.where'),
    lon: t('form.lon'),
    name: t('form.name'),
    email: t('form.email'),
  };
  const radio = (value: 'offer' | 'request') =>
    h('label', { className: 'choice' }, h('input', { type: 'radio', name: 'kind', value, id: `kind-${value}`, checked: value === kind }), ` ${t(`form.kind.${value}`)}`);

  const form = h(
    'form',
    { id: 'post-form', novalidate: true },
    summary,
    h('fieldset', {}, h('legend', {}, t('form.kind')), radio('offer'), radio('request'), h('p', { className: 'field-error', id: 'kind-offer-error' })),
    field(
      { id: 'category', label: t('form.category'), required: true },
      select('category', [['', '—'], ...config.categories.map((category): [string, string] => [category.id, localised(category.label)])]),
    ),
    field({ id: 'title', label: t('form.title'), hint: t('form.titleHint'), required: true }, h('input', { name: 'title', maxlength: 120, autocomplete: 'off' })),
    field(
      { id: 'description', label: t('form.description'), hint: t('form.descriptionHint'), required: true },
      h('textarea', { name: 'description', rows: 5, maxlength: 4000 }),
    ),
    picker.element,
    field({ id: 'name', label: t('form.name'), hint: t('form.nameHint'), required: true }, h('input', { name: 'name', maxlength: 80, autocomplete: 'given-name' })),
    field(
      { id: 'email', label: t('form.email'), hint: t('form.emailHint'), required: true },
      h('input', { name: 'email', type: 'email', autocomplete: 'email', spellcheck: 'false' }),
    ),
    h('button', { type: 'submit' }, t('form.submit')),
  );
  main.append(form, status);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      status.replaceChildren();
      const data = new FormData(form);
      const point = picker.value();
      const body = {
        kind: String(data.get('kind') ?? ''),
        category: String(data.get('category') ?? ''),
        title: String(data.get('title') ?? ''),
        description: String(data.get('description') ?? ''),
        location: point ?? undefined,
        author: { name: String(data.get('name') ?? ''), email: String(data.get('email') ?? '').trim() },
      };
      // The API's own rules (the shared schema), checked here first so errors show at once.
      const parsed = createPostSchema.safeParse(body);
      let errors: FieldErrors = parsed.success ? new Map() : errorsFromIssues(parsed.error.issues, fieldIds, body);
      if (!point) errors.set('lat', t('err.location'));
      if (errors.size > 0) return showErrors(form, summary, errors, labels);
      clearErrors(form, summary);
      try {
        await api('POST', '/posts', parsed.data);
        form.hidden = true;
        const again = h('a', { href: location.pathname + location.search }, t('form.another'));
        status.replaceChildren(h('p', { className: 'notice success', tabindex: -1, id: 'post-sent' }, t('form.sent')), h('p', {}, again));
        (status.firstElementChild as HTMLElement).focus();
      } catch (error) {
        if (error instanceof ApiError && error.details.length > 0) errors = errorsFromDetails(error.details, fieldIds);
        if (error instanceof ApiError && (error.code === 'outside_area' || error.code === 'category_not_enabled')) {
          errors = new Map([[error.code === 'outside_area' ? 'lat' : 'category', explain(error)]]);
        }
        if (errors.size > 0) return showErrors(form, summary, errors, labels);
        status.replaceChildren(h('p', { className: 'notice error', role: 'alert' }, explain(error)));
      }
    })();
  });

  void picker.attachMap().catch((error: unknown) => console.error('map', error));
});
