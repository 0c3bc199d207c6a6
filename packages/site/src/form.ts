import type * as z from 'zod';
import { ApiError, explain } from './api.js';
import { append, h } from './dom.js';
import { t, type MessageKey } from './i18n.js';
import { schemas } from './schemas.js';

/**
 * Form fields with their label, help text and error message next to them (RGAA 11): the error is
 * tied to the field with aria-describedby and aria-invalid, and said in words, not only in colour.
 */
export interface FieldOptions {
  id: string;
  label: string;
  hint?: string;
  required?: boolean;
}

export function field(options: FieldOptions, control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement): HTMLElement {
  const hintId = `${options.id}-hint`;
  const errorId = `${options.id}-error`;
  control.id = options.id;
  control.setAttribute('aria-describedby', options.hint ? `${hintId} ${errorId}` : errorId);
  if (options.required) control.required = true;
  return h(
    'div',
    { className: 'field' },
    h(
      'label',
      { for: options.id },
      options.label,
      options.required ? h('span', { className: 'required' }, ` (${t('form.required')})`) : null,
    ),
    options.hint ? h('p', { className: 'hint', id: hintId }, options.hint) : null,
    control,
    h('p', { className: 'field-error', id: errorId }),
  );
}

export function select(name: string, choices: [string, string][], selected?: string): HTMLSelectElement {
  return h('select', { name }, ...choices.map(([value, label]) => h('option', { value, selected: value === selected }, label)));
}

/** Field errors by the id of the field they belong to. */
export type FieldErrors = Map<string, string>;

/** Says what is wrong with a value in words a resident understands, from the shared schema's issue. */
function issueMessage(issue: z.core.$ZodIssue): string {
  const keyFor = (): MessageKey => {
    switch (issue.code) {
      case 'too_small':
        return issue.origin === 'string' && Number(issue.minimum) <= 1
          ? 'err.required'
          : issue.origin === 'string'
            ? 'err.tooShort'
            : 'err.range';
      case 'too_big':
        return issue.origin === 'string' ? 'err.tooLong' : 'err.range';
      case 'invalid_format':
        return issue.format === 'email' ? 'err.email' : 'err.invalid';
      case 'invalid_value':
        return 'err.choose';
      case 'invalid_type':
        return issue.expected === 'number' ? 'err.number' : 'err.required';
      case 'custom':
        return /single line/.test(issue.message) ? 'err.singleLine' : /control/.test(issue.message) ? 'err.control' : 'err.invalid';
      default:
        return 'err.invalid';
    }
  };
  const values: Record<string, string | number> = {};
  if (issue.code === 'too_big') values.max = Number(issue.maximum);
  if (issue.code === 'too_small') values.min = Number(issue.minimum);
  return t(keyFor(), values);
}

/** Field id for each path of a body, e.g. `author.email` → `email`. */
export type FieldIdByPath = Record<string, string>;

/** The value at an issue's path in what was checked: an empty one is "required", whatever the rule said. */
const valueAt = (body: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (value, key) => (value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined),
    body,
  );

export function errorsFromIssues(issues: readonly z.core.$ZodIssue[], fieldIds: FieldIdByPath, body?: unknown): FieldErrors {
  const errors: FieldErrors = new Map();
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    const id = fieldIds[path] ?? fieldIds[path.split('.')[0] ?? ''];
    const value = body === undefined ? null : valueAt(body, issue.path);
    const empty = body !== undefined && (value === undefined || (typeof value === 'string' && value.trim() === ''));
    if (id && !errors.has(id)) errors.set(id, empty ? t('err.required') : issueMessage(issue));
  }
  return errors;
}

/**
 * The API's own refusals (`details: [{path, message}]`) next to the fields they name: in the words
 * of the refusal's code when the site has them (409 `out_of_stock` on `kits`), else "invalid".
 */
export function errorsFromDetails(details: { path: string }[], fieldIds: FieldIdByPath, message = t('err.invalid')): FieldErrors {
  const errors: FieldErrors = new Map();
  for (const detail of details) {
    const id = fieldIds[detail.path] ?? fieldIds[detail.path.split('.')[0] ?? ''];
    if (id && !errors.has(id)) errors.set(id, message);
  }
  return errors;
}

/**
 * Shows errors next to their fields and a summary at the top linking to each one, then moves
 * the focus to the summary (so a screen reader reads it, and the keyboard is at the first link).
 */
export function showErrors(form: HTMLFormElement, summary: HTMLElement, errors: FieldErrors, labels: Record<string, string>): void {
  clearErrors(form, summary);
  if (errors.size === 0) return;
  for (const [id, message] of errors) {
    const control = form.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
    control?.setAttribute('aria-invalid', 'true');
    const slot = form.querySelector<HTMLElement>(`#${CSS.escape(`${id}-error`)}`);
    if (slot) slot.textContent = message;
  }
  append(
    summary,
    h('p', {}, t('form.errorSummary', { count: errors.size })),
    h('ul', {}, ...[...errors].map(([id, message]) => h('li', {}, h('a', { href: `#${id}` }, `${labels[id] ?? id} : ${message}`)))),
  );
  summary.hidden = false;
  summary.focus();
}

export function clearErrors(form: HTMLFormElement, summary: HTMLElement): void {
  summary.replaceChildren();
  summary.hidden = true;
  for (const node of form.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
  for (const node of form.querySelectorAll('.field-error')) node.textContent = '';
}

export const errorSummary = (): HTMLElement => h('div', { className: 'error-summary', tabindex: -1, role: 'alert', hidden: true });

interface SendFormOptions<T> {
  form: HTMLFormElement;
  summary: HTMLElement;
  result: HTMLElement;
  fieldIds: FieldIdByPath;
  labels: Record<string, string>;
  send: () => Promise<T>;
  sentText: string | ((sent: T) => string);
  keepForm?: boolean;
}

/** A field of a checked form: what `field()` draws, and the path of the body its value fills. */
export interface FormField extends FieldOptions {
  path: string;
  control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
}

const isFormField = (part: FormField | Node): part is FormField => !(part instanceof Node);

/**
 * A form checked then sent, drawn from its parts: each field with its label and error slot (other
 * parts, a fieldset or a checkbox, as they are), the error summary on top, the submit button last.
 * On submit its errors are cleared and `body()` checked with one of core's schemas (loaded when
 * first sent), the issues shown at their fields; else `sendForm` with the checked body, and
 * `onSent` once it went. The labels and the field of each path come from the fields; `fieldIds`
 * adds paths no field holds (a choice of radios).
 */
export function checkedForm<Schema extends z.ZodType, T>(
  options: Omit<SendFormOptions<T>, 'send' | 'form' | 'summary' | 'result' | 'fieldIds' | 'labels'> & {
    attributes: { id?: string; className?: string };
    parts: (FormField | Node | null)[];
    submit: { label: string; className?: string };
    resultId?: string;
    fieldIds?: FieldIdByPath;
    body: () => unknown;
    schema: (core: typeof import('@entraide/core/schemas')) => Schema;
    send: (checked: z.output<Schema>) => Promise<T>;
    onSent?: () => void;
  },
): HTMLFormElement {
  const fields = options.parts.filter((part): part is FormField => part !== null && isFormField(part));
  const fieldIds: FieldIdByPath = { ...options.fieldIds, ...Object.fromEntries(fields.map((one) => [one.path, one.id])) };
  const labels = Object.fromEntries(fields.map((one) => [one.id, one.label]));
  const summary = errorSummary();
  const result = h('p', { role: 'status', id: options.resultId });
  const form = h(
    'form',
    { ...options.attributes, novalidate: true },
    summary,
    ...options.parts.map((part) => (part !== null && isFormField(part) ? field(part, part.control) : part)),
    h('button', { type: 'submit', className: options.submit.className }, options.submit.label),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      clearErrors(form, summary);
      const body = options.body();
      const checked = options.schema(await schemas()).safeParse(body);
      if (!checked.success) return showErrors(form, summary, errorsFromIssues(checked.error.issues, fieldIds, body), labels);
      const sent = await sendForm({ ...options, form, summary, result, fieldIds, labels, send: () => options.send(checked.data) });
      if (sent) options.onSent?.();
    })();
  });
  return form;
}

/**
 * Sends a checked form: on success the form gives way to `result` saying `sentText` (focused, so a
 * screen reader reads it), or with `keepForm` (a form used again and again, the staff's counter) the
 * form stays and `result`, a live region, says it; the API's field errors go back to their fields,
 * any other error in `result` (under the form unless it is already in the page). True when sent.
 */
export async function sendForm<T>(options: SendFormOptions<T>): Promise<boolean> {
  const { form, summary, result } = options;
  try {
    const sent = await options.send();
    const text = typeof options.sentText === 'string' ? options.sentText : options.sentText(sent);
    result.className = 'notice success';
    result.textContent = text;
    if (options.keepForm) {
      clearErrors(form, summary);
      if (!result.isConnected) form.after(result);
      return true;
    }
    form.replaceWith(result);
    result.tabIndex = -1;
    result.focus();
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.details.length) {
      const words = explain(error);
      const message = error.code === 'invalid_input' || words === t('error.generic') ? undefined : words;
      showErrors(form, summary, errorsFromDetails(error.details, options.fieldIds, message), options.labels);
    } else {
      result.className = 'notice error';
      result.textContent = explain(error);
      if (!result.isConnected) form.append(result);
    }
    return false;
  }
}
