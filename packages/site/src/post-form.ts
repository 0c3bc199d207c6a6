import type { PublicTenantConfig } from '@entraide/core/schemas';
import { ApiError, explain } from './api.js';
import { h } from './dom.js';
import { clearErrors, errorsFromDetails, errorsFromIssues, errorSummary, field, select, showErrors, type FieldErrors } from './form.js';
import { healthOfferFieldIds, healthOfferFields } from './health-offer-fields.js';
import { localised, t } from './i18n.js';
import { locationPicker } from './location-picker.js';
import { schemas } from './schemas.js';
import { openSections } from './section-view.js';

/** Body paths → the field that shows their error. */
const fieldIds = {
  kind: 'kind-offer',
  category: 'category',
  title: 'title',
  description: 'description',
  location: 'address',
  'location.lat': 'address',
  'location.lon': 'address',
  'author.name': 'name',
  'author.email': 'email',
  section: 'section',
  'caller.phone': 'caller-phone',
  'caller.note': 'caller-note',
  ...healthOfferFieldIds,
};

/** The caller's phone and staff's note, when staff typed either (empty fields are left out). */
function callerOf(data: FormData): { caller?: { phone?: string; note?: string } } {
  const phone = String(data.get('callerPhone') ?? '').trim();
  const note = String(data.get('callerNote') ?? '').trim();
  return phone || note ? { caller: { ...(phone ? { phone } : {}), ...(note ? { note } : {}) } } : {};
}

export interface PostFormOptions {
  config: PublicTenantConfig;
  kind: 'offer' | 'request';
  /** The section chosen beforehand (a section's flyer leads to its page, whose buttons carry it). */
  section?: string | null;
  /** Staff entering a post for a resident (a phone call to the town hall): the resident's name, no e-mail. */
  onBehalf?: boolean;
  /** Sends the body the shared schema accepted; resolves to what to show once it went (the form then hides). */
  send: (body: unknown) => Promise<Node[]>;
}

/**
 * The post form, for residents (`publier.html`) and for staff posting on a resident's behalf
 * (`equipe.html`): the same fields, rules (the API's own schemas) and error messages.
 */
export function postForm(options: PostFormOptions): { element: HTMLElement; attachMap: () => Promise<void> } {
  const { config, onBehalf = false } = options;
  const picker = locationPicker(config.area);
  // Sections of posts open today (a section may end, e.g. after Easter): the API's own judgement, from GET /config.
  const sectionsOpen = openSections(config, 'posts');
  const summary = errorSummary();
  const status = h('div', { role: 'status', className: 'form-status' });
  // Housing or equipment, for an offer in a section for health workers (residents only: staff's form has no such section use yet).
  const healthOffer = onBehalf ? undefined : healthOfferFields(config);
  const nameLabel = onBehalf ? t('staff.residentName') : t('form.name');
  const labels: Record<string, string> = {
    'kind-offer': t('form.kind'),
    category: t('form.category'),
    section: t('form.section'),
    title: t('form.title'),
    description: t('form.description'),
    address: t('form.where'),
    name: nameLabel,
    email: t('form.email'),
    'caller-phone': t('staff.callerPhone'),
    'caller-note': t('staff.callerNote'),
    ...healthOffer?.labels,
  };
  const kindWords = (value: 'offer' | 'request') =>
    onBehalf ? t(value === 'offer' ? 'kind.offers' : 'kind.requests') : t(`form.kind.${value}`);
  const radio = (value: 'offer' | 'request') =>
    h(
      'label',
      { className: 'choice' },
      h('input', { type: 'radio', name: 'kind', value, id: `kind-${value}`, checked: value === options.kind }),
      ` ${kindWords(value)}`,
    );

  const form = h(
    'form',
    { id: 'post-form', novalidate: true },
    summary,
    h(
      'fieldset',
      {},
      h('legend', {}, t(onBehalf ? 'kind.label' : 'form.kind')),
      radio('offer'),
      radio('request'),
      h('p', { className: 'field-error', id: 'kind-offer-error' }),
    ),
    field(
      { id: 'category', label: t('form.category'), required: true },
      select('category', [['', '—'], ...config.categories.map((category): [string, string] => [category.id, localised(category.label)])]),
    ),
    sectionsOpen.length
      ? field(
          { id: 'section', label: t('form.section'), hint: t('form.sectionHint') },
          select(
            'section',
            [['', t('form.noSection')], ...sectionsOpen.map((section): [string, string] => [section.id, localised(section.title)])],
            options.section ?? '',
          ),
        )
      : null,
    healthOffer?.element ?? null,
    field(
      { id: 'title', label: t('form.title'), hint: t('form.titleHint'), required: true },
      h('input', { name: 'title', maxlength: 120, autocomplete: 'off' }),
    ),
    field(
      { id: 'description', label: t('form.description'), hint: t('form.descriptionHint'), required: true },
      h('textarea', { name: 'description', rows: 5, maxlength: 4000 }),
    ),
    picker.element,
    field(
      { id: 'name', label: nameLabel, hint: t(onBehalf ? 'staff.residentNameHint' : 'form.nameHint'), required: true },
      h('input', { name: 'name', maxlength: 80, autocomplete: onBehalf ? 'off' : 'given-name' }),
    ),
    onBehalf
      ? null
      : field(
          { id: 'email', label: t('form.email'), hint: t('form.emailHint'), required: true },
          h('input', { name: 'email', type: 'email', autocomplete: 'email', spellcheck: 'false' }),
        ),
    // What staff keep of the call, for the team only (never shown on the site, nor to staff's CSV).
    onBehalf
      ? field(
          { id: 'caller-phone', label: t('staff.callerPhone'), hint: t('staff.callerPhoneHint') },
          h('input', { name: 'callerPhone', type: 'tel', autocomplete: 'off', maxlength: 30 }),
        )
      : null,
    onBehalf
      ? field(
          { id: 'caller-note', label: t('staff.callerNote'), hint: t('staff.callerNoteHint') },
          h('textarea', { name: 'callerNote', rows: 3, maxlength: 1000 }),
        )
      : null,
    h('button', { type: 'submit' }, t(onBehalf ? 'staff.onBehalfSubmit' : 'form.submit')),
  );

  const showHealthOffer = () => {
    const data = new FormData(form);
    healthOffer?.update(String(data.get('kind') ?? ''), String(data.get('section') ?? ''));
  };
  form.addEventListener('change', (event) => {
    const name = (event.target as HTMLInputElement | null)?.name;
    if (name === 'kind' || name === 'section') showHealthOffer();
  });
  showHealthOffer();

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      status.replaceChildren();
      const data = new FormData(form);
      const point = picker.value();
      const name = String(data.get('name') ?? '');
      const section = String(data.get('section') ?? '');
      const body = {
        kind: String(data.get('kind') ?? ''),
        category: String(data.get('category') ?? ''),
        title: String(data.get('title') ?? ''),
        description: String(data.get('description') ?? ''),
        ...(section ? { section } : {}),
        location: point ?? undefined,
        author: onBehalf ? { name } : { name, email: String(data.get('email') ?? '').trim() },
        ...(onBehalf ? callerOf(data) : {}),
        ...healthOffer?.body(data),
      };
      // The API's own rules (the shared schema), checked here first so errors show at once.
      const { createPostSchema, staffCreatePostSchema } = await schemas();
      const parsed = (onBehalf ? staffCreatePostSchema : createPostSchema).safeParse(body);
      let errors: FieldErrors = parsed.success ? new Map() : errorsFromIssues(parsed.error.issues, fieldIds, body);
      if (
        errors.has('housing-to') &&
        parsed.error?.issues.some((issue) => issue.code === 'custom' && issue.path.join('.') === 'housing.availableTo')
      ) {
        errors.set('housing-to', t('err.dayOrder'));
      }
      if (!point) {
        // An address typed but not chosen: look it up now and let the resident choose; never a guessed point.
        const pending = picker.pendingAddress();
        if (pending) await picker.findAddress();
        errors.set('address', t(pending ? 'err.chooseAddress' : 'err.location'));
      }
      if (!parsed.success || errors.size > 0) return showErrors(form, summary, errors, labels);
      clearErrors(form, summary);
      try {
        const shown = await options.send(parsed.data);
        form.hidden = true;
        status.replaceChildren(...shown);
        (status.firstElementChild as HTMLElement | null)?.focus();
      } catch (error) {
        if (error instanceof ApiError && error.details.length > 0) errors = errorsFromDetails(error.details, fieldIds);
        // The API alone knows the tenant's today: a first day before it is the one refusal of that field's format-checked value.
        if (error instanceof ApiError && error.details.some((detail) => detail.path === 'housing.availableFrom')) {
          errors.set('housing-from', t('err.dayPast'));
        }
        const fieldOfCode: Record<string, string> = {
          outside_area: 'address',
          category_not_enabled: 'category',
          unknown_section: 'section',
          section_not_open: 'section',
        };
        const refused = error instanceof ApiError ? fieldOfCode[error.code] : undefined;
        if (refused) errors = new Map([[refused, explain(error)]]);
        if (errors.size > 0) return showErrors(form, summary, errors, labels);
        status.replaceChildren(h('p', { className: 'notice error', role: 'alert' }, explain(error)));
      }
    })();
  });

  return { element: h('div', { className: 'post-form' }, form, status), attachMap: picker.attachMap };
}
