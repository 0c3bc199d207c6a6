import type { PublicDrawing } from '@entraide/core/schemas';
import { h } from './dom.js';
import { lang, t } from './i18n.js';

/** A published drawing as the API gives it (`GET /drawings`). */
export type PublicDrawingView = PublicDrawing;

/** "Léa, 6 ans", "Léa", "6 ans" or nothing: who drew it, in words. */
export function drawnBy(drawing: Pick<PublicDrawingView, 'childFirstName' | 'childAge'>): string {
  const age = drawing.childAge ? t('gallery.age', { age: drawing.childAge }) : null;
  return [drawing.childFirstName ?? null, age].filter((part) => part !== null).join(', ');
}

/**
 * One drawing of the grid: its thumbnail as a button that opens the display size in a dialog (Escape
 * or the close button closes it, focus goes back to the thumbnail). The alt text is the message, or
 * "Dessin de {prénom}, {âge} ans".
 */
export function drawingTile(drawing: PublicDrawingView, dialog: HTMLDialogElement): HTMLElement {
  const alt = drawing.alt[lang];
  const open = h(
    'button',
    { type: 'button', className: 'drawing-thumb', 'aria-haspopup': 'dialog' },
    h('img', { src: drawing.thumbnail.url, alt, loading: 'lazy', width: 200 }),
  );
  open.addEventListener('click', () => {
    const image = h('img', { src: drawing.image.url, alt, className: 'drawing-large' });
    if (drawing.image.width && drawing.image.height) {
      image.width = drawing.image.width;
      image.height = drawing.image.height;
    }
    const close = h('button', { type: 'button', className: 'secondary' }, t('gallery.close'));
    close.addEventListener('click', () => dialog.close());
    dialog.replaceChildren(
      h('figure', {}, image, h('figcaption', {}, [drawnBy(drawing), drawing.message ?? ''].filter(Boolean).join(' — '))),
      close,
    );
    dialog.addEventListener('close', () => open.focus(), { once: true });
    dialog.showModal();
    close.focus();
  });
  const by = drawnBy(drawing);
  return h('li', { className: 'drawing' }, open, by ? h('p', { className: 'drawing-by' }, by) : null);
}
