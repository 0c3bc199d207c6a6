import type { PublicTenantConfig, StaffStats } from '@entraide/core/schemas';
import { api, ApiError, explain, tenantId } from './api.js';
import { h } from './dom.js';
import { errorsFromDetails, errorSummary, field, clearErrors, showErrors } from './form.js';
import { formatDate, formatNumber, localised, t, type MessageKey } from './i18n.js';
import { categoryLabel } from './post-view.js';
import { wholeCsv } from './csv-pages.js';
import { downloadStaffCsv } from './staff-session.js';
import { perDayChart } from './day-chart.js';

/** Posts and connections per day: the site's day chart, two bars a day. */
function perDayFigures(stats: StaffStats): HTMLElement {
  const series = [t('staff.created'), t('staff.connections')];
  return perDayChart({
    caption: t('staff.chart', { from: formatDate(stats.from), to: formatDate(stats.to) }),
    dayColumn: t('staff.day'),
    columns: series,
    series,
    days: stats.perDay.map((day) => ({
      day: day.day,
      bars: [day.postsCreated, day.connections],
      cells: [day.postsCreated, day.connections],
    })),
  });
}

/** One breakdown of the period (by category, section…): a table of labels and counts, or a sentence when there is none. */
function breakdownTable(id: string, title: string, counts: Record<string, number>, label: (key: string) => string): HTMLElement {
  const rows = Object.entries(counts).sort((left, right) => right[1] - left[1]);
  return h(
    'div',
    { className: 'breakdown', id: `breakdown-${id}` },
    rows.length
      ? h(
          'table',
          {},
          h('caption', {}, title),
          h(
            'thead',
            {},
            h('tr', {}, h('th', { scope: 'col' }, t('staff.breakdownWhat')), h('th', { scope: 'col' }, t('staff.breakdownCount'))),
          ),
          h(
            'tbody',
            {},
            ...rows.map(([key, count]) => h('tr', {}, h('th', { scope: 'row' }, label(key)), h('td', {}, formatNumber(count)))),
          ),
        )
      : h('p', {}, h('strong', {}, title), ` ${t('staff.breakdownNone')}`),
  );
}

/** A counter's key in words where the site has them (a key it does not know is shown as it is). */
const labelled =
  (words: Record<string, MessageKey>) =>
  (key: string): string =>
    words[key] ? t(words[key]) : key;
const statusWords = labelled(
  Object.fromEntries(
    ['pending_verification', 'pending_moderation', 'published', 'hidden', 'rejected', 'closed', 'deleted', 'expired'].map((status) => [
      status,
      `status.${status}` as MessageKey,
    ]),
  ),
);
const outcomeWords = labelled({
  fulfilled: 'staff.outcome.fulfilled',
  no_longer_needed: 'staff.outcome.no_longer_needed',
  no_answer: 'staff.outcome.no_answer',
  duplicate: 'staff.outcome.duplicate',
});
const kindWords = labelled({ offer: 'kind.offers', request: 'kind.requests' });
const followUpWords = labelled({ sent: 'staff.followUpSent', yes: 'followup.yes', no: 'followup.no', in_touch: 'followup.in_touch' });

/** Today in the browser, as the API's days (YYYY-MM-DD). */
const isoDay = (date: Date): string =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/**
 * The figures of a chosen period (`GET /staff/stats?from=&to=`, the last 30 days until one is
 * chosen): totals, breakdowns by category, section, kind, status, outcome and follow-up answer, a
 * chart of posts and connections per day, and the whole CSV of the period's posts (every page; with
 * personal data for an administrator who asks for it).
 */
export function figuresSection(options: {
  session: string;
  config: PublicTenantConfig;
  role: string;
  say: (text: string, kind: 'success' | 'error') => void;
}): { element: HTMLElement; load: () => Promise<void> } {
  const { session, config, role, say } = options;
  const figures = h('div', { id: 'figures' });
  const from = h('input', { type: 'date', name: 'from' });
  const to = h('input', { type: 'date', name: 'to' });
  const summary = errorSummary();
  const periodForm = h(
    'form',
    { novalidate: true, id: 'period-form' },
    summary,
    h(
      'fieldset',
      {},
      h('legend', {}, t('staff.period')),
      field({ id: 'period-from', label: t('staff.periodFrom') }, from),
      field({ id: 'period-to', label: t('staff.periodTo') }, to),
    ),
    h('button', { type: 'submit' }, t('staff.periodShow')),
  );
  const personal = h('input', { type: 'checkbox', name: 'personalData', id: 'export-personal' });
  // The file's name says its period, as the API's own does.
  const exportButton = h('button', { type: 'button', className: 'secondary' }, t('staff.export'));
  const labels = { 'period-from': t('staff.periodFrom'), 'period-to': t('staff.periodTo') };
  let period: { from: string; to: string } | null = null;

  const query = () => new URLSearchParams({ ...(from.value ? { from: from.value } : {}), ...(to.value ? { to: to.value } : {}) });

  async function load(): Promise<void> {
    const stats = await api<StaffStats>('GET', `/staff/stats?${query().toString()}`, undefined, session);
    period = { from: stats.from, to: stats.to };
    // The period shown, in the fields that were left empty (never over what someone is typing).
    if (!from.value) from.value = stats.from;
    if (!to.value) to.value = stats.to;
    const figure = (label: string, value: number) =>
      h('div', { className: 'figure' }, h('dt', {}, label), h('dd', {}, formatNumber(value)));
    const sectionTitle = (id: string) => localised(config.sections.find((section) => section.id === id)?.title) || id;
    figures.replaceChildren(
      h('p', { id: 'figures-period' }, t('staff.periodShown', { from: formatDate(stats.from), to: formatDate(stats.to) })),
      h(
        'dl',
        { className: 'figures' },
        figure(t('staff.created'), stats.posts.created),
        figure(t('staff.published'), stats.posts.byStatus.published ?? 0),
        figure(t('staff.connections'), stats.connections),
        figure(t('staff.reportsCount'), stats.reports),
      ),
      perDayFigures(stats),
      h(
        'div',
        { className: 'breakdowns' },
        breakdownTable('category', t('staff.byCategory'), stats.posts.byCategory, (key) => categoryLabel(config, key)),
        breakdownTable('section', t('staff.bySection'), stats.posts.bySection, sectionTitle),
        breakdownTable('kind', t('staff.byKind'), stats.posts.byKind, kindWords),
        breakdownTable('status', t('staff.byStatus'), stats.posts.byStatus, statusWords),
        breakdownTable('outcome', t('staff.byOutcome'), stats.posts.closedBecause, outcomeWords),
        breakdownTable('follow-up', t('staff.byFollowUp'), stats.helpHappened, followUpWords),
      ),
    );
  }

  periodForm.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(periodForm, summary);
    if (from.value && to.value && from.value > to.value) {
      return showErrors(periodForm, summary, new Map([['period-from', t('staff.periodOrder')]]), labels);
    }
    void load().then(
      () => say(t('staff.periodDone', { from: formatDate(period!.from), to: formatDate(period!.to) }), 'success'),
      (error: unknown) => {
        if (error instanceof ApiError && error.details.length > 0) {
          return showErrors(
            periodForm,
            summary,
            errorsFromDetails(error.details, { 'query.from': 'period-from', 'query.to': 'period-to' }),
            labels,
          );
        }
        say(explain(error), 'error');
      },
    );
  });

  exportButton.addEventListener('click', () => {
    void (async () => {
      try {
        const base = new URLSearchParams({ ...period, ...(personal.checked ? { personalData: 'true' } : {}) });
        const parts = await wholeCsv(async (cursor) => {
          const page = new URLSearchParams(base);
          if (cursor) page.set('cursor', cursor);
          const response = await fetch(`/t/${tenantId}/api/staff/export.csv?${page.toString()}`, {
            headers: { authorization: `Bearer ${session}` },
          });
          if (!response.ok) throw new ApiError(response.status, `http_${response.status}`, 'export', []);
          return { bytes: await response.arrayBuffer(), nextCursor: response.headers.get('x-next-cursor') };
        });
        const url = URL.createObjectURL(new Blob(parts, { type: 'text/csv' }));
        const name = `entraide-${tenantId}-${period?.from ?? ''}-${period?.to ?? isoDay(new Date())}.csv`;
        const link = h('a', { href: url, download: name });
        document.body.append(link);
        link.click();
        link.remove();
        URL.revokeObjectURL(url);
        say(t('staff.exported'), 'success');
      } catch (error) {
        say(explain(error), 'error');
      }
    })();
  });

  const drawingsExportButton = h('button', { type: 'button', className: 'secondary' }, t('staff.exportDrawings'));
  drawingsExportButton.addEventListener('click', () => {
    const range = new URLSearchParams({ ...period });
    downloadStaffCsv(
      `/staff/drawings/export.csv?${range.toString()}`,
      session,
      `entraide-${tenantId}-dessins-${period?.from ?? ''}-${period?.to ?? ''}.csv`,
    ).then(
      () => say(t('staff.exported'), 'success'),
      (error: unknown) => say(explain(error), 'error'),
    );
  });

  const element = h(
    'section',
    { 'aria-labelledby': 'statistiques' },
    h('h2', { id: 'statistiques', tabindex: -1 }, t('staff.stats')),
    h('p', {}, t('staff.statsIntro')),
    periodForm,
    figures,
    role === 'admin' ? h('p', {}, h('label', { className: 'choice' }, personal, ` ${t('staff.exportPersonal')}`)) : null,
    h('p', {}, exportButton),
    // Where a section takes drawings: the gallery's figures of the same period, a row per day.
    config.sections.some((section) => section.type === 'gallery') ? h('p', {}, drawingsExportButton) : null,
  );
  return { element, load };
}
