import { api, explain, type Page } from './api.js';
import { h } from './dom.js';

/**
 * A staff section that lists the first page of a staff route (the drawings to review, the reported
 * conversations): its heading (the digest's anchor), an intro, a status line and the items, or the
 * `none` text. `item` gets the list's reload, to call after an action changed it.
 */
export function staffQueueSection<Item>(settings: {
  id: string;
  title: string;
  intro: string;
  none: string;
  path: string;
  session: string;
  list: HTMLElement;
  said: HTMLElement;
  item: (entry: Item, reload: () => Promise<void>) => HTMLElement;
}): HTMLElement {
  const { list, said } = settings;
  async function load(): Promise<void> {
    try {
      const page = await api<Page<Item>>('GET', settings.path, undefined, settings.session);
      list.replaceChildren(...page.items.map((entry) => settings.item(entry, load)));
      if (page.items.length === 0) list.append(h('li', {}, settings.none));
    } catch (error) {
      said.textContent = explain(error);
    }
  }
  void load();
  return h(
    'section',
    { 'aria-labelledby': settings.id },
    h('h2', { id: settings.id, tabindex: -1 }, settings.title),
    h('p', {}, settings.intro),
    said,
    list,
  );
}
