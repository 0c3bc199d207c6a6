import { editPostSchema } from '@entraide/core/src/post.js';
import { api, ApiError, explain, tenantConfig } from '../api.js';
import { h, params } from '../dom.js';
import { clearErrors, errorsFromDetails, errorsFromIssues, errorSummary, field, select, showErrors } from '../form.js';
import { formatDate, localised, t, type MessageKey } from '../i18n.js';
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
  const summary = errorSummary();
  const fieldIds = { category: 'category', title: 'title', description: 'description' };
  const labels = { category: t('form.category'), title: t('form.title'), description: t('form.description') };
  const categorySelect = select('category', config.categories.map((category): [string, string] => [category.id, localised(category.label)]));
  const titleInput = h('input', { name: 'title', maxlength: 120 });
  const descriptionInput = h('textarea', { name: 'description', rows: 5, maxlength: 4000 });
  const editForm = h(
    'form',
    { id: 'edit-form', novalidate: true },
    summary,
    field({ id: 'category', label: t('form.category'), required: true }, categorySelect),
    field({ id: 'title', label: t('form.title'), hint: t('form.titleHint'), required: true }, titleInput),
    field({ id: 'description', label: t('form.description'), required: true }, descriptionInput),
    h('button', { type: 'submit' }, t('manage.save')),
  );
  const viewLink = h('p', {}, h('a', { href: pageLink('annonce.html', { post: params.get('post') ?? '' }) }, t('manage.view')));
  const closeSection = h(
    'section',
    { 'aria-labelledby': 'close-title' },
    h('h2', { id: 'close-title' }, t('manage.closeTitle')),
    h('div', { className: 'actions' },
      h('button', { type: 'button', id: 'close-fulfilled', onclick: () => void act(() => api('POST', `/posts/${postId}/close`, { reason: 'fulfilled' }, token), t('manage.closed')) }, t('manage.closeFulfilled')),
      h('button', { type: 'button', id: 'close-unneeded', className: 'secondary', onclick: () => void act(() => api('POST', `/posts/${postId}/close`, { reason: 'no_longer_needed' }, token), t('manage.closed')) }, t('manage.closeUnneeded')),
    ),
  );
  const confirmBox = h(
    'div',
    { hidden: true, className: 'confirm', id: 'delete-confirm' },
    h('p', {}, t('manage.deleteAsk')),
    h('div', { className: 'actions' },
      h('button', { type: 'button', className: 'danger', id: 'delete-yes', onclick: () => void remove() }, t('manage.deleteConfirm')),
      h('button', { type: 'button', className: 'secondary', onclick: () => { confirmBox.hidden = true; deleteButton.focus(); } }, t('manage.deleteCancel')),
    ),
  );
  const deleteButton = h('button', { type: 'button', className: 'danger', id: 'delete', onclick: () => { confirmBox.hidden = false; confirmBox.querySelector('button')?.focus(); } }, t('manage.delete'));
  const deleteSection = h('section', { 'aria-labelledby': 'delete-title' }, h('h2', { id: 'delete-title' }, t('manage.deleteTitle')), deleteButton, confirmBox);
  const editSection = h('section', { 'aria-labelledby': 'edit-title' }, h('h2', { id: 'edit-title' }, t('manage.edit')), editForm);
  main.append(state, status, viewLink, editSection, closeSection, deleteSection);

  const show = async () => {
    const post = await api<AuthorPost>('GET', `/posts/${postId}/own`, undefined, token);
    state.textContent = t('manage.state', { title: post.title, status: t(`status.${post.status}` as MessageKey), date: formatDate(post.expiresAt) });
    categorySelect.value = post.category;
    titleInput.value = post.title;
    descriptionInput.value = post.description;
    const open = post.status === 'published' || post.status === 'pending_moderation';
    editSection.hidden = !open;
    closeSection.hidden = !open;
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
      for (const section of [editSection, closeSection, deleteSection, viewLink]) section.hidden = true;
      state.textContent = t('status.deleted');
      status.replaceChildren(h('p', { className: 'notice success', tabindex: -1 }, t('manage.deleted')));
      (status.firstElementChild as HTMLElement).focus();
    } catch (error) {
      status.replaceChildren(h('p', { className: 'notice error', role: 'alert' }, explain(error)));
    }
  }
  editForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = { category: categorySelect.value, title: titleInput.value, description: descriptionInput.value };
    const parsed = editPostSchema.safeParse(body);
    if (!parsed.success) return showErrors(editForm, summary, errorsFromIssues(parsed.error.issues, fieldIds, body), labels);
    clearErrors(editForm, summary);
    void act(async () => {
      try {
        await api('PATCH', `/posts/${postId}`, parsed.data, token);
      } catch (error) {
        if (error instanceof ApiError && error.details.length) showErrors(editForm, summary, errorsFromDetails(error.details, fieldIds), labels);
        throw error;
      }
    }, t('manage.saved'));
  });

  try {
    await show();
  } catch (error) {
    for (const section of [editSection, closeSection, deleteSection, viewLink]) section.hidden = true;
    state.className = 'notice error';
    state.textContent = explain(error);
  }
});
