import { type OutgoingMail, mailButton, mailHtml } from '../mail/index.js';
import { type SiteLinks, escapeHtml, headerSafe } from '../shared/index.js';
import { categoryLabels, postKinds, type TenantConfig } from '../tenant/index.js';
import type { PostRecord } from './post-record.js';

/**
 * The mail that makes a post exist: confirm it, and keep the link to manage it.
 * French first, English second; user content escaped in the HTML part and flattened in the subject.
 */
export function verificationMail(tenant: TenantConfig, post: PostRecord, token: string, links: SiteLinks): OutgoingMail {
  if (!post.content) throw new Error('a deleted post gets no mail');
  const { title, author } = post.content;
  const verifyUrl = links.verify(post.id, token);
  const manageUrl = links.manage(post.id, token);
  const kind = postKinds[post.kind];
  const category = categoryLabels(tenant, post.category);
  const moderatedFirst = tenant.features.moderation === 'before';

  const text = [
    `Bonjour ${author.name},`,
    '',
    `Vous avez déposé une annonce sur la plateforme d’entraide de ${tenant.name} :`,
    `« ${title} » (${kind.fr} – ${category.fr})`,
    '',
    'Pour la publier, confirmez votre adresse en ouvrant ce lien :',
    verifyUrl,
    '',
    moderatedFirst ? 'Elle sera visible après relecture par l’équipe de la collectivité.' : 'Elle sera visible dès votre confirmation.',
    'Gardez ce message : ce lien vous permet ensuite de modifier, clore ou supprimer votre annonce :',
    manageUrl,
    '',
    'Votre adresse e-mail n’est jamais montrée aux autres habitants.',
    'Si vous n’êtes pas à l’origine de cette annonce, ignorez ce message : rien ne sera publié.',
    '',
    '—',
    '',
    `Hello ${author.name},`,
    '',
    `You posted on ${tenant.name}'s mutual-aid platform: "${title}" (${kind.en} – ${category.en}).`,
    `To publish it, confirm your address: ${verifyUrl}`,
    `Keep this message: this link lets you edit, close or delete your post: ${manageUrl}`,
    'Your email address is never shown to other residents. If this was not you, ignore this message.',
  ].join('\n');

  const e = escapeHtml;
  const html = mailHtml(
    title,
    `<p>Bonjour ${e(author.name)},</p>
<p>Vous avez déposé une annonce sur la plateforme d’entraide de ${e(tenant.name)}&nbsp;:<br>
<strong>« ${e(title)} »</strong> (${e(kind.fr)} – ${e(category.fr)})</p>
<p>${mailButton(verifyUrl, 'Confirmer et publier mon annonce')}</p>
<p>${moderatedFirst ? 'Elle sera visible après relecture par l’équipe de la collectivité.' : 'Elle sera visible dès votre confirmation.'}</p>
<p>Gardez ce message&nbsp;: <a href="${e(manageUrl)}">gérer mon annonce</a> (modifier, clore ou supprimer).</p>
<p>Votre adresse e-mail n’est jamais montrée aux autres habitants. Si vous n’êtes pas à l’origine de cette annonce, ignorez ce message&nbsp;: rien ne sera publié.</p>
<hr>
<div lang="en">
<p>Hello ${e(author.name)}, you posted “${e(title)}” on ${e(tenant.name)}'s mutual-aid platform.</p>
<p><a href="${e(verifyUrl)}">Confirm and publish my post</a> · <a href="${e(manageUrl)}">Manage my post</a></p>
<p>Your email address is never shown to other residents. If this was not you, ignore this message.</p>
</div>`,
  );

  return {
    to: author.email,
    subject: headerSafe(`Confirmez votre annonce « ${title} » / Confirm your post`),
    text,
    html,
    // Tagged: if the address bounces, the post is flagged to staff (docs/contact-relay.md).
    postId: post.id,
    purpose: 'verification',
  };
}

/** The date a post expires, in words, in the tenant's time zone. */
const expiryDay = (tenant: TenantConfig, expiresAt: string, locale: 'fr-FR' | 'en-GB'): string =>
  new Intl.DateTimeFormat(locale, { timeZone: tenant.digest.timeZone, weekday: 'long', day: 'numeric', month: 'long' }).format(
    new Date(expiresAt),
  );

/**
 * "Still needed?": mailed once, a few days before the post expires. Its link opens a page where the
 * author extends the post (while extensions remain) or closes it with its outcome; nothing happens
 * on opening, so a mail scanner following links changes nothing.
 */
export function expiryReminderMail(
  tenant: TenantConfig,
  post: PostRecord,
  token: string,
  links: SiteLinks,
  extension: { days: number; allowed: boolean },
): OutgoingMail {
  if (!post.content) throw new Error('a deleted post gets no mail');
  const { title, author } = post.content;
  const url = links.stillNeeded(post.id, token);
  const dayFr = expiryDay(tenant, post.expiresAt, 'fr-FR');
  const dayEn = expiryDay(tenant, post.expiresAt, 'en-GB');
  const offerFr = extension.allowed
    ? `Toujours d’actualité ? Prolongez-la de ${extension.days} jours en un clic. Sinon, dites-nous si l’entraide a eu lieu et elle sera close.`
    : 'Elle a déjà été prolongée autant que possible : dites-nous si l’entraide a eu lieu, ou déposez une nouvelle annonce si besoin.';
  const offerEn = extension.allowed
    ? `Still needed? Extend it by ${extension.days} days in one click, or tell us whether the help took place and it will be closed.`
    : 'It has been extended as often as allowed: tell us whether the help took place, or post again if needed.';
  const text = [
    `Bonjour ${author.name},`,
    '',
    `Votre annonce « ${title} » sur la plateforme d’entraide de ${tenant.name} expire le ${dayFr}.`,
    offerFr,
    url,
    '',
    '—',
    '',
    `Hello ${author.name}, your post "${title}" on ${tenant.name}'s mutual-aid platform expires on ${dayEn}.`,
    `${offerEn} ${url}`,
  ].join('\n');
  const e = escapeHtml;
  const html = mailHtml(
    title,
    `<p>Bonjour ${e(author.name)},</p>
<p>Votre annonce <strong>« ${e(title)} »</strong> sur la plateforme d’entraide de ${e(tenant.name)} expire le ${e(dayFr)}.</p>
<p>${e(offerFr)}</p>
<p>${mailButton(url, extension.allowed ? 'Prolonger ou clore mon annonce' : 'Clore mon annonce')}</p>
<hr>
<div lang="en">
<p>Hello ${e(author.name)}, your post “${e(title)}” on ${e(tenant.name)}'s mutual-aid platform expires on ${e(dayEn)}.</p>
<p>${e(offerEn)} <a href="${e(url)}">${extension.allowed ? 'Extend or close my post' : 'Close my post'}</a></p>
</div>`,
  );
  return {
    to: author.email,
    subject: headerSafe(`Votre annonce « ${title} » est-elle toujours d’actualité ? / Still needed?`).slice(0, 200),
    text,
    html,
    // One mail per expiry, whatever the retries.
    idempotencyKey: `expiry-reminder:${post.id}:${post.expiresAt}`,
    postId: post.id,
    purpose: 'reminder',
  };
}
