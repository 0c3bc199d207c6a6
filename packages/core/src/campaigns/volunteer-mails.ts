import { type OutgoingMail, mailButton, mailHtml } from '../mail/index.js';
import { type SiteLinks, escapeHtml, headerSafe } from '../shared/index.js';
import type { CampaignSettings, TenantConfig } from '../tenant/index.js';
import type { VolunteerRecord } from './campaign-record.js';

/**
 * The mail that makes a volunteer's sign-up count: confirm the address, and keep the link (their
 * kits, "I have made N"). French first, English second; what the volunteer typed is escaped in the
 * HTML part and flattened in the subject.
 */
export function volunteerMail(
  tenant: TenantConfig,
  campaign: { id: string; title: { fr: string; en: string }; settings: CampaignSettings },
  volunteer: VolunteerRecord,
  token: string,
  links: SiteLinks,
): OutgoingMail {
  const url = links.volunteer(campaign.id, volunteer.id, token);
  const point = campaign.settings.pickupPoints.find((candidate) => candidate.id === volunteer.pickupPoint)!;
  const text = [
    `Bonjour ${volunteer.name},`,
    '',
    `Vous vous êtes inscrit(e) comme bénévole à « ${campaign.title.fr} » (${tenant.name}).`,
    'Pour confirmer votre adresse, ouvrez ce lien :',
    url,
    '',
    `Votre point de retrait : ${point.name}, ${point.address} (${point.hours.fr}).`,
    `Gardez ce message : ce lien vous montre vos kits (${campaign.settings.kit.label.fr}) et vous permet de déclarer ce que vous avez fabriqué.`,
    'Votre adresse n’est jamais montrée aux autres bénévoles. Si vous n’êtes pas à l’origine de cette inscription, ignorez ce message.',
    '',
    '—',
    '',
    `Hello ${volunteer.name}, you signed up as a volunteer for "${campaign.title.en}" (${tenant.name}).`,
    `Confirm your address: ${url}`,
    `Your pick-up point: ${point.name}, ${point.address} (${point.hours.en}). Keep this message: the link shows your kits and lets you declare what you made.`,
    'Your address is never shown to other volunteers. If this was not you, ignore this message.',
  ].join('\n');
  const e = escapeHtml;
  const html = mailHtml(
    campaign.title.fr,
    `<p>Bonjour ${e(volunteer.name)},</p>
<p>Vous vous êtes inscrit(e) comme bénévole à <strong>« ${e(campaign.title.fr)} »</strong> (${e(tenant.name)}).</p>
<p>${mailButton(url, 'Confirmer mon inscription')}</p>
<p>Votre point de retrait&nbsp;: ${e(point.name)}, ${e(point.address)} (${e(point.hours.fr)}).</p>
<p>Gardez ce message&nbsp;: ce lien vous montre vos kits (${e(campaign.settings.kit.label.fr)}) et vous permet de déclarer ce que vous avez fabriqué.</p>
<p>Votre adresse n’est jamais montrée aux autres bénévoles. Si vous n’êtes pas à l’origine de cette inscription, ignorez ce message.</p>
<hr>
<div lang="en">
<p>Hello ${e(volunteer.name)}, you signed up as a volunteer for “${e(campaign.title.en)}” (${e(tenant.name)}).</p>
<p><a href="${e(url)}">Confirm my sign-up</a> · pick-up point: ${e(point.name)}, ${e(point.address)} (${e(point.hours.en)}).</p>
<p>Your address is never shown to other volunteers. If this was not you, ignore this message.</p>
</div>`,
  );
  return {
    to: volunteer.email,
    subject: headerSafe(`Confirmez votre inscription « ${campaign.title.fr} » / Confirm your sign-up`),
    text,
    html,
    purpose: 'verification',
  };
}

/** Staff's reminder to a volunteer with kits out and nothing returned: one mail to them alone. */
export function reminderMail(
  tenant: TenantConfig,
  campaign: { title: { fr: string; en: string }; settings: CampaignSettings },
  volunteer: VolunteerRecord,
  figures: { kitsOut: number; itemsExpected: number },
  homeUrl: string,
): OutgoingMail {
  const point = campaign.settings.pickupPoints.find((candidate) => candidate.id === volunteer.pickupPoint)!;
  const e = escapeHtml;
  const text = [
    `Bonjour ${volunteer.name},`,
    '',
    `Vous avez ${figures.kitsOut} kit(s) de « ${campaign.title.fr} » (${tenant.name}), soit ${figures.itemsExpected} ${campaign.settings.makes.fr} attendus.`,
    `Quand vous le pourrez, rapportez ce que vous avez fabriqué (ou les kits non utilisés) à ${point.name}, ${point.address} (${point.hours.fr}).`,
    'Merci pour votre aide !',
    homeUrl,
    '',
    '—',
    '',
    `Hello ${volunteer.name}, you have ${figures.kitsOut} kit(s) of "${campaign.title.en}" (${tenant.name}).`,
    `When you can, bring what you made (or unused kits) to ${point.name}, ${point.address} (${point.hours.en}). Thank you!`,
  ].join('\n');
  const html = mailHtml(
    campaign.title.fr,
    `<p>Bonjour ${e(volunteer.name)},</p>
<p>Vous avez ${figures.kitsOut} kit(s) de <strong>« ${e(campaign.title.fr)} »</strong> (${e(tenant.name)}), soit ${figures.itemsExpected} ${e(campaign.settings.makes.fr)} attendus.</p>
<p>Quand vous le pourrez, rapportez ce que vous avez fabriqué (ou les kits non utilisés) à ${e(point.name)}, ${e(point.address)} (${e(point.hours.fr)}).</p>
<p>Merci pour votre aide&nbsp;!</p>
<hr>
<div lang="en"><p>Hello ${e(volunteer.name)}, you have ${figures.kitsOut} kit(s) of “${e(campaign.title.en)}”. When you can, bring what you made (or unused kits) to ${e(point.name)}, ${e(point.address)} (${e(point.hours.en)}). Thank you!</p></div>`,
  );
  return {
    to: volunteer.email,
    subject: headerSafe(`Rappel : vos kits « ${campaign.title.fr} » / Reminder: your kits`),
    text,
    html,
    purpose: 'staff',
  };
}
