import { api, tenantConfig } from '../api.js';
import { append, h, params } from '../dom.js';
import { checkedForm, select } from '../form.js';
import { localised, t } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';
import { sectionById, sectionDates, sectionStateNotice } from '../section-view.js';

/**
 * A campaign with kits (`campagne.html?id=…`, a section of type `campaign`): what is made, the kit,
 * the pick-up points and their hours, and while it is open the volunteers' sign-up (confirmed by
 * the mailed link, which opens benevole.html).
 */
runPage(async () => {
  const config = await tenantConfig();
  const section = sectionById(config, params.get('id'), 'campaign');
  if (!section?.campaign) {
    const main = frame({ title: t('error.not_found'), tenant: config });
    main.append(h('p', {}, t('campaign.unknown')), h('p', {}, h('a', { href: pageLink('') }, t('nav.home'))));
    return;
  }
  const campaign = section.campaign;
  const main = frame({ title: localised(section.title), tenant: config });
  const dates = sectionDates(section);
  append(
    main,
    section.description ? h('p', { className: 'lead' }, localised(section.description)) : null,
    dates ? h('p', { className: 'meta' }, dates) : null,
    sectionStateNotice(section),
    h('p', {}, t('campaign.how', { kit: localised(campaign.kit.label), makes: localised(campaign.makes) })),
    h('h2', {}, t('campaign.points')),
    h(
      'ul',
      { id: 'pickup-points' },
      ...campaign.pickupPoints.map((point) => h('li', {}, h('strong', {}, point.name), ` — ${point.address} — ${localised(point.hours)}`)),
    ),
  );
  if (section.state !== 'open') return;

  const controls = {
    name: h('input', { type: 'text', name: 'name', autocomplete: 'name', maxlength: 80 }),
    email: h('input', { type: 'email', name: 'email', autocomplete: 'email', maxlength: 254 }),
    phone: h('input', { type: 'tel', name: 'phone', autocomplete: 'tel', maxlength: 20 }),
    pickupPoint: select(
      'pickupPoint',
      campaign.pickupPoints.map((point) => [point.id, `${point.name} (${localised(point.hours)})`]),
    ),
  };
  const form = checkedForm({
    attributes: { id: 'volunteer-form' },
    resultId: 'volunteer-sent',
    parts: [
      { path: 'name', id: 'volunteer-name', label: t('campaign.name'), required: true, control: controls.name },
      {
        path: 'email',
        id: 'volunteer-email',
        label: t('campaign.email'),
        hint: t('campaign.intro'),
        required: true,
        control: controls.email,
      },
      { path: 'phone', id: 'volunteer-phone', label: t('campaign.phone'), hint: t('campaign.phoneHint'), control: controls.phone },
      { path: 'pickupPoint', id: 'volunteer-point', label: t('campaign.pickupPoint'), required: true, control: controls.pickupPoint },
    ],
    submit: { label: t('campaign.submit') },
    body: () => ({
      name: controls.name.value,
      email: controls.email.value.trim(),
      ...(controls.phone.value.trim() ? { phone: controls.phone.value.trim() } : {}),
      pickupPoint: controls.pickupPoint.value,
    }),
    schema: (core) => core.volunteerSignUpSchema,
    send: (checked) => api('POST', `/campaigns/${encodeURIComponent(section.id)}/volunteers`, checked),
    sentText: () => t('campaign.sent', { email: controls.email.value.trim() }),
  });
  main.append(h('h2', {}, t('campaign.signUp')), form);
});
