import { type OutgoingMail, mailButton, mailHtml } from '../mail/index.js';
import { type SiteLinks, escapeHtml as e, headerSafe } from '../shared/index.js';
import type { TenantConfig, TenantSection } from '../tenant/index.js';
import type { DrawingRecord } from './drawing-record.js';

const childOf = (drawing: DrawingRecord) => drawing.content?.childFirstName;
const frenchWhose = (drawing: DrawingRecord) => (childOf(drawing) ? `le dessin de ${childOf(drawing)}` : 'le dessin');
const englishWhose = (drawing: DrawingRecord) => (childOf(drawing) ? `${childOf(drawing)}’s drawing` : 'the drawing');

/**
 * The mail that confirms the parent's address: its link processes the image and hands the drawing
 * to staff. Keep it: the same link deletes the drawing. French first, English second; what the
 * parent typed escaped in the HTML and flattened in the subject.
 */
export function drawingVerificationMail(
  tenant: TenantConfig,
  section: TenantSection,
  drawing: DrawingRecord,
  token: string,
  links: SiteLinks,
): OutgoingMail {
  if (!drawing.content) throw new Error('a deleted drawing gets no mail');
  const verifyUrl = links.drawingVerify(drawing.id, token);
  const manageUrl = links.drawingManage(drawing.id, token);
  const text = [
    'Bonjour,',
    '',
    `Vous avez envoyé ${frenchWhose(drawing)} pour la rubrique « ${section.title.fr} » de ${tenant.name}.`,
    '',
    'Pour le confirmer, ouvrez ce lien (il est valable 24 heures) :',
    verifyUrl,
    '',
    'L’équipe de la collectivité le relira avant de le publier ; vous recevrez un message quand elle aura décidé.',
    'Gardez ce message : ce lien vous permet ensuite de supprimer le dessin à tout moment :',
    manageUrl,
    '',
    'Votre adresse e-mail n’est jamais publiée. Si vous n’êtes pas à l’origine de cet envoi, ignorez ce message : rien ne sera publié.',
    '',
    '—',
    '',
    'Hello,',
    '',
    `You sent ${englishWhose(drawing)} for the "${section.title.en}" section of ${tenant.name}.`,
    `To confirm it, open this link (valid for 24 hours): ${verifyUrl}`,
    'Staff will read it before publishing it; you will get a message once they have decided.',
    `Keep this message: this link lets you delete the drawing at any time: ${manageUrl}`,
  ].join('\n');
  const html = mailHtml(
    section.title.fr,
    `<p>Bonjour,</p>
<p>Vous avez envoyé ${e(frenchWhose(drawing))} pour la rubrique « ${e(section.title.fr)} » de ${e(tenant.name)}.</p>
<p>${mailButton(verifyUrl, 'Confirmer l’envoi du dessin')}</p>
<p>Ce lien est valable 24&nbsp;heures. L’équipe de la collectivité relira le dessin avant de le publier&nbsp;; vous recevrez un message quand elle aura décidé.</p>
<p>Gardez ce message&nbsp;: <a href="${e(manageUrl)}">supprimer le dessin</a> à tout moment.</p>
<p>Votre adresse e-mail n’est jamais publiée.</p>
<hr>
<div lang="en">
<p>Hello, you sent ${e(englishWhose(drawing))} to ${e(tenant.name)}'s gallery.</p>
<p><a href="${e(verifyUrl)}">Confirm</a> · <a href="${e(manageUrl)}">Delete the drawing</a></p>
</div>`,
  );
  return {
    to: drawing.content.parentEmail,
    subject: headerSafe(`Confirmez l’envoi du dessin / Confirm your drawing – ${tenant.name}`),
    text,
    html,
    purpose: 'verification',
  };
}

/** Staff decided: published (with the gallery's link and the delete link) or not (with their reason). */
export function drawingDecisionMail(
  tenant: TenantConfig,
  drawing: DrawingRecord,
  parentEmail: string,
  decision: { published: true } | { published: false; reason: string },
  links: SiteLinks,
): OutgoingMail {
  const galleryUrl = links.gallery(drawing.section);
  const text = decision.published
    ? [
        'Bonjour,',
        '',
        `Merci ! ${frenchWhose(drawing).replace(/^le/, 'Le')} est publié dans la galerie de ${tenant.name} :`,
        galleryUrl,
        '',
        'Vous pouvez le supprimer à tout moment avec le lien du premier message.',
        '',
        '—',
        '',
        `Thank you! ${englishWhose(drawing).replace(/^the/, 'The')} is published in ${tenant.name}'s gallery: ${galleryUrl}`,
        'You can delete it at any time with the link of the first message.',
      ].join('\n')
    : [
        'Bonjour,',
        '',
        `L’équipe de ${tenant.name} n’a pas publié ${frenchWhose(drawing)}. Son message :`,
        decision.reason,
        '',
        'Rien n’est conservé de l’image. Vous pouvez envoyer un autre dessin.',
        '',
        '—',
        '',
        `${tenant.name}'s staff did not publish ${englishWhose(drawing)}. Their message: ${decision.reason}`,
        'Nothing of the image is kept. You may send another drawing.',
      ].join('\n');
  const html = mailHtml(
    tenant.name,
    decision.published
      ? `<p>Bonjour,</p>
<p>Merci&nbsp;! ${e(frenchWhose(drawing).replace(/^le/, 'Le'))} est publié dans la galerie de ${e(tenant.name)}.</p>
<p>${mailButton(galleryUrl, 'Voir la galerie')}</p>
<p>Vous pouvez le supprimer à tout moment avec le lien du premier message.</p>
<hr><p lang="en">Thank you! ${e(englishWhose(drawing).replace(/^the/, 'The'))} is published: <a href="${e(galleryUrl)}">see the gallery</a>.</p>`
      : `<p>Bonjour,</p>
<p>L’équipe de ${e(tenant.name)} n’a pas publié ${e(frenchWhose(drawing))}. Son message&nbsp;:</p>
<blockquote>${e(decision.reason)}</blockquote>
<p>Rien n’est conservé de l’image. Vous pouvez envoyer un autre dessin.</p>
<hr><p lang="en">${e(tenant.name)}'s staff did not publish ${e(englishWhose(drawing))}. Nothing of the image is kept.</p>`,
  );
  return {
    to: parentEmail,
    subject: headerSafe(
      decision.published
        ? `Votre dessin est publié / Your drawing is published – ${tenant.name}`
        : `Votre dessin / Your drawing – ${tenant.name}`,
    ),
    text,
    html,
    purpose: 'staff',
    idempotencyKey: `drawing-decision:${drawing.tenantId}:${drawing.id}:${drawing.version}`,
  };
}
