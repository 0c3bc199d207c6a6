import { api, explain, tenantConfig, type Page } from '../api.js';
import { h } from '../dom.js';
import { formatKm, localised, t } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';
import { shiftWhen, type MissionSummary } from '../mission-view.js';

/** The missions to come, soonest first, with a filter by dates: each links to its page and its sign-up form. */
runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: t('missions.title'), tenant: config });
  const sections = config.sections.filter((section) => section.type === 'missions');
  if (sections.length) main.append(h('p', {}, sections.map((section) => localised(section.description ?? section.title)).join(' · ')));
  const from = h('input', { type: 'date', name: 'from', id: 'missions-from' });
  const to = h('input', { type: 'date', name: 'to', id: 'missions-to' });
  const list = h('ul', { className: 'results', id: 'missions-list' });
  const status = h('p', { role: 'status', id: 'missions-status' });
  const more = h('button', { type: 'button', hidden: true }, t('missions.more'));
  let cursor: string | null = null;

  async function load(reset: boolean) {
    if (reset) {
      list.replaceChildren();
      cursor = null;
    }
    const query = new URLSearchParams();
    if (from.value) query.set('from', from.value);
    if (to.value) query.set('to', to.value);
    if (cursor) query.set('cursor', cursor);
    try {
      const page = await api<Page<MissionSummary>>('GET', `/missions${query.size ? `?${query}` : ''}`);
      for (const mission of page.items) {
        list.append(
          h(
            'li',
            { className: 'result' },
            h('h2', {}, h('a', { href: pageLink('mission.html', { mission: mission.id }) }, mission.title)),
            h(
              'p',
              {},
              `${mission.organisation.name} — ${mission.address}${mission.distanceKm !== undefined ? ` (${formatKm(mission.distanceKm)})` : ''}`,
            ),
            h(
              'p',
              {},
              t('missions.next', { when: shiftWhen(mission.nextShift) }),
              ' ',
              mission.nextShift.placesLeft > 0 ? t('mission.placesLeft', { count: mission.nextShift.placesLeft }) : t('mission.full'),
            ),
          ),
        );
      }
      cursor = page.nextCursor;
      more.hidden = !cursor;
      status.textContent = list.children.length ? t('missions.count', { count: list.children.length }) : t('missions.none');
    } catch (error) {
      status.textContent = explain(error);
    }
  }

  main.append(
    h(
      'form',
      {
        className: 'filters',
        onsubmit: (event: Event) => {
          event.preventDefault();
          void load(true);
        },
      },
      h('div', { className: 'field' }, h('label', { for: 'missions-from' }, t('missions.from')), from),
      h('div', { className: 'field' }, h('label', { for: 'missions-to' }, t('missions.to')), to),
      h('button', { type: 'submit' }, t('missions.filter')),
    ),
    status,
    list,
    more,
  );
  more.addEventListener('click', () => void load(false));
  await load(true);
});
