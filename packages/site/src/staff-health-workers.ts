import type { PublicTenantConfig } from '@entraide/core/schemas';
import { api, explain } from './api.js';
import { h } from './dom.js';
import { formatDate, t } from './i18n.js';
import { staffQueueSection } from './staff-queue.js';

/** A request to be recognised, as `GET /staff/health-workers` gives it. */
interface StaffRecognitionView {
  id: string;
  email: string;
  request?: { name: string; profession: string; employer: string };
  createdAt: string;
  verifiedAt?: string;
}

/** `GET /staff/health-workers/equipment`. */
interface EquipmentTotals {
  hospitals: { id: string; name: string; offers: number; quantity: number }[];
  offers: number;
  quantity: number;
}

/**
 * Health workers, for staff (`#soignants`, where a tenant has a section for them): the requests to be
 * recognised waiting for a decision (name, profession, employer, the confirmed address), approved or
 * refused in one click (the resident is mailed), and the equipment offered by the hospital it is
 * dropped at.
 */
export function healthWorkersSection(session: string, config: PublicTenantConfig): HTMLElement | null {
  if (!config.healthWorkers) return null;
  const list = h('ul', { className: 'posts', id: 'recognitions' });
  const said = h('p', { role: 'status', className: 'meta', id: 'recognitions-status' });
  const item = (recognition: StaffRecognitionView, load: () => Promise<void>): HTMLLIElement => {
    const who = recognition.request?.name ?? recognition.email;
    const decide = async (action: 'approve' | 'refuse') => {
      try {
        await api('POST', `/staff/health-workers/${encodeURIComponent(recognition.id)}/${action}`, {}, session);
        await load();
        said.textContent = t(action === 'approve' ? 'staff.hwApproved' : 'staff.hwRefused', { who });
      } catch (error) {
        said.textContent = explain(error);
      }
    };
    return h(
      'li',
      { className: 'post' },
      h('h3', {}, who),
      recognition.request ? h('p', {}, `${recognition.request.profession} · ${recognition.request.employer}`) : null,
      h(
        'p',
        { className: 'meta' },
        `${recognition.email} · ${t('staff.hwAsked', { date: formatDate(recognition.verifiedAt ?? recognition.createdAt) })}`,
      ),
      h(
        'div',
        { className: 'actions' },
        h(
          'button',
          { type: 'button', onclick: () => void decide('approve'), 'aria-label': `${t('staff.hwApprove')} : ${who}` },
          t('staff.hwApprove'),
        ),
        h(
          'button',
          { type: 'button', className: 'danger', onclick: () => void decide('refuse'), 'aria-label': `${t('staff.hwRefuse')} : ${who}` },
          t('staff.hwRefuse'),
        ),
      ),
    );
  };
  const equipment = h('div', { id: 'equipment-totals' });
  void api<EquipmentTotals>('GET', '/staff/health-workers/equipment', undefined, session).then(
    (totals) =>
      equipment.replaceChildren(
        h(
          'table',
          {},
          h('caption', {}, t('staff.equipmentCaption')),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, t('hw.hospital')),
              h('th', { scope: 'col' }, t('staff.equipmentOffers')),
              h('th', { scope: 'col' }, t('staff.equipmentQuantity')),
            ),
          ),
          h(
            'tbody',
            {},
            ...totals.hospitals.map((hospital) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, hospital.name),
                h('td', {}, String(hospital.offers)),
                h('td', {}, String(hospital.quantity)),
              ),
            ),
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, t('staff.equipmentTotal')),
              h('td', {}, String(totals.offers)),
              h('td', {}, String(totals.quantity)),
            ),
          ),
        ),
      ),
    (error: unknown) => equipment.replaceChildren(h('p', {}, explain(error))),
  );
  return h(
    'div',
    {},
    staffQueueSection({
      id: 'soignants',
      title: t('staff.hwTitle'),
      intro: t('staff.hwIntro'),
      none: t('staff.hwNone'),
      path: '/staff/health-workers?limit=50',
      session,
      list,
      said,
      item,
    }),
    h('section', { 'aria-labelledby': 'equipment-title' }, h('h2', { id: 'equipment-title' }, t('staff.equipmentTitle')), equipment),
  );
}
