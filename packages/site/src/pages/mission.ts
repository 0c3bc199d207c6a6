import { linkToken } from '@entraide/core/plain';
import { api, ApiError, explain, tenantConfig } from '../api.js';
import { h, params } from '../dom.js';
import { checkedForm } from '../form.js';
import { t } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';
import { shiftWhen, type MissionView, type ShiftView } from '../mission-view.js';

/** The first shift's radio, where an error on the shift is shown. */
const shiftFieldId = 'signup-shift';

/** Whether one may still sign up to a shift: a place, or a place on its waiting list. */
const canSignUp = (shift: ShiftView) => shift.status === 'open' || (shift.status === 'full' && shift.waitingListOpen);

function shiftLine(shift: ShiftView): string {
  const state =
    shift.status === 'cancelled'
      ? t('mission.cancelled')
      : shift.status === 'past'
        ? t('mission.past')
        : shift.placesLeft > 0
          ? t('mission.placesLeft', { count: shift.placesLeft })
          : t('mission.fullWaiting', { count: shift.waiting ?? 0 });
  return `${shiftWhen(shift)} — ${t('mission.places', { count: shift.places })}, ${state}`;
}

/**
 * A mission: what, who, where, its shifts with their places, and the sign-up form. Opened from the
 * organiser's mail (`&token=`), it first confirms the mission.
 */
runPage(async () => {
  const config = await tenantConfig();
  const missionId = params.get('mission') ?? '';
  const main = frame({ title: t('mission.title'), tenant: config });
  const token = linkToken(params.get('token'));
  if (params.has('token')) {
    const status = h('p', { role: 'status', className: 'notice', id: 'mission-verify' }, t('verify.working'));
    main.append(status);
    try {
      if (!token) throw new ApiError(403, 'invalid_token', '', []);
      const result = await api<{ status: string }>('POST', `/missions/${encodeURIComponent(missionId)}/verify`, { token });
      status.className = 'notice success';
      status.textContent = result.status === 'published' ? t('mission.published') : t('mission.moderation');
    } catch (error) {
      const already = error instanceof ApiError && error.code === 'token_already_used';
      status.className = already ? 'notice success' : 'notice error';
      status.textContent = already ? t('mission.alreadyConfirmed') : explain(error);
    }
  }
  let mission: MissionView;
  try {
    mission = await api<MissionView>('GET', `/missions/${encodeURIComponent(missionId)}`);
  } catch (error) {
    main.append(h('p', { className: 'notice error', role: 'alert' }, explain(error)));
    return;
  }
  main.querySelector('h1')!.textContent = mission.title;
  document.title = `${mission.title} — ${config.name} — Entraide`;
  const requirements = mission.requirements;
  main.append(
    h('p', { className: 'organisation' }, mission.organisation.name),
    h('p', {}, mission.description),
    h(
      'dl',
      {},
      h('dt', {}, t('mission.where')),
      h('dd', {}, mission.address),
      mission.organisation.phone ? h('dt', {}, t('mission.phone')) : null,
      mission.organisation.phone ? h('dd', {}, mission.organisation.phone) : null,
      mission.organisation.website ? h('dt', {}, t('mission.website')) : null,
      mission.organisation.website
        ? h('dd', {}, h('a', { href: mission.organisation.website, rel: 'noopener noreferrer external' }, mission.organisation.website))
        : null,
      requirements?.minimumAge !== undefined ? h('dt', {}, t('mission.minimumAge')) : null,
      requirements?.minimumAge !== undefined ? h('dd', {}, t('mission.years', { count: requirements.minimumAge })) : null,
      requirements?.equipment ? h('dt', {}, t('mission.equipment')) : null,
      requirements?.equipment ? h('dd', {}, requirements.equipment) : null,
      requirements?.skills ? h('dt', {}, t('mission.skills')) : null,
      requirements?.skills ? h('dd', {}, requirements.skills) : null,
    ),
    h('h2', {}, t('mission.shifts')),
    h('ul', { id: 'shifts' }, ...mission.shifts.map((shift) => h('li', {}, shiftLine(shift)))),
  );

  const open = mission.shifts.filter(canSignUp);
  if (!open.length) {
    main.append(h('p', { className: 'notice' }, t('mission.noShiftOpen')));
    return;
  }
  const name = h('input', { type: 'text', name: 'name', autocomplete: 'name', maxlength: 80 });
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'email', maxlength: 254 });
  const phone = h('input', { type: 'tel', name: 'phone', autocomplete: 'tel', maxlength: 25 });
  const message = h('textarea', { name: 'message', rows: 3, maxlength: 1000 });
  const share = h('input', { type: 'checkbox', name: 'shareContact', id: 'signup-share' });
  const choices = open.map((shift, index) =>
    h(
      'div',
      { className: 'choice' },
      h('input', {
        type: 'radio',
        name: 'shift',
        value: shift.id,
        id: index === 0 ? shiftFieldId : `signup-shift-${index}`,
        checked: index === 0,
      }),
      h('label', { for: index === 0 ? shiftFieldId : `signup-shift-${index}` }, shiftLine(shift)),
    ),
  );
  const form: HTMLFormElement = checkedForm({
    attributes: { id: 'signup-form' },
    resultId: 'signup-status',
    fieldIds: { shift: shiftFieldId },
    parts: [
      h('fieldset', {}, h('legend', {}, t('signup.shift')), ...choices),
      { path: 'name', id: 'signup-name', label: t('signup.name'), required: true, control: name },
      { path: 'email', id: 'signup-email', label: t('signup.email'), hint: t('signup.emailHint'), required: true, control: email },
      { path: 'phone', id: 'signup-phone', label: t('signup.phone'), control: phone },
      { path: 'message', id: 'signup-message', label: t('signup.message'), control: message },
      h('div', { className: 'choice' }, share, h('label', { for: 'signup-share' }, t('signup.share'))),
    ],
    submit: { label: t('signup.submit') },
    body: () => ({
      name: name.value,
      email: email.value.trim(),
      ...(phone.value.trim() ? { phone: phone.value.trim() } : {}),
      ...(message.value.trim() ? { message: message.value } : {}),
      shareContact: share.checked,
    }),
    schema: (core) => core.signUpSchema,
    send: (checked) => {
      const shiftId = form.querySelector<HTMLInputElement>('input[name="shift"]:checked')?.value ?? open[0]!.id;
      return api('POST', `/missions/${encodeURIComponent(mission.id)}/shifts/${encodeURIComponent(shiftId)}/signups`, checked);
    },
    sentText: () => t('signup.sent', { email: email.value.trim() }),
  });
  main.append(
    h('h2', {}, t('signup.title')),
    h('p', {}, t('signup.intro')),
    form,
    h('p', {}, h('a', { href: pageLink('missions.html') }, t('missions.all'))),
  );
});
