import { weekdays } from '@entraide/core/plain';
import { api, ApiError, explain, tenantConfig } from '../api.js';
import { append, h, params } from '../dom.js';
import { clearErrors, errorsFromDetails, errorsFromIssues, errorSummary, field, select, showErrors } from '../form.js';
import { geocoder } from '../geocoder.js';
import { localised, t } from '../i18n.js';
import { frame, runPage } from '../layout.js';
import { dayLabel } from '../listing-view.js';
import { schemas } from '../schemas.js';
import { openSections } from '../section-view.js';

/** Body paths → the field that shows their error. */
const fieldIds = {
  section: 'section',
  name: 'listing-name',
  description: 'description',
  categories: 'categories-0',
  address: 'address',
  location: 'address',
  deliveryZone: 'radius',
  'deliveryZone.radiusKm': 'radius',
  'deliveryZone.communes': 'communes',
  hours: 'hours',
  'ordering.phone': 'phone',
  'ordering.website': 'website',
  'ordering.email': 'public-email',
  'author.name': 'name',
  'author.email': 'email',
};

/**
 * A producer, shop or market enters its listing (`inscrire-commerce.html?section=…`): checked with the
 * API's own schema, then the link mailed to the entering address publishes it.
 */
runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: t('listingForm.title'), tenant: config });
  const sections = openSections(config, 'directory');
  if (sections.length === 0) {
    main.append(h('p', { className: 'notice' }, t('listingForm.noSection')));
    return;
  }
  const input = (name: string, type = 'text', extra: Record<string, string> = {}) => h('input', { name, type, ...extra });
  const sectionSelect = select(
    'section',
    sections.map((section): [string, string] => [section.id, localised(section.title)]),
    params.get('section') ?? sections[0]!.id,
  );
  const categoryBoxes = config.categories.map((category, index) =>
    h(
      'label',
      { className: 'choice' },
      h('input', { type: 'checkbox', name: 'categories', value: category.id, id: `categories-${index}` }),
      ` ${localised(category.label)}`,
    ),
  );
  const dayBoxes = weekdays.map((day) =>
    h('label', { className: 'choice' }, h('input', { type: 'checkbox', name: 'deliveryDays', value: day }), ` ${dayLabel(day)}`),
  );
  const name = input('name', 'text', { autocomplete: 'organization' });
  const description = h('textarea', { name: 'description', rows: 4 });
  const address = input('address', 'text', { autocomplete: 'street-address' });
  const radius = input('radiusKm', 'number', { min: '1', max: '100', step: '1', value: '10', inputmode: 'numeric' });
  const communes = input('communes');
  const hours = input('hours');
  const phone = input('phone', 'tel', { autocomplete: 'tel' });
  const website = input('website', 'url', { autocomplete: 'url' });
  const publicEmail = input('publicEmail', 'email');
  const delivery = h('input', { type: 'checkbox', name: 'delivery', checked: true, id: 'delivery' });
  const collect = h('input', { type: 'checkbox', name: 'clickAndCollect', id: 'click-and-collect' });
  const authorName = input('authorName', 'text', { autocomplete: 'name' });
  const authorEmail = input('authorEmail', 'email', { autocomplete: 'email' });
  const summary = errorSummary();
  const status = h('div', { role: 'status', className: 'form-status' });
  const labels: Record<string, string> = {
    section: t('form.section'),
    'listing-name': t('listingForm.name'),
    description: t('listingForm.description'),
    'categories-0': t('listingForm.categories'),
    address: t('listingForm.address'),
    radius: t('listingForm.radius'),
    communes: t('listingForm.communes'),
    hours: t('listingForm.hours'),
    phone: t('contact.phone'),
    website: t('listing.website'),
    'public-email': t('listingForm.publicEmail'),
    name: t('form.name'),
    email: t('form.email'),
  };
  const form = h(
    'form',
    { noValidate: true },
    summary,
    field({ id: 'section', label: t('form.section') }, sectionSelect),
    field({ id: 'listing-name', label: labels['listing-name']!, required: true }, name),
    field({ id: 'description', label: labels.description!, required: true }, description),
    h(
      'fieldset',
      {},
      h('legend', {}, labels['categories-0']!),
      ...categoryBoxes,
      h('p', { className: 'field-error', id: 'categories-0-error' }),
    ),
    field({ id: 'address', label: labels.address!, hint: t('listingForm.addressHint'), required: true }, address),
    field({ id: 'radius', label: labels.radius!, hint: t('listingForm.radiusHint') }, radius),
    field({ id: 'communes', label: labels.communes!, hint: t('listingForm.communesHint') }, communes),
    h('fieldset', {}, h('legend', {}, t('listingForm.days')), ...dayBoxes),
    field({ id: 'hours', label: labels.hours!, hint: t('listingForm.hoursHint') }, hours),
    h('label', { className: 'choice' }, delivery, ` ${t('listing.delivers')}`),
    h('label', { className: 'choice' }, collect, ` ${t('listing.clickAndCollect')}`),
    h('h2', {}, t('listing.order')),
    h('p', { className: 'hint' }, t('listingForm.publicHint')),
    field({ id: 'phone', label: labels.phone!, hint: t('listingForm.phoneHint') }, phone),
    field({ id: 'website', label: labels.website!, hint: t('listingForm.websiteHint') }, website),
    field({ id: 'public-email', label: labels['public-email']! }, publicEmail),
    h('h2', {}, t('listingForm.you')),
    h('p', { className: 'hint' }, t('listingForm.youHint')),
    field({ id: 'name', label: labels.name!, required: true }, authorName),
    field({ id: 'email', label: labels.email!, required: true }, authorEmail),
    h('button', { type: 'submit' }, t('listingForm.submit')),
  );
  append(main, h('p', { className: 'lead' }, t('listingForm.intro')), form, status);

  const checked = (boxes: HTMLElement[]) =>
    boxes
      .map((box) => box.querySelector('input')!)
      .filter((box) => box.checked)
      .map((box) => box.value);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      clearErrors(form, summary);
      const [place] = address.value.trim() ? await (await geocoder()).search(address.value.trim(), config.area.center) : [];
      const communeList = communes.value
        .split(',')
        .map((commune) => commune.trim())
        .filter(Boolean);
      const body = {
        section: sectionSelect.value,
        name: name.value.trim(),
        description: description.value.trim(),
        categories: checked(categoryBoxes),
        address: address.value.trim(),
        location: place ? { lat: place.lat, lon: place.lon } : undefined,
        deliveryZone: {
          ...(radius.value ? { radiusKm: Number(radius.value) } : {}),
          ...(communeList.length ? { communes: communeList } : {}),
        },
        deliveryDays: checked(dayBoxes),
        ...(hours.value.trim() ? { hours: hours.value.trim() } : {}),
        ordering: {
          ...(phone.value.trim() ? { phone: phone.value.trim() } : {}),
          ...(website.value.trim() ? { website: website.value.trim() } : {}),
          ...(publicEmail.value.trim() ? { email: publicEmail.value.trim() } : {}),
        },
        delivery: delivery.checked,
        clickAndCollect: collect.checked,
        author: { name: authorName.value.trim(), email: authorEmail.value.trim() },
      };
      const { createListingSchema } = await schemas();
      const checkedBody = createListingSchema.safeParse(body);
      if (!checkedBody.success) {
        showErrors(form, summary, errorsFromIssues(checkedBody.error.issues, fieldIds, body), labels);
        return;
      }
      try {
        await api('POST', '/listings', checkedBody.data);
        form.hidden = true;
        status.replaceChildren(h('p', { className: 'notice success' }, t('listingForm.sent', { email: body.author.email })));
        status.focus();
      } catch (error) {
        if (error instanceof ApiError && error.details.length > 0) {
          showErrors(form, summary, errorsFromDetails(error.details, fieldIds), labels);
        } else {
          status.replaceChildren(h('p', { className: 'notice error', role: 'alert' }, explain(error)));
        }
      }
    })();
  });
});
