import { drawingConsentWords, drawingImageTypes, maxDrawingBytes } from '@entraide/core/plain';
import { api, ApiError, explain, tenantConfig } from '../api.js';
import { h, params, say } from '../dom.js';
import { clearErrors, errorsFromDetails, errorSummary, field, select, showErrors } from '../form.js';
import { lang, localised, t } from '../i18n.js';
import { frame, runPage } from '../layout.js';
import { openSections } from '../section-view.js';

/** Body paths → the field that shows their error. */
const fieldIds = {
  section: 'section',
  'child.firstName': 'first-name',
  'child.age': 'age',
  message: 'message',
  parentEmail: 'email',
  consent: 'consent',
  image: 'image',
  'image.contentType': 'image',
  'image.sizeBytes': 'image',
};

interface CreatedDrawing {
  id: string;
  upload: { method: 'PUT'; url: string; headers: Record<string, string> };
}

/**
 * A parent sends a child's drawing (`envoyer-dessin.html?section=…`): the words, then the image
 * itself straight to the gallery's bucket with the presigned upload the API answers (never through
 * the API). The mailed link then confirms it; staff read it before it is published.
 */
runPage(async () => {
  const config = await tenantConfig();
  const main = frame({ title: t('drawingForm.title'), tenant: config });
  const sections = openSections(config, 'gallery');
  if (sections.length === 0) {
    main.append(h('p', { className: 'notice' }, t('gallery.noSection')));
    return;
  }
  const sectionSelect = select(
    'section',
    sections.map((section): [string, string] => [section.id, localised(section.title)]),
    params.get('section') ?? sections[0]!.id,
  );
  const image = h('input', { type: 'file', name: 'image', accept: drawingImageTypes.join(',') });
  const firstName = h('input', { type: 'text', name: 'firstName', autocomplete: 'off', maxlength: 40 });
  const age = h('input', { type: 'number', name: 'age', min: 1, max: 17, inputmode: 'numeric' });
  const message = h('textarea', { name: 'message', rows: 3, maxlength: 500 });
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'email' });
  const consent = h('input', { type: 'checkbox', name: 'consent', id: 'consent', 'aria-describedby': 'consent-error' });
  const summary = errorSummary();
  const result = h('div', { role: 'status', className: 'form-status', id: 'drawing-status' });
  const labels: Record<string, string> = {
    section: t('form.section'),
    image: t('drawingForm.image'),
    'first-name': t('drawingForm.firstName'),
    age: t('drawingForm.age'),
    message: t('drawingForm.message'),
    email: t('drawingForm.email'),
    consent: t('drawingForm.consent'),
  };
  const form = h(
    'form',
    { noValidate: true },
    summary,
    sections.length > 1 ? field({ id: 'section', label: labels.section! }, sectionSelect) : null,
    field({ id: 'image', label: labels.image!, hint: t('drawingForm.imageHint'), required: true }, image),
    field({ id: 'first-name', label: labels['first-name']!, hint: t('drawingForm.firstNameHint') }, firstName),
    field({ id: 'age', label: labels.age! }, age),
    field({ id: 'message', label: labels.message!, hint: t('drawingForm.messageHint') }, message),
    field({ id: 'email', label: labels.email!, hint: t('drawingForm.emailHint'), required: true }, email),
    h(
      'fieldset',
      {},
      h('legend', {}, labels.consent!),
      h('label', { className: 'choice' }, consent, ` ${drawingConsentWords[lang]}`),
      h('p', { className: 'field-error', id: 'consent-error' }),
    ),
    h('button', { type: 'submit' }, t('drawingForm.submit')),
  );
  main.append(h('p', {}, t('drawingForm.intro')), form);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      clearErrors(form, summary);
      result.remove();
      const file = image.files?.[0];
      const errors = new Map<string, string>();
      if (!file) errors.set('image', t('err.required'));
      else if (!(drawingImageTypes as readonly string[]).includes(file.type)) errors.set('image', t('drawingForm.wrongType'));
      else if (file.size > maxDrawingBytes) errors.set('image', t('drawingForm.tooLarge'));
      if (!consent.checked) errors.set('consent', t('drawingForm.consentRequired'));
      if (!email.value.trim()) errors.set('email', t('err.required'));
      if (errors.size > 0 || !file) return showErrors(form, summary, errors, labels);
      const body = {
        section: sectionSelect.value,
        ...(firstName.value.trim() || age.value
          ? {
              child: {
                ...(firstName.value.trim() ? { firstName: firstName.value.trim() } : {}),
                ...(age.value ? { age: Number(age.value) } : {}),
              },
            }
          : {}),
        ...(message.value.trim() ? { message: message.value.trim() } : {}),
        parentEmail: email.value.trim(),
        consent: true,
        language: lang,
        image: { contentType: file.type, sizeBytes: file.size },
      };
      try {
        const created = await api<CreatedDrawing>('POST', '/drawings', body);
        const sent = await fetch(created.upload.url, { method: 'PUT', headers: created.upload.headers, body: file });
        if (!sent.ok) throw new Error(`upload: HTTP ${sent.status}`);
        form.replaceWith(result);
        result.className = 'notice success';
        say(result, t('drawingForm.sent', { email: body.parentEmail }));
        result.tabIndex = -1;
        result.focus();
      } catch (error) {
        if (error instanceof ApiError && error.details.length)
          return showErrors(form, summary, errorsFromDetails(error.details, fieldIds), labels);
        result.className = 'notice error';
        say(result, error instanceof ApiError ? explain(error) : t('drawingForm.uploadFailed'));
        form.append(result);
      }
    })();
  });
});
