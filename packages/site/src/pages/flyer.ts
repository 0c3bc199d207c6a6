import { tenantConfig } from '../api.js';
import { h, params } from '../dom.js';
import { localised, t } from '../i18n.js';
import { frame, runPage } from '../layout.js';
import { qrSvg } from '../qr.js';
import { select } from '../form.js';

/** A4 to print and pin up (pharmacies, town halls): the QR code leads to the tenant's (or a section's) page. */
runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: t('flyer.title'), tenant: config });
  const sectionId = params.get('section') ?? '';
  const section = config.sections.find((candidate) => candidate.id === sectionId);
  const url = `${location.origin}/t/${config.id}/${section ? `?section=${encodeURIComponent(section.id)}` : ''}`;

  const chooser = h(
    'form',
    { className: 'no-print', method: 'get' },
    h('label', { for: 'section' }, t('flyer.section')),
    select(
      'section',
      [['', t('flyer.allSections')], ...config.sections.map((candidate): [string, string] => [candidate.id, localised(candidate.title)])],
      sectionId,
    ),
    h('button', { type: 'submit', className: 'secondary' }, 'OK'),
  );
  chooser.querySelector('select')!.id = 'section';
  main.append(
    h('div', { className: 'no-print actions' }, chooser, h('button', { type: 'button', onclick: () => window.print() }, t('flyer.print'))),
    h(
      'article',
      { className: 'flyer', 'aria-labelledby': 'flyer-headline' },
      h('p', { className: 'flyer-tenant' }, config.name),
      section ? h('p', { className: 'flyer-section' }, localised(section.title)) : null,
      h('h2', { id: 'flyer-headline' }, t('flyer.headline')),
      h('p', { className: 'flyer-body' }, t('flyer.body')),
      qrSvg(url, t('flyer.qr', { url })),
      h('p', {}, t('flyer.scan')),
      h('p', { className: 'flyer-url' }, url),
      h('p', { className: 'flyer-phone' }, t('flyer.phone')),
    ),
  );
});
