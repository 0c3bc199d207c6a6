import { type OutgoingMail, mailButton, mailHtml } from '../mail/index.js';
import { type SiteLinks, escapeHtml as e, headerSafe } from '../shared/index.js';
import type { TenantConfig, TenantSection } from '../tenant/index.js';
import type { ListingRecord } from './listing-record.js';

/**
 * The mail that makes a listing exist: confirm the address that entered it, and keep the link that
 * manages it (edit, pause, close, delete). French first, English second; what the business typed
 * escaped in the HTML part and flattened in the subject.
 */
export function listingVerificationMail(
  tenant: TenantConfig,
  section: TenantSection,
  listing: ListingRecord,
  token: string,
  links: SiteLinks,
): OutgoingMail {
  if (!listing.content) throw new Error('a deleted listing gets no mail');
  const { name, author } = listing.content;
  const verifyUrl = links.listingVerify(listing.id, token);
  const manageUrl = links.listingManage(listing.id, token);
  const moderatedFirst = tenant.features.moderation === 'before';
  const text = [
    `Bonjour ${author.name},`,
    '',
    `Vous avez inscrit « ${name} » dans la rubrique « ${section.title.fr} » de ${tenant.name}.`,
    '',
    'Pour la publier, confirmez votre adresse en ouvrant ce lien :',
    verifyUrl,
    '',
    moderatedFirst ? 'Elle sera visible après relecture par l’équipe de la collectivité.' : 'Elle sera visible dès votre confirmation.',
    'Gardez ce message : ce lien vous permet ensuite de la modifier, la suspendre, la clore ou la supprimer :',
    manageUrl,
    '',
    'Le téléphone, le site et l’adresse e-mail de commande que vous avez donnés sont publics ; l’adresse qui reçoit ce message ne l’est pas.',
    'Si vous n’êtes pas à l’origine de cette inscription, ignorez ce message : rien ne sera publié.',
    '',
    '—',
    '',
    `Hello ${author.name},`,
    '',
    `You listed "${name}" in the "${section.title.en}" section of ${tenant.name}.`,
    `To publish it, confirm your address: ${verifyUrl}`,
    `Keep this message: this link lets you edit, pause, close or delete it: ${manageUrl}`,
    'The ordering phone, website and email you gave are public; the address receiving this message is not.',
  ].join('\n');
  const html = mailHtml(
    name,
    `<p>Bonjour ${e(author.name)},</p>
<p>Vous avez inscrit <strong>« ${e(name)} »</strong> dans la rubrique « ${e(section.title.fr)} » de ${e(tenant.name)}.</p>
<p>${mailButton(verifyUrl, 'Confirmer et publier ma fiche')}</p>
<p>${moderatedFirst ? 'Elle sera visible après relecture par l’équipe de la collectivité.' : 'Elle sera visible dès votre confirmation.'}</p>
<p>Gardez ce message&nbsp;: <a href="${e(manageUrl)}">gérer ma fiche</a> (modifier, suspendre, clore ou supprimer).</p>
<p>Le téléphone, le site et l’adresse e-mail de commande que vous avez donnés sont publics&nbsp;; l’adresse qui reçoit ce message ne l’est pas.</p>
<hr>
<div lang="en">
<p>Hello ${e(author.name)}, you listed “${e(name)}” on ${e(tenant.name)}'s platform.</p>
<p><a href="${e(verifyUrl)}">Confirm and publish</a> · <a href="${e(manageUrl)}">Manage my listing</a></p>
</div>`,
  );
  return {
    to: author.email,
    subject: headerSafe(`Confirmez votre fiche « ${name} » / Confirm your listing`),
    text,
    html,
    purpose: 'verification',
  };
}
