import { api, ApiError, explain } from './api.js';
import { h } from './dom.js';
import { errorsFromDetails, errorSummary, field, clearErrors, showErrors } from './form.js';
import { formatDate, localised, t, type MessageKey } from './i18n.js';

/** `GET /staff/sections`: each section's dates, its state today and where they come from; the changes, newest first. */
interface SectionsView {
  sections: {
    id: string;
    title: { fr: string; en: string };
    startsOn: string | null;
    endsOn: string | null;
    state: 'upcoming' | 'open' | 'ended';
  }[];
  audit: { at: string; by: string; section: string; startsOn: string | null; endsOn: string | null }[];
}

/**
 * The sections' dates, for the tenant's admins (`GET/POST /staff/sections`): open, close or date a
 * section without a redeploy (an empty day: no limit), and the changes' audit.
 */
export function sectionsSection(options: { session: string; say: (text: string, kind: 'success' | 'error') => void }): {
  element: HTMLElement;
  load: () => Promise<void>;
} {
  const { session, say } = options;
  const list = h('div', { id: 'section-dates' });
  const audit = h('ul', { className: 'meta', id: 'section-audit' });
  const dayOrNone = (day: string | null) => day ?? t('staff.sections.none');

  const render = (view: SectionsView) => {
    list.replaceChildren(
      ...view.sections.map((section) => {
        const title = localised(section.title);
        const startsOn = h('input', { type: 'date', name: 'startsOn', value: section.startsOn ?? '' });
        const endsOn = h('input', { type: 'date', name: 'endsOn', value: section.endsOn ?? '' });
        const summary = errorSummary();
        const ids = { startsOn: `starts-${section.id}`, endsOn: `ends-${section.id}` };
        const labels = { [ids.startsOn]: t('staff.sections.startsOn'), [ids.endsOn]: t('staff.sections.endsOn') };
        const form = h(
          'form',
          { novalidate: true, className: 'section-dates' },
          summary,
          h('h3', {}, `${title} · ${t(`staff.sections.state.${section.state}` as MessageKey)}`),
          field({ id: ids.startsOn, label: labels[ids.startsOn]! }, startsOn),
          field({ id: ids.endsOn, label: labels[ids.endsOn]!, hint: t('staff.sections.hint') }, endsOn),
          h('button', { type: 'submit', 'aria-label': `${t('staff.sections.save')} : ${title}` }, t('staff.sections.save')),
        );
        form.addEventListener('submit', (event) => {
          event.preventDefault();
          clearErrors(form, summary);
          const body = { startsOn: startsOn.value || null, endsOn: endsOn.value || null };
          void (async () => {
            try {
              render(await api<SectionsView>('POST', `/staff/sections/${encodeURIComponent(section.id)}`, body, session));
              say(t('staff.sections.saved', { title }), 'success');
            } catch (error) {
              if (error instanceof ApiError && error.details.length > 0) {
                return showErrors(form, summary, errorsFromDetails(error.details, ids), labels);
              }
              say(explain(error), 'error');
            }
          })();
        });
        return form;
      }),
    );
    audit.replaceChildren(
      ...view.audit.map((entry) =>
        h(
          'li',
          {},
          t('staff.sections.audited', {
            date: formatDate(entry.at),
            by: entry.by,
            section: entry.section,
            startsOn: dayOrNone(entry.startsOn),
            endsOn: dayOrNone(entry.endsOn),
          }),
        ),
      ),
    );
    if (view.audit.length === 0) audit.append(h('li', {}, t('staff.sections.fromFile')));
  };

  const element = h(
    'section',
    { 'aria-labelledby': 'rubriques' },
    h('h2', { id: 'rubriques', tabindex: -1 }, t('staff.sections.title')),
    h('p', {}, t('staff.sections.intro')),
    list,
    h('h3', {}, t('staff.team.auditTitle')),
    audit,
  );
  return { element, load: async () => render(await api<SectionsView>('GET', '/staff/sections', undefined, session)) };
}
