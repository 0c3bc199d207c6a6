/**
 * Moderation's schemas, staff view and mails: no Node-only import, so the site validates with the
 * same schemas (the service is in moderation-service.ts).
 */
import * as z from 'zod';
import { helpCategories, postKinds } from './categories.js';
import type { LatLon } from './geo.js';
import { siteLinks } from './links.js';
import { createPostSchema, editPostSchema, effectiveStatus, type PostRecord, type PostStatus } from './post.js';
import type { OutgoingMail, StaffSession } from './ports.js';
import type { TenantConfig } from './tenant.js';
import { escapeHtml, headerSafe } from './text.js';

const reasonText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    .refine((text) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text), { error: 'control characters are not allowed' });

export const reportPostSchema = z.strictObject({ reason: reasonText(500) });
export const rejectPostSchema = z.strictObject({ reason: reasonText(1000) });
export const hidePostSchema = z.strictObject({ reason: reasonText(1000).optional() });
/** Staff edit what a resident wrote before publishing it (a phone number in a description). */
export const staffEditSchema = editPostSchema;
/** A post entered by staff for a resident without internet: a name (or initials), no email. */
export const staffCreatePostSchema = createPostSchema.extend({
  author: z.strictObject({ name: createPostSchema.shape.author.shape.name }),
});
export type StaffCreatePostInput = z.infer<typeof staffCreatePostSchema>;

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
  const category = helpCategories[post.category as keyof typeof helpCategories];
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
  const html = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${e(title)}</title></head>
<body style="font-family:sans-serif;line-height:1.5;max-width:40em">
<p>Bonjour ${e(author.name)},</p>
<p>L’équipe de ${e(tenant.name)} n’a pas publié votre annonce&nbsp;: <strong>« ${e(title)} »</strong>.</p>
<p>Motif&nbsp;:</p>
<blockquote style="white-space:pre-line">${e(reason)}</blockquote>
<p>Vous pouvez <a href="${e(home)}">déposer une nouvelle annonce</a> qui en tient compte.</p>
<hr>
<div lang="en"><p>Hello ${e(author.name)}, ${e(tenant.name)}'s team did not publish your post “${e(title)}”. The reason is above, in French. You may <a href="${e(home)}">post again</a>, taking it into account.</p></div>
</body></html>`;
  return {
    to: author.email,
    subject: headerSafe(`Votre annonce « ${title} » n’a pas été publiée / Your post was not published`),
    text,
    html,
  };
}

