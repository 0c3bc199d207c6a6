import { type OutgoingMail, mailHtml } from '../mail/index.js';
import type { PostRecord } from '../posts/index.js';
import { type SiteLinks, escapeHtml, headerSafe } from '../shared/index.js';
import type { TenantConfig } from '../tenant/index.js';

/**
 * The relay's mails. French first, English second. No mail ever names an address of either
 * party: each is sent to one party, with the platform as From, a display name, and an alias as
 * Reply-To. User content is escaped in HTML, flattened in headers.
 */
type PostWithContent = PostRecord & { content: NonNullable<PostRecord['content']> };

const e = escapeHtml;

/** Text paragraphs as HTML: escaped, line breaks kept. The relay's HTML is only ever this. */
const paragraphs = (text: string): string =>
  text
    .split(/\n{2,}/)
    .map((block) => `<p>${e(block).replace(/\n/g, '<br>')}</p>`)
    .join('\n');

const quoted = (text: string): string =>
  `<blockquote style="border-left:3px solid #ccc;margin:1em 0;padding-left:1em">${paragraphs(text)}</blockquote>`;

/** To the author: a resident's first message (or a new one through the form). */
export function contactMail(
  tenant: TenantConfig,
  post: PostWithContent,
  message: { senderName: string; text: string; recognisedHealthWorker?: boolean },
  replyTo: string,
  reportUrl: string,
): OutgoingMail {
  const { title, author } = post.content;
  const subject = headerSafe(`${message.senderName} vous écrit à propos de « ${title} »`).slice(0, 200);
  // Told by the platform, not by the sender: the recognition is the tenant's (a verified address or staff's approval).
  const mark = message.recognisedHealthWorker
    ? {
        fr: `${message.senderName} est reconnu(e) comme soignant(e) par ${tenant.name}.`,
        en: `${tenant.name} recognises ${message.senderName} as a health worker.`,
      }
    : undefined;
  const text = [
    `Bonjour ${author.name},`,
    '',
    `${message.senderName} vous écrit à propos de votre annonce « ${title} » sur la plateforme d’entraide de ${tenant.name} :`,
    ...(mark ? [mark.fr] : []),
    '',
    '----',
    message.text,
    '----',
    '',
    'Pour répondre, répondez simplement à ce message : votre adresse reste cachée, et la sienne aussi.',
    `Signaler ce message à l’équipe de ${tenant.name} : ${reportUrl}`,
    '',
    '—',
    `${message.senderName} wrote to you about your post "${title}". Reply to this message to answer: neither address is shown.`,
    ...(mark ? [mark.en] : []),
  ].join('\n');
  const html = mailHtml(
    subject,
    `<p>Bonjour ${e(author.name)},</p>
<p>${e(message.senderName)} vous écrit à propos de votre annonce <strong>« ${e(title)} »</strong> sur la plateforme d’entraide de ${e(tenant.name)}&nbsp;:</p>
${mark ? `<p><strong>${e(mark.fr)}</strong></p>\n` : ''}${quoted(message.text)}
<p>Pour répondre, répondez simplement à ce message&nbsp;: votre adresse reste cachée, et la sienne aussi.</p>
<p><a href="${e(reportUrl)}">Signaler ce message</a> à l’équipe de ${e(tenant.name)}.</p>
<hr><p lang="en">${e(message.senderName)} wrote to you about your post “${e(title)}”. Reply to this message to answer: neither address is shown.${mark ? ` ${e(mark.en)}` : ''}</p>`,
  );
  return { to: author.email, subject, text, html, replyTo, fromName: message.senderName, postId: post.id, purpose: 'relay' };
}

/** To the resident: the copy of what they sent, and how the conversation goes on. */
export function contactCopyMail(
  tenant: TenantConfig,
  post: PostWithContent,
  message: { senderName: string; text: string; to: string },
  replyTo: string,
  reportUrl: string,
): OutgoingMail {
  const { title, author } = post.content;
  const subject = headerSafe(`Votre message à ${author.name} : « ${title} »`).slice(0, 200);
  const text = [
    `Bonjour ${message.senderName},`,
    '',
    `Votre message a été transmis à ${author.name}, qui a publié « ${title} » sur la plateforme d’entraide de ${tenant.name}.`,
    'Sa réponse arrivera dans votre boîte. Pour lui écrire encore, répondez à ce message : vos adresses restent cachées.',
    '',
    '----',
    message.text,
    '----',
    '',
    `Signaler un message de cette conversation à l’équipe de ${tenant.name} : ${reportUrl}`,
    '',
    '—',
    `Your message was passed on to ${author.name} ("${title}"). Reply to this message to write again: neither address is shown.`,
  ].join('\n');
  const html = mailHtml(
    subject,
    `<p>Bonjour ${e(message.senderName)},</p>
<p>Votre message a été transmis à ${e(author.name)}, qui a publié <strong>« ${e(title)} »</strong> sur la plateforme d’entraide de ${e(tenant.name)}.</p>
<p>Sa réponse arrivera dans votre boîte. Pour lui écrire encore, répondez à ce message&nbsp;: vos adresses restent cachées.</p>
${quoted(message.text)}
<p><a href="${e(reportUrl)}">Signaler un message</a> de cette conversation à l’équipe de ${e(tenant.name)}.</p>
<hr><p lang="en">Your message was passed on to ${e(author.name)} (“${e(title)}”). Reply to this message to write again: neither address is shown.</p>`,
  );
  return { to: message.to, subject, text, html, replyTo, fromName: author.name, postId: post.id, purpose: 'relay' };
}

/** A reply through an alias, forwarded to the other party. Text only: see docs/contact-relay.md. */
export function relayedMail(
  tenant: TenantConfig,
  post: PostWithContent,
  relayed: {
    to: string;
    senderName: string;
    replyTo: string;
    subject: string;
    /** SES's spam verdict was FAIL: relayed, with a warning above it and in the subject. */
    suspect?: boolean;
    text: string;
    truncated: boolean;
    droppedAttachments: number;
    links: SiteLinks;
    reportUrl: string;
  },
): OutgoingMail {
  const notes = [
    ...(relayed.truncated ? ['(Message raccourci : il était trop long. / Message shortened: it was too long.)'] : []),
    ...(relayed.droppedAttachments > 0
      ? [
          `(${relayed.droppedAttachments} pièce${relayed.droppedAttachments > 1 ? 's' : ''} jointe${relayed.droppedAttachments > 1 ? 's' : ''} non transmise${relayed.droppedAttachments > 1 ? 's' : ''} : le relais ne transmet pas de fichiers. / Attachments are not passed on.)`,
        ]
      : []),
  ];
  const footer = `Message relayé par la plateforme d’entraide de ${tenant.name} à propos de « ${post.content.title} ». Répondez à ce message pour répondre : les adresses restent cachées.`;
  const subject = headerSafe(
    `${relayed.suspect ? '[Suspect] ' : ''}${relayed.subject || `Message à propos de « ${post.content.title} »`}`,
  ).slice(0, 200);
  const report = `Signaler ce message à l’équipe de ${tenant.name} : ${relayed.reportUrl}`;
  const warning = relayed.suspect ? [suspectWarning, ''] : [];
  const text = [...warning, relayed.text.trim(), '', ...notes, ...(notes.length ? [''] : []), '—', footer, report].join('\n');
  const html = mailHtml(
    subject,
    `${relayed.suspect ? `<p><strong>${e(suspectWarning)}</strong></p>\n` : ''}${paragraphs(relayed.text.trim())}
${notes.map((note) => `<p><em>${e(note)}</em></p>`).join('\n')}
<hr><p style="color:#555">${e(footer)}<br><a href="${e(relayed.reportUrl)}">Signaler ce message</a></p>`,
  );
  return { to: relayed.to, subject, text, html, replyTo: relayed.replyTo, fromName: relayed.senderName, postId: post.id, purpose: 'relay' };
}

const suspectWarning =
  'Attention : le filtre de messagerie considère ce message comme indésirable. Ne cliquez sur aucun lien et ne donnez ni argent ni code. / Warning: the mail filter flags this message as likely spam.';

/**
 * To the other party, once a day at most: the person's mail program answered by itself (out of
 * office). The automatic reply is not passed on (it often holds a phone number, a signature, a
 * colleague's address); this says only that the person is away.
 */
export function awayNoticeMail(
  tenant: TenantConfig,
  post: PostWithContent,
  notice: { to: string; senderName: string; replyTo: string },
): OutgoingMail {
  const { title } = post.content;
  const subject = headerSafe(`Réponse automatique de ${notice.senderName} : « ${title} »`).slice(0, 200);
  const text = [
    'Bonjour,',
    '',
    `La messagerie de ${notice.senderName} a répondu automatiquement à votre message à propos de « ${title} » : cette personne est sans doute absente en ce moment.`,
    'Sa réponse automatique ne vous est pas transmise. Vous pouvez attendre son retour, ou lui écrire encore en répondant à ce message.',
    '',
    '—',
    `${notice.senderName}'s mailbox answered automatically (away). The automatic reply is not passed on; reply to this message to write again.`,
  ].join('\n');
  const html = mailHtml(
    subject,
    `<p>Bonjour,</p>
<p>La messagerie de ${e(notice.senderName)} a répondu automatiquement à votre message à propos de <strong>« ${e(title)} »</strong>&nbsp;: cette personne est sans doute absente en ce moment.</p>
<p>Sa réponse automatique ne vous est pas transmise. Vous pouvez attendre son retour, ou lui écrire encore en répondant à ce message.</p>
<hr><p lang="en">${e(notice.senderName)}’s mailbox answered automatically (away). The automatic reply is not passed on; reply to this message to write again.</p>`,
  );
  return { to: notice.to, subject, text, html, replyTo: notice.replyTo, postId: post.id, purpose: 'relay_notice' };
}

/** "Did the help take place?": one click per answer, a few days after the post's first connection. */
export function followUpMail(tenant: TenantConfig, post: PostWithContent, token: string, links: SiteLinks): OutgoingMail {
  const { title, author } = post.content;
  const answerUrl = (answer: string) =>
    `${links.home}suivi.html?post=${encodeURIComponent(post.id)}&token=${encodeURIComponent(token)}&answer=${answer}`;
  const answers = [
    { id: 'yes', fr: 'Oui, l’entraide a eu lieu', en: 'Yes, the help took place' },
    { id: 'in_touch', fr: 'Nous sommes toujours en contact', en: 'We are still in touch' },
    { id: 'no', fr: 'Non', en: 'No' },
  ];
  const subject = headerSafe(`« ${title} » : l’entraide a-t-elle eu lieu ?`).slice(0, 200);
  const text = [
    `Bonjour ${author.name},`,
    '',
    `Il y a quelques jours, un habitant vous a écrit à propos de votre annonce « ${title} ».`,
    `L’entraide a-t-elle eu lieu ? Un clic suffit, votre réponse aide ${tenant.name} à savoir ce qui marche :`,
    '',
    ...answers.map((answer) => `${answer.fr} : ${answerUrl(answer.id)}`),
    '',
    '—',
    `A few days ago a resident wrote to you about "${title}". Did the help take place?`,
    ...answers.map((answer) => `${answer.en}: ${answerUrl(answer.id)}`),
  ].join('\n');
  const html = mailHtml(
    subject,
    `<p>Bonjour ${e(author.name)},</p>
<p>Il y a quelques jours, un habitant vous a écrit à propos de votre annonce <strong>« ${e(title)} »</strong>.</p>
<p>L’entraide a-t-elle eu lieu&nbsp;? Un clic suffit, votre réponse aide ${e(tenant.name)} à savoir ce qui marche&nbsp;:</p>
<ul>${answers.map((answer) => `<li><a href="${e(answerUrl(answer.id))}">${e(answer.fr)}</a></li>`).join('')}</ul>
<hr><p lang="en">Did the help take place? ${answers.map((answer) => `<a href="${e(answerUrl(answer.id))}">${e(answer.en)}</a>`).join(' · ')}</p>`,
  );
  return { to: author.email, subject, text, html, idempotencyKey: `follow-up:${post.id}`, postId: post.id, purpose: 'follow_up' };
}

/** From the team to a resident of a conversation (staff's "warn"): the team's words, no address of anyone, no alias to answer. */
export function staffNoticeMail(
  tenant: TenantConfig,
  notice: { to: string; name: string; title: string | null; text: string },
): OutgoingMail {
  const about = notice.title ? ` à propos de « ${notice.title} »` : '';
  const subject = headerSafe(`Message de l’équipe de ${tenant.name}${about}`).slice(0, 200);
  const text = [
    `Bonjour ${notice.name},`,
    '',
    `L’équipe de la plateforme d’entraide de ${tenant.name} vous écrit au sujet de votre conversation${about} :`,
    '',
    '----',
    notice.text,
    '----',
    '',
    '—',
    `${tenant.name}'s team writes to you about your conversation${notice.title ? ` on "${notice.title}"` : ''} (above).`,
  ].join('\n');
  const html = mailHtml(
    subject,
    `<p>Bonjour ${e(notice.name)},</p>
<p>L’équipe de la plateforme d’entraide de ${e(tenant.name)} vous écrit au sujet de votre conversation${notice.title ? ` à propos de <strong>« ${e(notice.title)} »</strong>` : ''}&nbsp;:</p>
${quoted(notice.text)}
<hr><p lang="en">${e(tenant.name)}’s team writes to you about your conversation (above).</p>`,
  );
  return { to: notice.to, subject, text, html, fromName: `Équipe ${tenant.name}`, purpose: 'relay_notice' };
}
