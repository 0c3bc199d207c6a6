import { api, explain } from './api.js';
import { staffQueueSection } from './staff-queue.js';
import { h } from './dom.js';
import { drawnBy } from './gallery-view.js';
import { formatDate, lang, t } from './i18n.js';
import { rejectWithReason } from './reject-form.js';

/** A drawing awaiting staff, as `GET /staff/drawings/moderation` gives it. */
interface StaffDrawing {
  id: string;
  childFirstName?: string;
  childAge?: number;
  message?: string;
  alt: { fr: string; en: string };
  image: { url: string };
  thumbnail: { url: string };
  consent: { words: string; givenAt: string } | null;
  parentEmail: string;
  createdAt: string;
}

/**
 * The gallery's drawings awaiting staff (`#dessins`, where the digest points): each drawing as it
 * would be shown, the message, the words the parent agreed to; publish it, or refuse it with a
 * reason mailed to the parent (its images are then deleted).
 */
export function drawingsSection(session: string): HTMLElement {
  const list = h('ul', { className: 'drawings-queue', id: 'drawings-queue' });
  const said = h('p', { role: 'status', className: 'meta', id: 'drawings-status' });
  const item = (drawing: StaffDrawing, load: () => Promise<void>): HTMLLIElement => {
    const name = drawnBy(drawing);
    const title = name || t('staff.drawing');
    const decide = async (action: 'approve' | 'reject', body?: unknown) => {
      try {
        await api('POST', `/staff/drawings/${encodeURIComponent(drawing.id)}/${action}`, body, session);
        await load();
        said.textContent = t(action === 'approve' ? 'staff.drawingApproved' : 'staff.drawingRejected', { title });
      } catch (error) {
        said.textContent = explain(error);
      }
    };
    const refuse = rejectWithReason({
      id: `drawing-reason-${drawing.id}`,
      title,
      hint: t('staff.drawingReasonHint'),
      reject: (body) => void decide('reject', body),
    });
    return h(
      'li',
      { className: 'post drawing-review' },
      h('h3', {}, title),
      h('img', { src: drawing.image.url, alt: drawing.alt[lang], className: 'drawing-review-image', width: 320 }),
      drawing.message ? h('p', { className: 'description' }, drawing.message) : null,
      h(
        'p',
        { className: 'meta' },
        t('staff.drawingSent', { date: formatDate(drawing.createdAt) }),
        drawing.parentEmail ? ` · ${drawing.parentEmail}` : '',
      ),
      drawing.consent ? h('blockquote', { className: 'consent' }, `${t('staff.drawingConsent')} « ${drawing.consent.words} »`) : null,
      h(
        'div',
        { className: 'actions' },
        h(
          'button',
          { type: 'button', onclick: () => void decide('approve'), 'aria-label': `${t('staff.publishDrawing')} : ${title}` },
          t('staff.publishDrawing'),
        ),
        refuse.button,
      ),
      refuse.form,
    );
  };
  return staffQueueSection({
    id: 'dessins',
    title: t('staff.drawingsTitle'),
    intro: t('staff.drawingsIntro'),
    none: t('staff.drawingsNone'),
    path: '/staff/drawings/moderation?limit=50',
    session,
    list,
    said,
    item,
  });
}
