import { type OutgoingMail, mailButton, mailHtml } from '../mail/index.js';
import type { PublicPost } from '../posts/index.js';
import { type SiteLinks, escapeHtml as e, headerSafe } from '../shared/index.js';
import { categoryLabels, postKinds, type CategoryId, type PostKind, type TenantConfig } from '../tenant/index.js';

/** What the mails say of an alert. */
export interface AlertMailTarget {
  email: string;
  radiusKm: number;
  category?: CategoryId;
  kind?: PostKind;
}

export interface DigestPost {
  post: PublicPost;
  /** From the alert's point to the post's public point, rounded. */
  distanceKm: number;
}

/** "Courses – Je propose, à 2 km" in French, and its English twin. */
function describeAlert(tenant: TenantConfig, alert: AlertMailTarget) {
  const what = {
    fr: [
      alert.category ? categoryLabels(tenant, alert.category).fr : 'toutes catégories',
      alert.kind ? postKinds[alert.kind].fr.toLowerCase() : 'offres et demandes',
    ].join(', '),
    en: [
      alert.category ? categoryLabels(tenant, alert.category).en : 'all categories',
      alert.kind ? postKinds[alert.kind].en.toLowerCase() : 'offers and requests',
    ].join(', '),
  };
  return { fr: `${what.fr}, à moins de ${alert.radiusKm} km`, en: `${what.en}, within ${alert.radiusKm} km` };
}

const frenchKm = (distance: number): string => `${distance.toLocaleString('fr-FR')} km`;

/** Confirm the alert; the unsubscribe link is there from the first mail. French first, then English. */
export function alertVerificationMail(
  tenant: TenantConfig,
  alert: AlertMailTarget,
  verifyUrl: string,
  unsubscribeUrl: string,
): OutgoingMail {
  const described = describeAlert(tenant, alert);
  const text = [
    'Bonjour,',
    '',
    `Vous avez demandé à recevoir chaque jour les nouvelles annonces d’entraide de ${tenant.name} :`,
    described.fr,
    '',
    'Pour activer cette alerte, confirmez votre adresse en ouvrant ce lien :',
    verifyUrl,
    '',
    'Vous pourrez vous désabonner à tout moment, d’un clic, avec le lien présent dans chaque message :',
    unsubscribeUrl,
    'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : aucune alerte ne sera envoyée.',
    '',
    '—',
    '',
    `Hello, you asked for a daily email of new posts on ${tenant.name}'s mutual-aid platform: ${described.en}.`,
    `To turn this alert on, confirm your address: ${verifyUrl}`,
    `Unsubscribe at any time, in one click: ${unsubscribeUrl}`,
    'If this was not you, ignore this message: no alert will be sent.',
  ].join('\n');
  const html = mailHtml(
    'Alerte',
    `<p>Bonjour,</p>
<p>Vous avez demandé à recevoir chaque jour les nouvelles annonces d’entraide de ${e(tenant.name)}&nbsp;:<br><strong>${e(described.fr)}</strong></p>
<p>${mailButton(verifyUrl, 'Activer mon alerte')}</p>
<p>Vous pourrez vous désabonner à tout moment, d’un clic&nbsp;: <a href="${e(unsubscribeUrl)}">me désabonner</a>.</p>
<p>Si vous n’êtes pas à l’origine de cette demande, ignorez ce message&nbsp;: aucune alerte ne sera envoyée.</p>
<hr>
<div lang="en">
<p>You asked for a daily email of new posts on ${e(tenant.name)}'s mutual-aid platform: ${e(described.en)}.</p>
<p><a href="${e(verifyUrl)}">Turn this alert on</a> · <a href="${e(unsubscribeUrl)}">Unsubscribe</a></p>
</div>`,
  );
  return { to: alert.email, subject: headerSafe(`Confirmez votre alerte – ${tenant.name} / Confirm your alert`), text, html };
}

/** The day's new posts for one alert, nearest first, each with its link, and the one-click unsubscribe. */
export function alertDigestMail(
  tenant: TenantConfig,
  alert: AlertMailTarget,
  posts: DigestPost[],
  links: SiteLinks,
  unsubscribeUrl: string,
): OutgoingMail {
  const described = describeAlert(tenant, alert);
  const count = posts.length;
  const lines = posts.flatMap(({ post, distanceKm }) => [
    `• ${post.title} (${postKinds[post.kind].fr} – ${categoryLabels(tenant, post.category).fr}, à ${frenchKm(distanceKm)})`,
    `  ${links.post(post.id)}`,
  ]);
  const text = [
    'Bonjour,',
    '',
    count === 1 ? 'Une nouvelle annonce correspond à votre alerte' : `${count} nouvelles annonces correspondent à votre alerte`,
    `(${described.fr}) sur la plateforme d’entraide de ${tenant.name} :`,
    '',
    ...lines,
    '',
    `Vous ne voulez plus recevoir ces messages ? Désabonnez-vous d’un clic : ${unsubscribeUrl}`,
    '',
    '—',
    '',
    `${count} new post${count === 1 ? '' : 's'} match your alert (${described.en}) on ${tenant.name}'s mutual-aid platform; links above.`,
    `Unsubscribe in one click: ${unsubscribeUrl}`,
  ].join('\n');
  const items = posts
    .map(
      ({ post, distanceKm }) =>
        `<li><a href="${e(links.post(post.id))}">${e(post.title)}</a> <span>(${e(postKinds[post.kind].fr)} – ${e(categoryLabels(tenant, post.category).fr)}, à ${e(frenchKm(distanceKm))})</span></li>`,
    )
    .join('\n');
  const html = mailHtml(
    'Nouvelles annonces',
    `<p>Bonjour,</p>
<p>${count === 1 ? 'Une nouvelle annonce correspond' : `${count} nouvelles annonces correspondent`} à votre alerte (${e(described.fr)}) sur la plateforme d’entraide de ${e(tenant.name)}&nbsp;:</p>
<ul>
${items}
</ul>
<p>Vous ne voulez plus recevoir ces messages&nbsp;? <a href="${e(unsubscribeUrl)}">Me désabonner</a> (un clic).</p>
<hr>
<p lang="en">${count} new post${count === 1 ? '' : 's'} match your alert (${e(described.en)}). <a href="${e(unsubscribeUrl)}">Unsubscribe</a></p>`,
  );
  return {
    to: alert.email,
    subject: headerSafe(`${count === 1 ? '1 nouvelle annonce' : `${count} nouvelles annonces`} près de chez vous – ${tenant.name}`),
    text,
    html,
  };
}

/** "Still want it?": the alert ends on `endsAt` unless renewed in one click; else it is erased with the address. */
export function alertRenewalMail(
  tenant: TenantConfig,
  alert: AlertMailTarget,
  renewal: { endsAt: string; renewUrl: string; unsubscribeUrl: string },
): OutgoingMail {
  const described = describeAlert(tenant, alert);
  const months = tenant.alertExpiry.months;
  const day = new Date(renewal.endsAt);
  const frenchDay = day.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: tenant.digest.timeZone });
  const englishDay = day.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: tenant.digest.timeZone });
  const text = [
    'Bonjour,',
    '',
    `Votre alerte sur la plateforme d’entraide de ${tenant.name} (${described.fr}) prend fin le ${frenchDay}.`,
    `Vous voulez continuer à la recevoir ? Un clic la garde ${months} mois de plus :`,
    renewal.renewUrl,
    '',
    'Sinon, vous n’avez rien à faire : à cette date, l’alerte et votre adresse e-mail seront effacées.',
    `Vous pouvez aussi vous désabonner dès maintenant : ${renewal.unsubscribeUrl}`,
    '',
    '—',
    '',
    `Your alert on ${tenant.name}'s mutual-aid platform (${described.en}) ends on ${englishDay}.`,
    `Keep it for ${months} more months in one click: ${renewal.renewUrl}`,
    'Otherwise do nothing: on that day the alert and your email address are erased.',
    `Unsubscribe now: ${renewal.unsubscribeUrl}`,
  ].join('\n');
  const html = mailHtml(
    'Alerte',
    `<p>Bonjour,</p>
<p>Votre alerte sur la plateforme d’entraide de ${e(tenant.name)} (<strong>${e(described.fr)}</strong>) prend fin le ${e(frenchDay)}.</p>
<p>Vous voulez continuer à la recevoir&nbsp;? Un clic la garde ${months} mois de plus&nbsp;:</p>
<p>${mailButton(renewal.renewUrl, 'Garder mon alerte')}</p>
<p>Sinon, vous n’avez rien à faire&nbsp;: à cette date, l’alerte et votre adresse e-mail seront effacées. <a href="${e(renewal.unsubscribeUrl)}">Me désabonner dès maintenant</a>.</p>
<hr>
<div lang="en">
<p>Your alert on ${e(tenant.name)}'s mutual-aid platform (${e(described.en)}) ends on ${e(englishDay)}.</p>
<p><a href="${e(renewal.renewUrl)}">Keep it for ${months} more months</a> · otherwise do nothing: the alert and your address are erased that day · <a href="${e(renewal.unsubscribeUrl)}">Unsubscribe now</a></p>
</div>`,
  );
  return {
    to: alert.email,
    subject: headerSafe(`Votre alerte prend fin le ${frenchDay} – ${tenant.name} / Your alert ends soon`),
    text,
    html,
  };
}
