import { linkToken } from '@entraide/core/plain';
import type { KitFigures } from '@entraide/core/schemas';
import { api, ApiError, explain, tenantConfig } from '../api.js';
import { append, h, params } from '../dom.js';
import { checkedForm } from '../form.js';
import { localised, t } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';
import { kitFiguresList } from '../campaign-view.js';
import { sectionById } from '../section-view.js';

interface OwnVolunteer {
  id: string;
  name: string;
  pickupPoint: string;
  status: 'pending_verification' | 'active';
  kits: KitFigures;
}

/**
 * A campaign's volunteer, from the link of their mail (`benevole.html?campagne=…&benevole=…&token=…`):
 * opening it confirms the address (again changes nothing), then shows their kits and takes their
 * declaration "I have made N", which staff confirm when the items come back.
 */
runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: t('volunteer.title'), tenant: config });
  const status = h('p', { role: 'status', className: 'notice', id: 'volunteer-status' }, t('verify.working'));
  main.append(status);
  const show = (kind: 'success' | 'error', text: string) => {
    status.className = `notice ${kind}`;
    status.textContent = text;
  };
  const section = sectionById(config, params.get('campagne'), 'campaign');
  const volunteerId = params.get('benevole') ?? '';
  const token = linkToken(params.get('token'));
  if (!section?.campaign || !volunteerId || !token) return show('error', t('volunteer.invalid'));
  const path = `/campaigns/${encodeURIComponent(section.id)}/volunteers/${encodeURIComponent(volunteerId)}`;

  let own: OwnVolunteer;
  try {
    own = await api<OwnVolunteer>('POST', `${path}/verify`, { token });
  } catch (error) {
    return show(
      'error',
      error instanceof ApiError && (error.code === 'invalid_token' || error.status === 404) ? t('volunteer.invalid') : explain(error),
    );
  }
  show('success', t('volunteer.confirmed', { name: own.name }));
  const point = section.campaign.pickupPoints.find((candidate) => candidate.id === own.pickupPoint);
  const figures = (kits: KitFigures) =>
    kitFiguresList('volunteer-figures', {
      kitsOut: kits.kitsOut,
      itemsExpected: kits.itemsExpected,
      itemsDeclared: kits.itemsDeclared,
      itemsReturned: kits.itemsReturned,
    });
  let shown = figures(own.kits);
  const items = h('input', { type: 'number', name: 'items', inputmode: 'numeric', min: 1, max: 10_000, step: 1 });
  const form = checkedForm({
    attributes: { id: 'declare-form' },
    resultId: 'declare-status',
    parts: [
      { path: 'items', id: 'declare-items', label: t('volunteer.items'), hint: t('volunteer.itemsHint'), required: true, control: items },
    ],
    submit: { label: t('volunteer.declare') },
    keepForm: true,
    body: () => ({ items: items.value.trim() === '' ? undefined : Number(items.value) }),
    schema: (core) => core.declarationSchema,
    send: (checked) => api<KitFigures>('POST', `${path}/declarations`, checked, token),
    sentText: (kits) => {
      const next = figures(kits);
      shown.replaceWith(next);
      shown = next;
      return t('volunteer.declared', { total: kits.itemsDeclared });
    },
    onSent: () => {
      items.value = '';
    },
  });
  append(
    main,
    point
      ? h('p', { id: 'volunteer-point' }, t('volunteer.point', { name: point.name, address: point.address, hours: localised(point.hours) }))
      : null,
    shown,
    h('h2', {}, t('volunteer.declareTitle')),
    form,
    h('p', {}, h('a', { href: pageLink('campagne.html', { id: section.id }) }, localised(section.title))),
  );
});
