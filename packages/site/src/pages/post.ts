import { api, ApiError, explain, tenantConfig, type PublicPostView } from '../api.js';
import { append, h, params } from '../dom.js';
import { clearErrors, errorsFromDetails, errorsFromIssues, errorSummary, field, select, showErrors } from '../form.js';
import { geocoder, localityLabel } from '../geocoder.js';
import { formatDate, formatKm, t } from '../i18n.js';
import { frame, pageLink, runPage } from '../layout.js';
import { createMap } from '../map.js';
import { categoryLabel, kindLabel } from '../post-view.js';
import { sectionTag } from '../section-view.js';
import { matchesSection } from '../matches-section.js';
import { readerPosition } from '../reader-position.js';
import { callLine } from '../tenant-contact.js';
import { schemas } from '../schemas.js';

/**
 * The honeypot (`website`): a field bots fill in and people never meet. Off screen, out of the tab
 * order and hidden from assistive technologies; labelled in case a browser shows it anyway.
 */
const honeypot = (): HTMLElement =>
  h(
    'div',
    { className: 'honeypot', 'aria-hidden': 'true' },
    h('label', { for: 'contact-website' }, t('post.honeypot')),
    h('input', { id: 'contact-website', name: 'website', type: 'text', tabindex: -1, autocomplete: 'off' }),
  );

function contactForm(postId: string): HTMLElement {
  const summary = errorSummary();
  const status = h('div', { role: 'status' });
  const fieldIds = { name: 'contact-name', email: 'contact-email', message: 'contact-message' };
  const labels = { 'contact-name': t('form.name'), 'contact-email': t('form.email'), 'contact-message': t('post.message') };
  const form = h(
    'form',
    { id: 'contact-form', novalidate: true },
    summary,
    field(
      { id: 'contact-name', label: t('form.name'), required: true },
      h('input', { name: 'name', maxlength: 80, autocomplete: 'given-name' }),
    ),
    field(
      { id: 'contact-email', label: t('form.email'), hint: t('post.emailHint'), required: true },
      h('input', { name: 'email', type: 'email', autocomplete: 'email' }),
    ),
    field(
      { id: 'contact-message', label: t('post.message'), required: true },
      h('textarea', { name: 'message', rows: 5, maxlength: 4000 }),
    ),
    honeypot(),
    h('button', { type: 'submit' }, t('post.send')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      const data = new FormData(form);
      const website = String(data.get('website') ?? '');
      const body = {
        name: String(data.get('name') ?? ''),
        email: String(data.get('email') ?? '').trim(),
        message: String(data.get('message') ?? ''),
        ...(website ? { website } : {}),
      };
      const { contactSchema } = await schemas();
      const parsed = contactSchema.safeParse(body);
      if (!parsed.success) return showErrors(form, summary, errorsFromIssues(parsed.error.issues, fieldIds, body), labels);
      clearErrors(form, summary);
      try {
        await api('POST', `/posts/${encodeURIComponent(postId)}/contact`, parsed.data);
        form.hidden = true;
        status.replaceChildren(h('p', { className: 'notice success' }, t('post.sent')));
      } catch (error) {
        if (error instanceof ApiError && error.details.length)
          return showErrors(form, summary, errorsFromDetails(error.details, fieldIds), labels);
        status.replaceChildren(h('p', { className: 'notice error', role: 'alert' }, explain(error)));
      }
    })();
  });
  return h(
    'section',
    { 'aria-labelledby': 'contact-title' },
    h('h2', { id: 'contact-title' }, t('post.contactTitle')),
    h('p', {}, t('post.contactIntro')),
    form,
    status,
  );
}

const reportReasons = ['inappropriate', 'scam', 'personal_data', 'other'] as const;

/** "Signaler": a reason in words (chosen, then detailed if the resident wants), for the tenant's staff. */
function reportForm(postId: string): HTMLElement {
  const summary = errorSummary();
  const status = h('div', { role: 'status' });
  const reasonSelect = select(
    'reason',
    reportReasons.map((reason): [string, string] => [reason, t(`post.reportReason.${reason}`)]),
  );
  const details = h('textarea', { name: 'details', rows: 3, maxlength: 400 });
  const form = h(
    'form',
    { id: 'report-form', novalidate: true },
    summary,
    field({ id: 'report-reason', label: t('post.reportReason'), required: true }, reasonSelect),
    field({ id: 'report-details', label: t('post.reportDetails') }, details),
    h('button', { type: 'submit', className: 'secondary' }, t('post.reportSend')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      const label = t(`post.reportReason.${reasonSelect.value as (typeof reportReasons)[number]}`);
      const body = { reason: details.value.trim() ? `${label} : ${details.value.trim()}` : label };
      const { reportPostSchema } = await schemas();
      const parsed = reportPostSchema.safeParse(body);
      if (!parsed.success)
        return showErrors(form, summary, errorsFromIssues(parsed.error.issues, { reason: 'report-details' }, body), {
          'report-details': t('post.reportDetails'),
        });
      clearErrors(form, summary);
      try {
        await api('POST', `/posts/${encodeURIComponent(postId)}/report`, parsed.data);
        form.hidden = true;
        status.replaceChildren(h('p', { className: 'notice success' }, t('post.reported')));
      } catch (error) {
        status.replaceChildren(h('p', { className: 'notice error', role: 'alert' }, explain(error)));
      }
    })();
  });
  return h(
    'section',
    { 'aria-labelledby': 'report-title' },
    h('h2', { id: 'report-title' }, t('post.reportTitle')),
    h('p', {}, t('post.reportIntro')),
    h('details', {}, h('summary', {}, t('post.reportTitle')), form),
    status,
  );
}

runPage(async () => {
  const postId = params.get('post') ?? '';
  // The tenant's config and the post at once: one round trip before the first render, not two.
  const asked = api<PublicPostView>('GET', `/posts/${encodeURIComponent(postId)}`);
  asked.catch(() => undefined); // read below, once the config is here
  const config = await tenantConfig();
  let post: PublicPostView;
  try {
    post = await asked;
  } catch (error) {
    const main = frame({ title: t('error.not_found'), tenant: config });
    main.append(h('p', {}, explain(error)), h('p', {}, h('a', { href: pageLink('recherche.html') }, t('post.back'))));
    return;
  }
  const main = frame({ title: post.title, tenant: config });
  // Where, in words: the locality of the public point (already 0.5 to 1 km off the real one), never its numbers.
  const area = h('p', { className: 'meta', id: 'post-area' }, t('post.areaUnnamed'));
  const reader = readerPosition();
  const fromReader = reader ? h('p', { className: 'meta', id: 'post-from-reader' }) : null;
  if (reader && fromReader)
    void schemas().then(({ distanceKm }) => {
      fromReader.textContent = t('post.fromReader', { distance: formatKm(distanceKm(reader, post.location)), place: reader.place });
    });
  const mapBox = h('div', { className: 'map map-area', id: 'post-map', tabindex: 0 });
  append(
    main,
    h(
      'p',
      { className: 'meta' },
      h('span', { className: `badge badge-${post.kind}` }, kindLabel(post.kind)),
      ` ${categoryLabel(config, post.category)}`,
      post.section ? ' · ' : null,
      sectionTag(config, post.section),
    ),
    h('p', { className: 'description' }, post.description),
    h('p', { className: 'meta' }, t('post.by', { name: post.authorName, date: formatDate(post.createdAt) })),
    area,
    fromReader,
    mapBox,
    h('p', { className: 'meta' }, t('post.expires', { date: formatDate(post.expiresAt) })),
    // An offer for health workers: only those recognised may write; the page says how to be.
    post.kind === 'offer' && config.sections.some((section) => section.id === post.section && section.audience === 'health_workers')
      ? h(
          'p',
          { className: 'notice', id: 'health-workers-only' },
          `${t('hw.offerHint')} `,
          h('a', { href: `${pageLink('soignants.html')}#recognition` }, t('hw.offerHowTo')),
        )
      : null,
    config.features.contactRelay
      ? contactForm(post.id)
      : h(
          'div',
          { className: 'notice', id: 'contact-off' },
          callLine(config, t('post.contactOffCall'), '') ?? h('p', {}, t('post.contactOff')),
        ),
    matchesSection(post, config),
    reportForm(post.id),
    h('p', {}, h('a', { href: pageLink('recherche.html') }, t('post.back'))),
  );
  void geocoder()
    .then((found) => found.reverse(post.location))
    .then((locality) => {
      if (locality) area.textContent = t('post.area', { place: localityLabel(locality) });
    })
    .catch((error: unknown) => console.error('place', error));
  // The map follows the text: a circle of the area, never a pin on a point.
  void createMap(mapBox, post.location, 13)
    .then(({ L, map }) => {
      mapBox.setAttribute('aria-label', t('post.mapLabel'));
      L.circle([post.location.lat, post.location.lon], {
        radius: 1000,
        color: '#000091',
        weight: 2,
        fillOpacity: 0.15,
        interactive: false,
      }).addTo(map);
    })
    .catch((error: unknown) => console.error('map', error));
});
