import * as z from 'zod';
import { api, ApiError, explain, tenantConfig, type PublicPostView } from '../api.js';
import { h, params } from '../dom.js';
import { clearErrors, errorsFromDetails, errorsFromIssues, errorSummary, field, showErrors } from '../form.js';
import { formatDate, formatNumber, t } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';
import { categoryLabel, kindLabel } from '../post-view.js';

/** `POST /posts/{id}/contact` (DESIGN.md): the relay's body. */
const contactSchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  email: z.email().max(254),
  message: z.string().trim().min(1).max(4000),
});

function contactForm(postId: string): HTMLElement {
  const summary = errorSummary();
  const status = h('div', { role: 'status' });
  const fieldIds = { name: 'contact-name', email: 'contact-email', message: 'contact-message' };
  const labels = { 'contact-name': t('form.name'), 'contact-email': t('form.email'), 'contact-message': t('post.message') };
  const form = h(
    'form',
    { id: 'contact-form', novalidate: true },
    summary,
    field({ id: 'contact-name', label: t('form.name'), required: true }, h('input', { name: 'name', maxlength: 80, autocomplete: 'given-name' })),
    field({ id: 'contact-email', label: t('form.email'), hint: t('form.emailHint'), required: true }, h('input', { name: 'email', type: 'email', autocomplete: 'email' })),
    field({ id: 'contact-message', label: t('post.message'), required: true }, h('textarea', { name: 'message', rows: 5, maxlength: 4000 })),
    h('button', { type: 'submit' }, t('post.send')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      const data = new FormData(form);
      const body = { name: String(data.get('name') ?? ''), email: String(data.get('email') ?? '').trim(), message: String(data.get('message') ?? '') };
      const parsed = contactSchema.safeParse(body);
      if (!parsed.success) return showErrors(form, summary, errorsFromIssues(parsed.error.issues, fieldIds, body), labels);
      clearErrors(form, summary);
      try {
        await api('POST', `/posts/${encodeURIComponent(postId)}/contact`, parsed.data);
        form.hidden = true;
        status.replaceChildren(h('p', { className: 'notice success' }, t('post.sent')));
      } catch (error) {
        if (error instanceof ApiError && error.details.length) return showErrors(form, summary, errorsFromDetails(error.details, fieldIds), labels);
        status.replaceChildren(h('p', { className: 'notice error', role: 'alert' }, explain(error)));
      }
    })();
  });
  return h('section', { 'aria-labelledby': 'contact-title' }, h('h2', { id: 'contact-title' }, t('post.contactTitle')), h('p', {}, t('post.contactIntro')), form, status);
}

runPage(async () => {
  const config = await tenantConfig();
  const postId = params.get('post') ?? '';
  let post: PublicPostView;
  try {
    post = await api<PublicPostView>('GET', `/posts/${encodeURIComponent(postId)}`);
  } catch (error) {
    const main = frame({ title: t('error.not_found'), tenant: config });
    main.append(h('p', {}, explain(error)), h('p', {}, h('a', { href: pageLink('recherche.html') }, t('post.back'))));
    return;
  }
  const main = frame({ title: post.title, tenant: config });
  main.append(
    h('p', { className: 'meta' }, h('span', { className: `badge badge-${post.kind}` }, kindLabel(post.kind)), ` ${categoryLabel(config, post.category)}`),
    h('p', { className: 'description' }, post.description),
    h('p', { className: 'meta' }, t('post.by', { name: post.authorName, date: formatDate(post.createdAt) })),
    h('p', { className: 'meta' }, t('post.area', { lat: formatNumber(post.location.lat, 3), lon: formatNumber(post.location.lon, 3) })),
    h('p', { className: 'meta' }, t('post.expires', { date: formatDate(post.expiresAt) })),
    config.features.contactRelay ? contactForm(post.id) : h('p', { className: 'notice' }, t('post.contactOff')),
    h('p', {}, h('a', { href: pageLink('recherche.html') }, t('post.back'))),
  );
});
