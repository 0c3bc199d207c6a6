import { campaignHeadline } from '@entraide/core/plain';
import type { CampaignFigures, KitFigures, PublicSection } from '@entraide/core/schemas';
import { api, explain, tenantConfig } from '../api.js';
import { append, h, params } from '../dom.js';
import { clearErrors, errorsFromIssues, errorSummary, field, select, sendForm, showErrors, type FieldIdByPath } from '../form.js';
import { localised, t } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';
import { kitFiguresList, type PublicCampaign } from '../campaign-view.js';
import { perDayChart } from '../day-chart.js';
import { schemas } from '../schemas.js';
import { sectionById } from '../section-view.js';
import { downloadStaffCsv, staffSessionKey } from '../staff-session.js';

interface RosterEntry {
  id: string;
  name: string;
  phone?: string;
  pickupPoint: string;
  status: 'pending_verification' | 'active';
  figures: KitFigures;
  reminderDue: boolean;
}

/** How many volunteers the list shows at once: past that, a few more letters find the one at the counter. */
const shownAtOnce = 30;
const pointKey = (campaignId: string) => `entraide:counter-point:${campaignId}`;
/** A number field's value: empty is undefined (the schema says "required"), anything else as typed. */
const numberOf = (input: HTMLInputElement, empty?: number) => (input.value.trim() === '' ? empty : Number(input.value));
const numberInput = (name: string, value?: number) =>
  h('input', { type: 'number', name, inputmode: 'numeric', min: 0, step: 1, value: value === undefined ? null : String(value) });

/**
 * The staff's counter for a campaign with kits (`comptoir.html?campagne=…`), made for a phone: the
 * counter's pick-up point (kept for this tab), a volunteer found by a few letters of their name or
 * phone, kits handed out and returns recorded in two fields each, the campaign's figures with the
 * items returned per day, deliveries into the stock and the reminders in one click.
 */
runPage(async () => {
  const config = await tenantConfig();
  const session = sessionStorage.getItem(staffSessionKey);
  const campaigns = config.sections.filter((candidate) => candidate.type === 'campaign' && candidate.campaign);
  const section = sectionById(config, params.get('campagne'), 'campaign');
  const main = frame({ title: section ? `${t('counter.title')} — ${localised(section.title)}` : t('counter.title'), tenant: config });
  if (!session) {
    main.append(h('p', { className: 'notice' }, t('counter.signIn'), ' ', h('a', { href: pageLink('equipe.html') }, t('footer.staff'))));
    return;
  }
  if (!section?.campaign) {
    main.append(
      h('p', {}, t('counter.choose')),
      h(
        'ul',
        {},
        ...campaigns.map((campaign) =>
          h('li', {}, h('a', { href: pageLink('comptoir.html', { campagne: campaign.id }) }, localised(campaign.title))),
        ),
      ),
    );
    return;
  }
  await counter(main, section, section.campaign, session);
});

async function counter(main: HTMLElement, section: PublicSection, campaign: PublicCampaign, session: string): Promise<void> {
  // Core's schemas and text folding: a chunk of their own, loaded while the page is drawn.
  const { foldText, handOutSchema, returnSchema, stockDeliverySchema } = await schemas();
  const base = `/staff/campaigns/${encodeURIComponent(section.id)}`;
  const status = h('p', { role: 'status', id: 'counter-status' });
  const point = select(
    'pickupPoint',
    campaign.pickupPoints.map((candidate) => [candidate.id, candidate.name]),
    sessionStorage.getItem(pointKey(section.id)) ?? undefined,
  );
  point.addEventListener('change', () => sessionStorage.setItem(pointKey(section.id), point.value));
  const search = h('input', { type: 'search', name: 'q', autocomplete: 'off', maxlength: 60 });
  const listStatus = h('p', { id: 'counter-count', 'aria-live': 'polite' });
  const list = h('ul', { className: 'results', id: 'counter-volunteers' });
  const figuresSlot = h('div', { id: 'counter-figures' });
  const reminders = h('div', { id: 'counter-reminders' });
  let roster: RosterEntry[] = [];

  async function load(): Promise<void> {
    const view = await api<{ figures: CampaignFigures; volunteers: RosterEntry[] }>('GET', base, undefined, session);
    roster = view.volunteers;
    drawFigures(view.figures);
    drawList();
    drawReminders();
  }

  function drawFigures(figures: CampaignFigures): void {
    figuresSlot.replaceChildren(
      kitFiguresList('campaign-figures', { ...campaignHeadline(figures), kitsReceived: figures.kitsReceived }),
      perDayChart({
        id: 'returns-chart',
        caption: `${t('counter.chart')} (${localised(campaign.makes)})`,
        dayColumn: t('staff.day'),
        columns: [t('kits.itemsReturned'), t('kits.kitsHandedOut'), t('kits.itemsDeclared')],
        days: figures.perDay.map((day) => ({
          day: day.day,
          bars: [day.itemsReturned],
          cells: [day.itemsReturned, day.kitsHandedOut, day.itemsDeclared],
        })),
      }),
    );
  }

  function drawList(): void {
    const words = foldText(search.value.trim());
    const digits = search.value.replace(/\D/g, '');
    const found = roster.filter(
      (entry) =>
        !words || foldText(entry.name).includes(words) || (digits.length >= 2 && (entry.phone ?? '').replace(/\D/g, '').includes(digits)),
    );
    list.replaceChildren(...found.slice(0, shownAtOnce).map(volunteerItem));
    listStatus.textContent = !found.length
      ? t('counter.none')
      : found.length > shownAtOnce
        ? t('counter.more', { count: found.length })
        : t('counter.count', { count: found.length });
  }

  function drawReminders(): void {
    const due = roster.filter((entry) => entry.reminderDue);
    reminders.replaceChildren(
      h('p', {}, due.length ? t('counter.remindersIntro', { days: campaign.reminderAfterDays }) : t('counter.remindersNone')),
    );
    if (!due.length) return;
    const send = h('button', { type: 'button', id: 'send-reminders' }, t('counter.remind', { count: due.length }));
    send.addEventListener('click', () => {
      send.disabled = true;
      void api<{ sent: number }>('POST', `${base}/reminders`, undefined, session).then(
        async (done) => {
          await load();
          say('success', t('counter.reminded', { count: done.sent }));
        },
        (error: unknown) => {
          send.disabled = false;
          say('error', explain(error));
        },
      );
    });
    append(reminders, h('ul', {}, ...due.map((entry) => h('li', {}, entry.name))), send);
  }

  function say(kind: 'success' | 'error', text: string): void {
    status.className = `notice ${kind}`;
    status.textContent = text;
  }

  /** A small form of the counter: checked by core's schema, sent, then the list and figures read again. */
  function counterForm(options: {
    id: string;
    /** Each field: its path in the body, its id, its label, its input. */
    fields: [string, string, string, HTMLInputElement][];
    submit: string;
    body: () => Record<string, unknown>;
    schema: {
      safeParse: (
        body: unknown,
      ) => { success: true; data: unknown } | { success: false; error: { issues: Parameters<typeof errorsFromIssues>[0] } };
    };
    path: string;
    sentText: (body: Record<string, unknown>, sent: unknown) => string;
  }): HTMLFormElement {
    const fieldIds: FieldIdByPath = Object.fromEntries(options.fields.map(([path, id]) => [path, id]));
    const labels = Object.fromEntries(options.fields.map(([, id, label]) => [id, label]));
    const summary = errorSummary();
    const form = h(
      'form',
      { id: options.id, novalidate: true, className: 'counter-form' },
      summary,
      ...options.fields.map(([, id, label, input]) => field({ id, label }, input)),
      h('button', { type: 'submit' }, options.submit),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void (async () => {
        clearErrors(form, summary);
        const body = options.body();
        const checked = options.schema.safeParse(body);
        if (!checked.success) return showErrors(form, summary, errorsFromIssues(checked.error.issues, fieldIds, body), labels);
        const sent = await sendForm({
          form,
          summary,
          result: status,
          fieldIds,
          labels,
          keepForm: true,
          send: () => api('POST', options.path, checked.data, session),
          sentText: (sent) => options.sentText(checked.data as Record<string, unknown>, sent),
        });
        if (sent) {
          const text = status.textContent ?? '';
          await load();
          say('success', text);
          search.focus();
        }
      })();
    });
    return form;
  }

  function volunteerItem(entry: RosterEntry): HTMLLIElement {
    const pointName = campaign.pickupPoints.find((candidate) => candidate.id === entry.pickupPoint)?.name ?? entry.pickupPoint;
    const kits = numberInput('kits', 1);
    const items = numberInput('items');
    const unusedKits = numberInput('unusedKits');
    const path = `${base}/volunteers/${encodeURIComponent(entry.id)}`;
    return h(
      'li',
      { className: 'result volunteer' },
      h('h3', {}, entry.name),
      h(
        'p',
        { className: 'meta' },
        [entry.phone, pointName, entry.status === 'active' ? null : t('counter.pending')].filter(Boolean).join(' · '),
      ),
      h(
        'p',
        {},
        t('counter.line', {
          kitsOut: entry.figures.kitsOut,
          itemsReturned: entry.figures.itemsReturned,
          itemsDeclared: entry.figures.itemsDeclared,
        }),
      ),
      entry.status === 'active'
        ? h(
            'div',
            { className: 'counter-actions' },
            h(
              'details',
              {},
              h('summary', {}, `${t('counter.handOut')} — ${entry.name}`),
              counterForm({
                id: `handout-${entry.id}`,
                fields: [['kits', `handout-kits-${entry.id}`, t('counter.kits'), kits]],
                submit: t('counter.handOutSubmit'),
                body: () => ({ kits: numberOf(kits), pickupPoint: point.value }),
                schema: handOutSchema,
                path: `${path}/handouts`,
                sentText: (body) => t('counter.handedOut', { kits: Number(body.kits), name: entry.name }),
              }),
            ),
            h(
              'details',
              {},
              h('summary', {}, `${t('counter.return')} — ${entry.name}`),
              counterForm({
                id: `return-${entry.id}`,
                fields: [
                  ['items', `return-items-${entry.id}`, t('counter.items'), items],
                  ['unusedKits', `return-unused-${entry.id}`, t('counter.unusedKits'), unusedKits],
                ],
                submit: t('counter.returnSubmit'),
                body: () => ({ items: numberOf(items, 0), unusedKits: numberOf(unusedKits, 0), pickupPoint: point.value }),
                schema: returnSchema,
                path: `${path}/returns`,
                sentText: (body) => t('counter.returned', { name: entry.name, items: Number(body.items), kits: Number(body.unusedKits) }),
              }),
            ),
          )
        : null,
    );
  }

  search.addEventListener('input', drawList);
  const stockKits = numberInput('kits');
  append(
    main,
    field({ id: 'counter-point', label: t('counter.point') }, point),
    status,
    h(
      'section',
      { 'aria-labelledby': 'counter-find' },
      h('h2', { id: 'counter-find' }, t('counter.find')),
      field({ id: 'counter-search', label: t('counter.who'), hint: t('counter.findHint') }, search),
      listStatus,
      list,
    ),
    h(
      'section',
      { 'aria-labelledby': 'counter-figures-title' },
      h('h2', { id: 'counter-figures-title' }, t('counter.figures')),
      figuresSlot,
      h(
        'div',
        { className: 'actions' },
        ...(['volunteer', 'day', 'pickupPoint'] as const).map((rows) => {
          const button = h('button', { type: 'button', className: 'secondary' }, t(`counter.export.${rows}`));
          button.addEventListener('click', () => {
            downloadStaffCsv(`${base}/export.csv?rows=${rows}`, session, `entraide-${section.id}-${rows}.csv`).then(
              () => say('success', t('staff.exported')),
              (error: unknown) => say('error', explain(error)),
            );
          });
          return button;
        }),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'counter-stock' },
      h('h2', { id: 'counter-stock' }, t('counter.stock')),
      counterForm({
        id: 'stock-form',
        fields: [['kits', 'stock-kits', t('counter.stockKits'), stockKits]],
        submit: t('counter.stockSubmit'),
        body: () => ({ kits: numberOf(stockKits) }),
        schema: stockDeliverySchema,
        path: `${base}/stock`,
        sentText: (_body, sent) => t('counter.stocked', { stock: (sent as { kitsInStock: number }).kitsInStock }),
      }),
    ),
    h(
      'section',
      { 'aria-labelledby': 'counter-reminders-title' },
      h('h2', { id: 'counter-reminders-title' }, t('counter.reminders')),
      reminders,
    ),
  );
  await load();
}
