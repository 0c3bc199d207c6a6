import { api, ApiError, explain, tenantConfig } from '../api.js';
import { h, params, say } from '../dom.js';
import { lang, t, type MessageKey } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';

interface OwnDrawing {
  id: string;
  status: string;
  imageRefusal?: { reason: string; fr: string; en: string };
  thumbnail?: { url: string };
}

/**
 * The mailed link of a drawing (`mon-dessin.html?drawing=…&token=…`): with `&action=verify` it
 * confirms the drawing, which processes its image (refused: said why); then the parent sees where
 * it stands and may delete it (every stored size goes).
 */
runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: t('myDrawing.title'), tenant: config });
  const id = encodeURIComponent(params.get('drawing') ?? '');
  const token = params.get('token') ?? '';
  const state = h('p', { className: 'notice', id: 'drawing-state', role: 'status' });
  const remove = h('button', { type: 'button', className: 'danger', id: 'drawing-delete', hidden: true }, t('myDrawing.delete'));
  const status = h('p', { role: 'status', id: 'drawing-action-status' });
  main.append(state, remove, status);

  const refusal = (error: ApiError) =>
    error.code === 'image_refused' || error.code === 'image_missing'
      ? lang === 'fr'
        ? error.message
        : (error.details[0]?.message ?? error.message)
      : explain(error);
  const show = async () => {
    const drawing = await api<OwnDrawing>('GET', `/drawings/${id}/own`, undefined, token);
    const words = drawing.imageRefusal ? drawing.imageRefusal[lang] : t(`myDrawing.status.${drawing.status}` as MessageKey);
    say(state, words);
    remove.hidden = false;
  };
  remove.addEventListener('click', () => {
    void (async () => {
      try {
        await api('DELETE', `/drawings/${id}`, undefined, token);
        main.replaceChildren(
          h('h1', {}, t('myDrawing.title')),
          h('p', { className: 'notice success', role: 'status' }, t('myDrawing.deleted')),
          h('p', {}, h('a', { href: pageLink('envoyer-dessin.html') }, t('gallery.send'))),
        );
      } catch (error) {
        say(status, explain(error));
      }
    })();
  });

  if (params.get('action') === 'verify') {
    try {
      await api('POST', `/drawings/${id}/verify`, { token });
    } catch (error) {
      // Confirmed already (a second click on the link): the page shows where it stands.
      if (!(error instanceof ApiError && error.code === 'token_already_used')) {
        say(state, error instanceof ApiError ? refusal(error) : explain(error));
        if (!(error instanceof ApiError && error.code === 'image_refused')) return;
      }
    }
  }
  try {
    await show();
  } catch (error) {
    say(state, explain(error));
  }
});
