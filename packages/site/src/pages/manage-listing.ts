import { api, ApiError, explain, tenantConfig, type PublicListingView } from '../api.js';
import { h, params, say } from '../dom.js';
import { t } from '../i18n.js';
import { frame, runPage } from '../layout.js';
import { listingLink } from '../listing-view.js';

type OwnListing = PublicListingView & { status: string; paused: boolean };

/**
 * The mailed link of a listing (`gerer-commerce.html?listing=…&token=…`): opening it confirms the
 * listing (once; opened again it repairs its place in the searches), then its owner pauses it,
 * puts it back, closes or deletes it.
 */
runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: t('manageListing.title'), tenant: config });
  const id = encodeURIComponent(params.get('listing') ?? '');
  const token = params.get('token') ?? '';
  const state = h('p', { className: 'notice', id: 'listing-state' });
  const status = h('p', { role: 'status', id: 'manage-status' });
  const pause = h('button', { type: 'button', className: 'secondary', id: 'listing-pause' });
  const close = h('button', { type: 'button', className: 'secondary', id: 'listing-close' }, t('manageListing.close'));
  const remove = h('button', { type: 'button', className: 'danger', id: 'listing-delete' }, t('manageListing.delete'));
  const view = h('a', { href: listingLink(params.get('listing') ?? '') }, t('manageListing.view'));
  // The actions appear once the listing is read: a bad link shows none.
  const actions = h('div', { className: 'actions', hidden: true }, pause, close, remove);
  main.append(state, h('p', {}, view), actions, status);

  let listing: OwnListing | undefined;
  const show = async () => {
    listing = await api<OwnListing>('GET', `/listings/${id}/own`, undefined, token);
    const words = listing.paused
      ? t('manageListing.paused')
      : t(`manageListing.status.${listing.status}` as 'manageListing.status.published');
    say(state, `${listing.name} : ${words}`);
    pause.textContent = listing.paused ? t('manageListing.resume') : t('manageListing.pause');
    actions.hidden = false;
    pause.hidden = close.hidden = listing.status !== 'published' && listing.status !== 'pending_moderation';
  };
  const act = async (request: () => Promise<unknown>, done: string) => {
    try {
      await request();
      await show();
      say(status, done);
    } catch (error) {
      say(status, explain(error));
    }
  };
  pause.addEventListener(
    'click',
    () => void act(() => api('PATCH', `/listings/${id}`, { paused: !listing?.paused }, token), t('manage.saved')),
  );
  close.addEventListener('click', () => void act(() => api('POST', `/listings/${id}/close`, undefined, token), t('manage.closed')));
  remove.addEventListener('click', () => {
    void (async () => {
      try {
        await api('DELETE', `/listings/${id}`, undefined, token);
        main.replaceChildren(
          h('h1', {}, t('manageListing.title')),
          h('p', { className: 'notice success', role: 'status' }, t('manageListing.deleted')),
        );
      } catch (error) {
        say(status, explain(error));
      }
    })();
  });

  try {
    await api('POST', `/listings/${id}/verify`, { token });
  } catch (error) {
    // Confirmed already (a second click on the link): nothing to say, the page shows where it stands.
    if (!(error instanceof ApiError && error.code === 'token_already_used')) {
      say(state, explain(error));
      return;
    }
  }
  try {
    await show();
  } catch (error) {
    say(state, explain(error));
  }
});
