/** What staff see of a post (with hints of personal data to look at), and the mail a refusal sends. */
import type { LatLon } from '../geo/index.js';
import { type OutgoingMail, mailHtml } from '../mail/index.js';
import { effectiveStatus, type CloseReason, type PostRecord, type PostStatus } from '../posts/index.js';
import { siteLinks, escapeHtml, headerSafe } from '../shared/index.js';
import { categoryLabels, postKinds, type TenantConfig } from '../tenant/index.js';
import type { StaffSession } from './ports.js';

const phonePattern = /(?:\+|00)\s*\d{2,3}[\s.-]*\(?0?\)?[\s.-]*\d(?:[\s.-]*\d{2}){4}|\b0\s*[1-9](?:[\s.-]*\d{2}){4}\b/;
const emailPattern = /[^\s@<>()]+@[^\s@<>()]+\.[a-z]{2,}/i;

/** What staff should look at before publishing: obvious personal data in what a resident wrote. */
export function personalDataHints(text: string): ('phone' | 'email')[] {
  const hints: ('phone' | 'email')[] = [];
  if (phonePattern.test(text)) hints.push('phone');
  if (emailPattern.test(text)) hints.push('email');
  return hints;
}

/** What staff see of a post. The author's email only for an admin, and never the staff mailbox of a post staff entered. */
export interface StaffPostView {
  id: string;
  kind: string;
  category: string;
  section: string | null;
  status: PostStatus;
  title: string | null;
  description: string | null;
  location: LatLon | null;
  authorName: string | null;
  authorEmail: string | null;
  enteredByStaff: boolean;
  /** A post taken by phone: the caller's number and staff's note (staff only; null when none was kept). */
  caller: { phone: string | null; note: string | null } | null;
  /** How it ended, when it is closed (by its author or by staff), and which staff address closed it. */
  closedReason: CloseReason | null;
  closedAt: string | null;
  closedBy: string | null;
  reportCount: number;
  reports: { at: string; reason: string }[];
  hiddenBecause: 'reports' | 'staff' | null;
  moderationReason: string | null;
  personalDataHints: ('phone' | 'email')[];
  createdAt: string;
  publishedAt: string | null;
  expiresAt: string;
}

export function toStaffPostView(post: PostRecord, session: Pick<StaffSession, 'role'>, now: Date): StaffPostView {
  const content = post.content;
  return {
    id: post.id,
    kind: post.kind,
    category: post.category,
    section: post.section ?? null,
    status: effectiveStatus(post, now),
    title: content?.title ?? null,
    description: content?.description ?? null,
    location: content?.publicLocation ?? null,
    authorName: content?.author.name ?? null,
    authorEmail: content && session.role === 'admin' && !post.enteredByStaff ? content.author.email : null,
    enteredByStaff: post.enteredByStaff === true,
    caller: content?.caller ? { phone: content.caller.phone ?? null, note: content.caller.note ?? null } : null,
    closedReason: post.closedReason ?? null,
    closedAt: post.closedAt ?? null,
    closedBy: post.closedBy ?? null,
    reportCount: post.reportCount ?? 0,
    reports: post.reports ?? [],
    hiddenBecause: post.hiddenBecause ?? null,
    moderationReason: post.moderationReason ?? null,
    personalDataHints: content ? personalDataHints(`${content.title}\n${content.description}`) : [],
    createdAt: post.createdAt,
    publishedAt: post.publishedAt ?? null,
    expiresAt: post.expiresAt,
  };
}

/** The author learns why their post was refused: French first, then English; staff's words escaped. */
export function rejectionMail(tenant: TenantConfig, post: PostRecord, reason: string, siteUrl: string): OutgoingMail {
  if (!post.content) throw new Error('a deleted post gets no mail');
  const { title, author } = post.content;
  const home = siteLinks(siteUrl, tenant.id).home;
  const kind = postKinds[post.kind as keyof typeof postKinds];
  const category = categoryLabels(tenant, post.category);
  const text = [
    `Bonjour ${author.name},`,
    '',
    `L’équipe de ${tenant.name} n’a pas publié votre annonce :`,
    `« ${title} »${kind && category ? ` (${kind.fr} – ${category.fr})` : ''}`,
    '',
    'Motif :',
    reason,
    '',
    `Vous pouvez déposer une nouvelle annonce qui en tient compte : ${home}`,
    '',
    '—',
    '',
    `Hello ${author.name}, ${tenant.name}'s team did not publish your post "${title}".`,
    `Reason (in French): ${reason}`,
    `You may post again, taking it into account: ${home}`,
  ].join('\n');
  const e = escapeHtml;
  const html = mailHtml(
    title,
    `<p>Bonjour ${e(author.name)},</p>
<p>L’équipe de ${e(tenant.name)} n’a pas publié votre annonce&nbsp;: <strong>« ${e(title)} »</strong>.</p>
<p>Motif&nbsp;:</p>
<blockquote style="white-space:pre-line">${e(reason)}</blockquote>
<p>Vous pouvez <a href="${e(home)}">déposer une nouvelle annonce</a> qui en tient compte.</p>
<hr>
<div lang="en"><p>Hello ${e(author.name)}, ${e(tenant.name)}'s team did not publish your post “${e(title)}”. The reason is above, in French. You may <a href="${e(home)}">post again</a>, taking it into account.</p></div>`,
  );
  return {
    to: author.email,
    subject: headerSafe(`Votre annonce « ${title} » n’a pas été publiée / Your post was not published`),
    text,
    html,
  };
}
