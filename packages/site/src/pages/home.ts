import { h } from '../dom.js';
import { t, type MessageKey } from '../i18n.js';
import { frame, runPage } from '../layout.js';

interface TenantEntry {
  id: string;
  name: string;
  kind: string;
  url: string;
}

runPage(async () => {
  const main = frame({ title: t('home.title') });
  const list = h('ul', { className: 'cards' });
  main.append(h('p', { className: 'lead' }, t('home.intro')), h('h2', {}, t('home.choose')), list);
  const tenants = (await (await fetch('/tenants.json')).json()) as TenantEntry[];
  list.replaceChildren(
    ...tenants.map((tenant) =>
      h(
        'li',
        {},
        h('a', { href: tenant.url }, tenant.name),
        h('span', { className: 'meta' }, ` ${t(`tenantKind.${tenant.kind}` as MessageKey)}`),
      ),
    ),
  );
});
