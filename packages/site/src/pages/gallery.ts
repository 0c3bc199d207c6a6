import { api, tenantConfig, type Page } from '../api.js';
import { append, h, params } from '../dom.js';
import { localised, t } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';
import { drawingTile, type PublicDrawingView } from '../gallery-view.js';
import { pagedList, sectionById } from '../section-view.js';

/**
 * A gallery section's drawings (`galerie.html?section=…`): a grid of thumbnails, newest first, paged;
 * a thumbnail opens the drawing at its display size. Only drawings staff approved are listed.
 */
runPage(async () => {
  const config = await tenantConfig();
  const section =
    sectionById(config, params.get('section'), 'gallery') ?? config.sections.find((candidate) => candidate.type === 'gallery');
  const main = frame({ title: section ? localised(section.title) : t('gallery.title'), tenant: config });
  if (!section) {
    main.append(h('p', { className: 'notice' }, t('gallery.noSection')));
    return;
  }
  const dialog = h('dialog', { className: 'drawing-dialog', 'aria-label': t('gallery.title') });
  const list = pagedList<PublicDrawingView>({
    fetchPage: (cursor) =>
      api<Page<PublicDrawingView>>(
        'GET',
        `/drawings?${new URLSearchParams({ section: section.id, limit: '12', ...(cursor ? { cursor } : {}) })}`,
      ),
    render: (drawing) => drawingTile(drawing, dialog),
    none: t('gallery.none'),
    more: t('tenant.more'),
  });
  list.querySelector('ul')?.classList.replace('posts', 'drawings');
  append(
    main,
    section.state === 'open'
      ? h(
          'p',
          { className: 'actions big' },
          h('a', { className: 'button', href: pageLink('envoyer-dessin.html', { section: section.id }) }, t('gallery.send')),
        )
      : null,
    list,
    dialog,
  );
});
