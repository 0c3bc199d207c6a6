import { disclosure, h } from './dom.js';
import { errorsFromIssues, errorSummary, field, showErrors } from './form.js';
import { t } from './i18n.js';
import { schemas } from './schemas.js';

/**
 * Refusing with a reason, as staff do for a post or a drawing: a button that opens a hidden form,
 * the reason checked with core's `rejectPostSchema` (what the API takes for both) at its field,
 * then `reject` with the checked body.
 */
export function rejectWithReason(options: {
  /** The reason field's id, unique in the page. */
  id: string;
  /** What is refused, for the button's accessible name. */
  title: string;
  hint?: string;
  reject: (body: { reason: string }) => void;
}): { button: HTMLButtonElement; form: HTMLFormElement } {
  const reason = h('textarea', { name: 'reason', rows: 2, maxlength: 1000 });
  const summary = errorSummary();
  const label = t('staff.rejectReason');
  const form = h(
    'form',
    { hidden: true, novalidate: true, className: 'reject-form' },
    summary,
    field({ id: options.id, label, ...(options.hint ? { hint: options.hint } : {}), required: true }, reason),
    h('button', { type: 'submit', className: 'danger' }, t('staff.confirmReject')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = { reason: reason.value };
    void schemas().then(({ rejectPostSchema }) => {
      const parsed = rejectPostSchema.safeParse(input);
      if (!parsed.success)
        return showErrors(form, summary, errorsFromIssues(parsed.error.issues, { reason: options.id }, input), { [options.id]: label });
      options.reject(parsed.data);
    });
  });
  const { button } = disclosure(form, t('staff.reject'), {
    ariaLabel: `${t('staff.reject')} : ${options.title}`,
    onToggle: (open) => open && reason.focus(),
  });
  return { button, form };
}
