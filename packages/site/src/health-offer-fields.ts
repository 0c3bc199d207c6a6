import type { PublicTenantConfig } from '@entraide/core/schemas';
import { h } from './dom.js';
import { field, select } from './form.js';
import { t } from './i18n.js';

/** Body paths of a health offer → the field that shows their error (the API names `housing.availableFrom`, …). */
export const healthOfferFieldIds = {
  housing: 'housing-from',
  'housing.availableFrom': 'housing-from',
  'housing.availableTo': 'housing-to',
  'housing.capacity': 'housing-capacity',
  'housing.type': 'housing-type',
  equipment: 'equipment-quantity',
  'equipment.quantity': 'equipment-quantity',
  'equipment.dropAt': 'equipment-drop-at',
};

type HealthOfferChoice = 'housing' | 'equipment' | 'other';

/** A number typed in a field, or undefined when it is empty (the schema then says "required"). */
const typedNumber = (value: FormDataEntryValue | null): number | undefined => {
  const text = String(value ?? '').trim();
  return text === '' ? undefined : Number(text);
};

/**
 * What an offer in a section for health workers carries besides a post's fields: housing (days,
 * capacity, type) or equipment (quantity, the hospital to drop it at). Shown only while the form
 * is an offer in such a section; hidden fields are not sent.
 */
export function healthOfferFields(config: PublicTenantConfig) {
  const healthSections = new Set(config.sections.filter((section) => section.audience === 'health_workers').map((section) => section.id));
  const choice = (value: HealthOfferChoice, words: string) =>
    h(
      'label',
      { className: 'choice' },
      h('input', { type: 'radio', name: 'healthOffer', value, id: `health-offer-${value}`, checked: value === 'housing' }),
      ` ${words}`,
    );
  const housing = h(
    'div',
    { id: 'housing-fields' },
    field(
      { id: 'housing-from', label: t('form.housingFrom'), hint: t('form.housingFromHint'), required: true },
      h('input', { type: 'date', name: 'housingFrom' }),
    ),
    field({ id: 'housing-to', label: t('form.housingTo'), required: true }, h('input', { type: 'date', name: 'housingTo' })),
    field(
      { id: 'housing-capacity', label: t('form.housingCapacity'), required: true },
      h('input', { type: 'number', name: 'housingCapacity', min: 1, max: 20, step: 1, inputmode: 'numeric', value: '1' }),
    ),
    field(
      { id: 'housing-type', label: t('form.housingType'), required: true },
      select('housingType', [
        ['room', t('form.housingRoom')],
        ['flat', t('form.housingFlat')],
      ]),
    ),
  );
  const equipment = h(
    'div',
    { id: 'equipment-fields', hidden: true },
    field(
      { id: 'equipment-quantity', label: t('form.equipmentQuantity'), hint: t('form.equipmentQuantityHint'), required: true },
      h('input', { type: 'number', name: 'equipmentQuantity', min: 1, max: 100000, step: 1, inputmode: 'numeric' }),
    ),
    field(
      { id: 'equipment-drop-at', label: t('form.equipmentDropAt'), required: true },
      select('equipmentDropAt', [['', '—'], ...config.hospitals.map((hospital): [string, string] => [hospital.id, hospital.name])]),
    ),
  );
  const element = h(
    'fieldset',
    { id: 'health-offer', hidden: true },
    h('legend', {}, t('form.hwOffer')),
    h('p', { className: 'hint' }, t('form.hwOfferHint')),
    choice('housing', t('form.hwHousing')),
    choice('equipment', t('form.hwEquipment')),
    choice('other', t('form.hwOther')),
    housing,
    equipment,
  );
  const chosen = (): HealthOfferChoice => {
    const checked = element.querySelector<HTMLInputElement>('input[name="healthOffer"]:checked');
    return (checked?.value as HealthOfferChoice | undefined) ?? 'other';
  };
  const showChosen = () => {
    housing.hidden = chosen() !== 'housing';
    equipment.hidden = chosen() !== 'equipment';
  };
  element.addEventListener('change', showChosen);

  return {
    element,
    labels: {
      'housing-from': t('form.housingFrom'),
      'housing-to': t('form.housingTo'),
      'housing-capacity': t('form.housingCapacity'),
      'housing-type': t('form.housingType'),
      'equipment-quantity': t('form.equipmentQuantity'),
      'equipment-drop-at': t('form.equipmentDropAt'),
    },
    /** Shows the fields for an offer in a section for health workers, hides them otherwise. */
    update(kind: string, section: string) {
      element.hidden = !(kind === 'offer' && healthSections.has(section));
      showChosen();
    },
    /** The health offer's part of the body: nothing unless the fields are shown. */
    body(data: FormData): { housing?: unknown; equipment?: unknown } {
      if (element.hidden) return {};
      if (chosen() === 'housing') {
        return {
          housing: {
            availableFrom: String(data.get('housingFrom') ?? ''),
            availableTo: String(data.get('housingTo') ?? ''),
            capacity: typedNumber(data.get('housingCapacity')),
            type: String(data.get('housingType') ?? ''),
          },
        };
      }
      if (chosen() === 'equipment') {
        return { equipment: { quantity: typedNumber(data.get('equipmentQuantity')), dropAt: String(data.get('equipmentDropAt') ?? '') } };
      }
      return {};
    },
  };
}
