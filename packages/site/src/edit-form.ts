import type { EditPostInput } from '@entraide/core/schemas';
import type { PublicTenantConfig } from '@entraide/core/schemas';
import { ApiError } from './api.js';
import { h } from './dom.js';
import { clearErrors, errorsFromDetails, errorsFromIssues, errorSummary, field, select, showErrors } from './form.js';
import { localised, t } from './i18n.js';
import { schemas } from './schemas.js';

const fieldIds = { category: 'category', title: 'title', description: 'description' };

export interface PostEditFormOptions {
  config: PublicTenantConfig;
  /** Sends the edit the shared schema accepted (the author's PATCH, or staff's). */
  save: (edit: EditPostInput) => Promise<unknown>;
  onSaved: () => Promise<void> | void;
  onError: (error: unknown) => void;
}

/** Category, title and description of a post, changed by its author (`gerer.html`) or by staff (`equipe.html`). */
export function postEditForm(options: PostEditFormOptions): {
  form: HTMLFormElement;
  fill: (post: { category: string; title: string | null; description: string | null }) => void;
} {
  const summary = errorSummary();
  const labels = { category: t('form.category'), title: t('form.title'), description: t('form.description') };
  const categorySelect = select(
    'category',
    options.config.categories.map((category): [string, string] => [category.id, localised(category.label)]),
  );
  const titleInput = h('input', { name: 'title', maxlength: 120 });
  const descriptionInput = h('textarea', { name: 'description', rows: 5, maxlength: 4000 });
  const form = h(
    'form',
    { id: 'edit-form', novalidate: true },
    summary,
    field({ id: 'category', label: t('form.category'), required: true }, categorySelect),
    field({ id: 'title', label: t('form.title'), hint: t('form.titleHint'), required: true }, titleInput),
    field({ id: 'description', label: t('form.description'), required: true }, descriptionInput),
    h('button', { type: 'submit' }, t('manage.save')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      const body = { category: categorySelect.value, title: titleInput.value, description: descriptionInput.value };
      const { editPostSchema } = await schemas();
      const parsed = editPostSchema.safeParse(body);
      if (!parsed.success) return showErrors(form, summary, errorsFromIssues(parsed.error.issues, fieldIds, body), labels);
      clearErrors(form, summary);
      try {
        await options.save(parsed.data);
      } catch (error) {
        if (error instanceof ApiError && error.details.length)
          showErrors(form, summary, errorsFromDetails(error.details, fieldIds), labels);
        options.onError(error);
        return;
      }
      await options.onSaved();
    })();
  });
  return {
    form,
    fill: (post) => {
      categorySelect.value = post.category;
      titleInput.value = post.title ?? '';
      descriptionInput.value = post.description ?? '';
    },
  };
}
