import { api, explain, tenantConfig } from '../api.js';
import { h, params } from '../dom.js';
import { postEditForm } from '../edit-form.js';
import { formatDate, t, type MessageKey } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';

interface AuthorPost {
  id: string;
  status: string;
  category: string;
  title: string;
  description: string;
  expiresAt: string;
}

runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: t('manage.title'), tenant: config });
  const postId = encodeURIComponent(params.get('post') ?? '');
  const token = params.get('token') ?? '';
  const state = h('p', { className: 'notice', id: 'post-state' });
  const status = h('div', { role: 'status', id: 'manage-status' });
  const edit = postEditForm({
    config,
    save: (body) => api('PATCH', `/posts/${postId}`, body, token),
    onSaved: async () => {
      await show();
      status.replaceChildren(h('p', { className: 'notice success' }, t('manage.saved')));
    },
    onError: (error) => status.replaceChildren(h('p', { className: 'notice error', role: 'alert' }, explain(error))),
  });
  const editForm = edit.form;
  const viewLink = h('p', {}, h('a', { href: pageLink('annonce.html', { post: params.get('post') ?? '' }) }, t('manage.view')));
  const closeSection = h(
    'section',
    { 'aria-labelledby': 'close-title' },
    h('h2', { id: 'close-title' }, t('manage.closeTitle')),
    h(
      'div',
      { className: 'actions' },
      h(
        'button',
        {
          type: 'button',
          id: 'close-fulfilled',
          onclick: () => void act(() => api('POST', `/posts/${postId}/close`, { reason: 'fulfilled' }, token), t('manage.closed')),
        },
        t('manage.closeFulfilled'),
      ),
      h(
        'button',
        {
          type: 'button',
          id: 'close-unneeded',
          className: 'secondary',
          onclick: () => void act(() => api('POST', `/posts/${postId}/close`, { reason: 'no_longer_needed' }, token), t('manage.closed')),
        },
        t('manage.closeUnneeded'),
      ),
    ),
  );
  const reopenSection = h(
    'section',
    { 'aria-labelledby': 'reopen-title', hidden: true },
    h('h2', { id: 'reopen-title' }, t('manage.reopenTitle')),
    h('p', {}, t('manage.reopenHint')),
    h(
      'button',
      {
        type: 'button',
        id: 'reopen',
        onclick: () => void act(() => api('POST', `/posts/${postId}/reopen`, undefined, token), t('manage.reopened')),
      },
      t('manage.reopen'),
    ),
  );
  const confirmBox = h(
    'div',
    { hidden: true, className: 'confirm', id: 'delete-confirm' },
    h('p', {}, t('manage.deleteAsk')),
    h(
      'div',
      { className: 'actions' },
      h('button', { type: 'button', className: 'danger', id: 'delete-yes', onclick: () => void remove() }, t('manage.deleteConfirm')),
      h(
        'button',
        {
          type: 'button',
          className: 'secondary',
          onclick: () => {
            confirmBox.hidden = true;
            deleteButton.focus();
          },
        },
        t('manage.deleteCancel'),
      ),
    ),
  );
  const deleteButton = h(
    'button',
    {
      type: 'button',
      className: 'danger',
      id: 'delete',
      onclick: () => {
        confirmBox.hidden = false;
        confirmBox.querySelector('button')?.focus();
      },
    },
    t('manage.delete'),
  );
  const deleteSection = h(
    'section',
    { 'aria-labelledby': 'delete-title' },
    h('h2', { id: 'delete-title' }, t('manage.deleteTitle')),
    deleteButton,
    confirmBox,
  );
  const editSection = h('section', { 'aria-labelledby': 'edit-title' }, h('h2', { id: 'edit-title' }, t('manage.edit')), editForm);
  main.append(state, status, viewLink, editSection, closeSection, reopenSection, deleteSection);

  const show = async () => {
    const post = await api<AuthorPost>('GET', `/posts/${postId}/own`, undefined, token);
    state.textContent = t('manage.state', {
      title: post.title,
      status: t(`status.${post.status}` as MessageKey),
      date: formatDate(post.expiresAt),
    });
    edit.fill(post);
    const open = post.status === 'published' || post.status === 'pending_moderation';
    editSection.hidden = !open;
    closeSection.hidden = !open;
    reopenSection.hidden = post.status !== 'closed';
    viewLink.hidden = post.status !== 'published';
  };
  async function act(action: () => Promise<unknown>, done: string) {
    try {
      await action();
      await show();
      status.replaceChildren(h('p', { className: 'notice success' }, done));
    } catch (error) {
      status.replaceChildren(h('p', { className: 'notice error', role: 'alert' }, explain(error)));
    }
  }
  async function remove() {
    try {
      await api('DELETE', `/posts/${postId}`, undefined, token);
      for (const section of [editSection, closeSection, reopenSection, deleteSection, viewLink]) section.hidden = true;
      state.textContent = t('status.deleted');
      status.replaceChildren(h('p', { className: 'notice success', tabindex: -1 }, t('manage.deleted')));
      (status.firstElementChild as HTMLElement).focus();
    } catch (error) {
      status.replaceChildren(h('p', { className: 'notice error', role: 'alert' }, explain(error)));
    }
  }
  try {
    await show();
  } catch (error) {
    for (const section of [editSection, closeSection, reopenSection, deleteSection, viewLink]) section.hidden = true;
    state.className = 'notice error';
    state.textContent = explain(error);
  }
});
