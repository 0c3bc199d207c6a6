import { tenantConfig } from '../api.js';
import { h, params } from '../dom.js';
import { localised, t } from '../i18n.js';
import { frame, runPage } from '../layout.js';
import { qrSvg } from '../qr.js';
import { sectionById, sectionLink } from '../section-view.js';
import { select } from '../form.js';
import { callLine } from '../tenant-contact.js';

/** A4 to print and pin up (pharmacies, town halls): the QR code leads to the tenant's (or a section's) page. */
runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: t('flyer.title'), tenant: config });
  const sectionId = params.get('section') ?? '';
  const section = sectionById(config, sectionId);
  // The QR code leads to the section's own page, or to the tenant's.
  const url = section ? `${location.origin}${sectionLink(section)}` : `${location.origin}/t/${config.id}/`;

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
      // A section's flyer speaks of the section: its own title and description.
      h('h2', { id: 'flyer-headline' }, section ? localised(section.title) : t('flyer.headline')),
      h('p', { className: 'flyer-body' }, section?.description ? localised(section.description) : t('flyer.body')),
      qrSvg(url, t('flyer.qr', { url })),
      h('p', {}, t('flyer.scan')),
      h('p', { className: 'flyer-url' }, url),
      callLine(config, t('flyer.call'), t('flyer.callAfter')) ?? h('p', { className: 'call' }, t('flyer.phone')),
    ),
  );
});
