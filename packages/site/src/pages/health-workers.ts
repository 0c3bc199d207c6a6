import type { HousingDetails } from '@entraide/core/schemas';
import { recognitionLifetimeMonths } from '@entraide/core/plain';
import { api, explain, tenantConfig, type PublicPostView } from '../api.js';
import { append, h, params, say } from '../dom.js';
import { clearErrors, errorsFromIssues, errorSummary, field, select, sendForm, showErrors } from '../form.js';
import { formatKm, localised, t } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';
import { postSummary } from '../post-view.js';
import { schemas } from '../schemas.js';

type HousingHitView = PublicPostView & { distanceKm: number; housing?: HousingDetails };

const searchIds = { hospital: 'housing-hospital', from: 'housing-from', to: 'housing-to', radiusKm: 'housing-radius' };
const recognitionIds = { email: 'hw-email', name: 'hw-name', profession: 'hw-profession', employer: 'hw-employer' };

/** A day as the API and `<input type=date>` write it, `offset` days from today (the reader's clock). */
const dayFrom = (offset: number): string => {
  const at = new Date(Date.now() + offset * 86_400_000);
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
};

/**
 * The health workers' page (`soignants.html`): housing near a hospital, free over the days asked,
 * and how to be recognised as a health worker (the only ones who may write to these offers). The
 * mailed link of a recognition (`?reconnaissance=…&token=…`) confirms it on opening.
 */
runPage(async () => {
  const config = await tenantConfig();
  const section = config.sections.find((candidate) => candidate.audience === 'health_workers');
  const main = frame({ title: section ? localised(section.title) : t('hw.title'), tenant: config });
  const recognition = config.healthWorkers?.recognition;
  if (!section || !recognition || config.hospitals.length === 0) {
    main.append(h('p', {}, t('hw.none')), h('p', {}, h('a', { href: pageLink('') }, t('nav.home'))));
    return;
  }
  const recognitionId = params.get('reconnaissance');
  if (recognitionId) {
    const status = h('p', { role: 'status', className: 'notice', id: 'hw-status' }, t('verify.working'));
    main.append(status);
    try {
      const answer = await api<{ status: string }>('POST', `/health-workers/recognition/${encodeURIComponent(recognitionId)}/verify`, {
        token: params.get('token') ?? '',
      });
      status.className = 'notice success';
      status.textContent = answer.status === 'recognised' ? t('hw.recognised') : t('hw.awaiting');
      // The same link erases it: no longer recognised, the conversations with offers for health workers closed.
      const erase = h(
        'button',
        { type: 'button', id: 'hw-erase', className: 'danger', 'aria-describedby': 'hw-erase-hint' },
        t('hw.erase'),
      );
      const eraseHint = h(
        'p',
        { className: 'hint', id: 'hw-erase-hint' },
        t('hw.eraseHint', { months: String(recognitionLifetimeMonths) }),
      );
      erase.addEventListener('click', () => {
        void (async () => {
          try {
            await api('POST', `/health-workers/recognition/${encodeURIComponent(recognitionId)}/erase`, {
              token: params.get('token') ?? '',
            });
            erase.remove();
            eraseHint.remove();
            status.className = 'notice success';
            say(status, t('hw.erased'));
          } catch (error) {
            status.className = 'notice error';
            say(status, explain(error));
          }
        })();
      });
      status.after(eraseHint, h('p', {}, erase));
    } catch (error) {
      status.className = 'notice error';
      status.textContent = explain(error);
    }
  }
  append(
    main,
    section.description ? h('p', { className: 'lead' }, localised(section.description)) : null,
    h('p', {}, h('a', { href: pageLink('rubrique.html', { id: section.id }) }, t('hw.sectionLink'))),
  );

  // Housing near a hospital.
  const hospitalName = (id: string) => config.hospitals.find((hospital) => hospital.id === id)?.name ?? id;
  const controls = {
    hospital: select(
      'hospital',
      config.hospitals.map((hospital) => [hospital.id, hospital.name]),
    ),
    from: h('input', { type: 'date', name: 'from', value: dayFrom(1) }),
    to: h('input', { type: 'date', name: 'to', value: dayFrom(7) }),
    radiusKm: select(
      'radiusKm',
      ['1', '2', '5', '10', '20'].map((km) => [km, t('hw.withinKm', { km })]),
      '5',
    ),
  };
  const labels = {
    [searchIds.hospital]: t('hw.hospital'),
    [searchIds.from]: t('hw.from'),
    [searchIds.to]: t('hw.to'),
    [searchIds.radiusKm]: t('hw.radius'),
  };
  const summary = errorSummary();
  const status = h('p', { role: 'status', id: 'housing-status' });
  const results = h('ul', { className: 'posts', id: 'housing-results', 'aria-labelledby': 'housing-title' });
  const form = h(
    'form',
    { id: 'housing-form', novalidate: true },
    summary,
    field({ id: searchIds.hospital, label: labels[searchIds.hospital]!, required: true }, controls.hospital),
    field({ id: searchIds.from, label: labels[searchIds.from]!, hint: t('hw.datesHint'), required: true }, controls.from),
    field({ id: searchIds.to, label: labels[searchIds.to]!, required: true }, controls.to),
    field({ id: searchIds.radiusKm, label: labels[searchIds.radiusKm]!, hint: t('hw.radiusHint') }, controls.radiusKm),
    h('button', { type: 'submit' }, t('hw.search')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      clearErrors(form, summary);
      const body = {
        hospital: controls.hospital.value,
        from: controls.from.value,
        to: controls.to.value,
        radiusKm: controls.radiusKm.value,
      };
      const { housingQuerySchema } = await schemas();
      const parsed = housingQuerySchema.safeParse(body);
      if (!parsed.success) return showErrors(form, summary, errorsFromIssues(parsed.error.issues, searchIds, body), labels);
      try {
        const query = new URLSearchParams({ ...body, radiusKm: String(parsed.data.radiusKm) });
        const found = await api<{ items: HousingHitView[] }>('GET', `/housing?${query}`);
        results.replaceChildren(
          ...found.items.map((item) => {
            const entry = postSummary(item, config);
            const housing = item.housing;
            if (housing) {
              entry.append(
                h(
                  'p',
                  { className: 'housing' },
                  t('hw.free', { from: housing.availableFrom, to: housing.availableTo }),
                  ` · ${t('hw.capacity', { count: String(housing.capacity) })} · ${housing.type === 'room' ? t('hw.room') : t('hw.flat')}`,
                  ` · ${t('hw.distance', { distance: formatKm(item.distanceKm), hospital: hospitalName(parsed.data.hospital) })}`,
                ),
              );
            }
            return entry;
          }),
        );
        say(
          status,
          found.items.length
            ? t('hw.found', { count: String(found.items.length), hospital: hospitalName(parsed.data.hospital) })
            : t('hw.nothing', { hospital: hospitalName(parsed.data.hospital) }),
        );
      } catch (error) {
        say(status, explain(error));
      }
    })();
  });
  main.append(h('h2', { id: 'housing-title' }, t('hw.housingTitle')), form, status, results);

  // How to be recognised.
  const recognitionControls = {
    email: h('input', { type: 'email', name: 'email', autocomplete: 'email', maxlength: 254 }),
    name: h('input', { type: 'text', name: 'name', autocomplete: 'name', maxlength: 80 }),
    profession: h('input', { type: 'text', name: 'profession', autocomplete: 'organization-title', maxlength: 80 }),
    employer: h('input', { type: 'text', name: 'employer', autocomplete: 'organization', maxlength: 120 }),
  };
  const recognitionLabels = {
    [recognitionIds.email]: t('hw.email'),
    [recognitionIds.name]: t('hw.name'),
    [recognitionIds.profession]: t('hw.profession'),
    [recognitionIds.employer]: t('hw.employer'),
  };
  const domains = recognition.emailDomains.map((domain) => `@${domain}`).join(', ');
  const recognitionSummary = errorSummary();
  const sent = h('p', { role: 'status', id: 'hw-sent' });
  const recognitionForm = h(
    'form',
    { id: 'hw-form', novalidate: true },
    recognitionSummary,
    field(
      {
        id: recognitionIds.email,
        label: recognitionLabels[recognitionIds.email]!,
        ...(domains ? { hint: t('hw.emailHint', { domains }) } : {}),
        required: true,
      },
      recognitionControls.email,
    ),
    ...(recognition.staffApproval
      ? [
          h('p', {}, t('hw.staffHint')),
          field({ id: recognitionIds.name, label: recognitionLabels[recognitionIds.name]! }, recognitionControls.name),
          field({ id: recognitionIds.profession, label: recognitionLabels[recognitionIds.profession]! }, recognitionControls.profession),
          field({ id: recognitionIds.employer, label: recognitionLabels[recognitionIds.employer]! }, recognitionControls.employer),
        ]
      : []),
    h('button', { type: 'submit' }, t('hw.ask')),
  );
  recognitionForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      clearErrors(recognitionForm, recognitionSummary);
      const body = Object.fromEntries(
        Object.entries(recognitionControls)
          .map(([key, control]) => [key, control.value.trim()] as const)
          .filter(([, value]) => value !== ''),
      );
      const { recognitionRequestSchema } = await schemas();
      const parsed = recognitionRequestSchema.safeParse(body);
      if (!parsed.success)
        return showErrors(
          recognitionForm,
          recognitionSummary,
          errorsFromIssues(parsed.error.issues, recognitionIds, body),
          recognitionLabels,
        );
      await sendForm({
        form: recognitionForm,
        summary: recognitionSummary,
        result: sent,
        fieldIds: recognitionIds,
        labels: recognitionLabels,
        send: () => api('POST', '/health-workers/recognition', parsed.data),
        sentText: t('hw.sent', { email: parsed.data.email }),
      });
    })();
  });
  main.append(h('h2', { id: 'recognition' }, t('hw.recognitionTitle')), h('p', {}, t('hw.recognitionIntro')), recognitionForm);
});
