import type { StaffWishView as StaffWish, SuggestionInput } from '@entraide/core/schemas';
import { api, ApiError, explain, tenantConfig, type Page } from '../api.js';
import { h } from '../dom.js';
import { clearErrors, errorsFromDetails, errorsFromIssues, errorSummary, field, select, showErrors } from '../form.js';
import { t } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';
import type { MissionSummary } from '../mission-view.js';
import { staffSessionKey } from '../staff-session.js';
import { schemas } from '../schemas.js';

/**
 * The staff's orientation screen: the residents who want to help (filtered by a word), and for the
 * one chosen, up to three suggestions — a mission of the tenant, an association's need, a mission
 * on another platform — sent in one mail.
 */
runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: t('orient.title'), tenant: config });
  const session = sessionStorage.getItem(staffSessionKey);
  if (!session) {
    main.append(h('p', { className: 'notice' }, t('orient.signIn'), ' ', h('a', { href: pageLink('equipe.html') }, t('footer.staff'))));
    return;
  }
  const status = h('p', { role: 'status', id: 'orient-status' });
  const filter = h('input', { type: 'search', name: 'skill', maxlength: 60 });
  const list = h('ul', { className: 'results', id: 'wishes' });
  const missions = await api<Page<MissionSummary>>('GET', '/missions?limit=50').catch(() => ({ items: [], nextCursor: null }));

  async function load() {
    const query = filter.value.trim() ? `?skill=${encodeURIComponent(filter.value.trim())}` : '';
    try {
      const page = await api<Page<StaffWish>>('GET', `/staff/wishes${query}`, undefined, session!);
      list.replaceChildren(...page.items.map(wishItem));
      status.textContent = page.items.length ? t('orient.count', { count: page.items.length }) : t('orient.none');
    } catch (error) {
      status.textContent = explain(error);
    }
  }

  function wishItem(wish: StaffWish): HTMLElement {
    const words = [
      wish.skills?.length ? `${t('wish.skills')} : ${wish.skills.join(', ')}` : '',
      wish.causes?.length ? `${t('wish.causes')} : ${wish.causes.join(', ')}` : '',
      wish.languages?.length ? `${t('wish.languages')} : ${wish.languages.join(', ')}` : '',
      wish.availability ? `${t('wish.availability')} : ${wish.availability}` : '',
      wish.area ? `${t('wish.area')} : ${wish.area}` : '',
    ].filter(Boolean);
    const open = h('button', { type: 'button' }, t('orient.open', { name: wish.name }));
    const item = h('li', { className: 'result' }, h('h2', {}, wish.name), ...words.map((line) => h('p', {}, line)), open);
    open.addEventListener('click', () => {
      open.remove();
      item.append(orientationForm(wish));
      item.querySelector<HTMLElement>('select, input')?.focus();
    });
    return item;
  }

  function orientationForm(wish: StaffWish): HTMLFormElement {
    const ids = {
      mission: `orient-mission-${wish.id}`,
      associationName: `orient-asso-${wish.id}`,
      associationNeed: `orient-need-${wish.id}`,
      associationWebsite: `orient-site-${wish.id}`,
      externalTitle: `orient-ext-title-${wish.id}`,
      externalUrl: `orient-ext-url-${wish.id}`,
    };
    const mission = select(
      'mission',
      [
        ['', t('orient.noMission')],
        ...missions.items.map((candidate): [string, string] => [candidate.id, `${candidate.title} — ${candidate.organisation.name}`]),
      ],
      '',
    );
    mission.id = ids.mission;
    const associationName = h('input', { type: 'text', maxlength: 120 });
    const associationNeed = h('input', { type: 'text', maxlength: 500 });
    const associationWebsite = h('input', { type: 'url', maxlength: 500 });
    const externalTitle = h('input', { type: 'text', maxlength: 160 });
    const externalUrl = h('input', { type: 'url', maxlength: 500 });
    const labels = {
      [ids.mission]: t('orient.mission'),
      [ids.associationName]: t('orient.associationName'),
      [ids.associationNeed]: t('orient.associationNeed'),
      [ids.associationWebsite]: t('orient.associationWebsite'),
      [ids.externalTitle]: t('orient.externalTitle'),
      [ids.externalUrl]: t('orient.externalUrl'),
    };
    const summary = errorSummary();
    const form = h(
      'form',
      { novalidate: true, className: 'orientation' },
      summary,
      h('fieldset', {}, h('legend', {}, t('orient.missionLegend')), field({ id: ids.mission, label: labels[ids.mission]! }, mission)),
      h(
        'fieldset',
        {},
        h('legend', {}, t('orient.associationLegend')),
        field({ id: ids.associationName, label: labels[ids.associationName]! }, associationName),
        field({ id: ids.associationNeed, label: labels[ids.associationNeed]! }, associationNeed),
        field({ id: ids.associationWebsite, label: labels[ids.associationWebsite]! }, associationWebsite),
      ),
      h(
        'fieldset',
        {},
        h('legend', {}, t('orient.externalLegend')),
        field({ id: ids.externalTitle, label: labels[ids.externalTitle]! }, externalTitle),
        field({ id: ids.externalUrl, label: labels[ids.externalUrl]!, hint: t('orient.urlHint') }, externalUrl),
      ),
      h('button', { type: 'submit' }, t('orient.send', { name: wish.name })),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void (async () => {
        clearErrors(form, summary);
        const suggestions: SuggestionInput[] = [];
        const fieldIds: Record<string, string> = {};
        if (mission.value) {
          fieldIds[`suggestions.${suggestions.length}.missionId`] = ids.mission;
          suggestions.push({ kind: 'mission', missionId: mission.value });
        }
        if (associationName.value.trim() || associationNeed.value.trim()) {
          const index = suggestions.length;
          Object.assign(fieldIds, {
            [`suggestions.${index}.name`]: ids.associationName,
            [`suggestions.${index}.need`]: ids.associationNeed,
            [`suggestions.${index}.website`]: ids.associationWebsite,
          });
          suggestions.push({
            kind: 'association',
            name: associationName.value,
            need: associationNeed.value,
            ...(associationWebsite.value.trim() ? { website: associationWebsite.value.trim() } : {}),
          });
        }
        if (externalTitle.value.trim() || externalUrl.value.trim()) {
          const index = suggestions.length;
          Object.assign(fieldIds, { [`suggestions.${index}.title`]: ids.externalTitle, [`suggestions.${index}.url`]: ids.externalUrl });
          suggestions.push({ kind: 'external', title: externalTitle.value, url: externalUrl.value.trim() });
        }
        fieldIds.suggestions = ids.mission;
        const body = { suggestions };
        const { orientationSchema } = await schemas();
        const parsed = orientationSchema.safeParse(body);
        if (!parsed.success) return showErrors(form, summary, errorsFromIssues(parsed.error.issues, fieldIds, body), labels);
        try {
          await api('POST', `/staff/wishes/${encodeURIComponent(wish.id)}/orientations`, parsed.data, session!);
          form.replaceWith(h('p', { className: 'notice success' }, t('orient.sent', { name: wish.name, count: suggestions.length })));
          status.textContent = t('orient.sent', { name: wish.name, count: suggestions.length });
        } catch (error) {
          if (error instanceof ApiError && error.details.length)
            showErrors(form, summary, errorsFromDetails(error.details, fieldIds), labels);
          else status.textContent = explain(error);
        }
      })();
    });
    return form;
  }

  main.append(
    h('p', {}, t('orient.intro')),
    h(
      'form',
      {
        className: 'filters',
        role: 'search',
        onsubmit: (event: Event) => {
          event.preventDefault();
          void load();
        },
      },
      field({ id: 'orient-filter', label: t('orient.filter') }, filter),
      h('button', { type: 'submit' }, t('orient.filterButton')),
    ),
    status,
    list,
  );
  await load();
});
