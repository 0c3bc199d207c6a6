import { type OutgoingMail, mailButton, mailHtml } from '../mail/index.js';
import { type SiteLinks, escapeHtml, headerSafe, siteLinks } from '../shared/index.js';
import type { TenantConfig } from '../tenant/index.js';
import type { MissionRecord, ShiftRecord, SignUpRecord } from './mission-record.js';

/** A shift's time as a resident reads it, in the tenant's time zone. */
export function shiftTime(tenant: TenantConfig, shift: Pick<ShiftRecord, 'start' | 'end'>, language: 'fr' | 'en'): string {
  const locale = language === 'fr' ? 'fr-FR' : 'en-GB';
  const zone = tenant.digest.timeZone;
  const day = new Intl.DateTimeFormat(locale, { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long' }).format(
    new Date(shift.start),
  );
  const hour = (at: string) => new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(new Date(at));
  return language === 'fr'
    ? `le ${day}, de ${hour(shift.start)} à ${hour(shift.end)}`
    : `on ${day}, ${hour(shift.start)}–${hour(shift.end)}`;
}

export interface MailPart {
  /** Plain sentences: user content goes in as it is here, escaped by `bilingualMail`. */
  lines: string[];
  action?: { url: string; label: string };
  /** Links after the main action (e.g. withdraw). */
  links?: { url: string; label: string }[];
}

/** The missions' and orientations' mails: French, then English; every piece of text escaped in the HTML, the subject on one line. */
export function bilingualMail(to: string, subject: string, fr: MailPart, en: MailPart, idempotencyKey?: string): OutgoingMail {
  const textOf = (part: MailPart) => [
    ...part.lines,
    ...(part.action ? ['', `${part.action.label} : ${part.action.url}`] : []),
    ...(part.links ?? []).map((link) => `${link.label} : ${link.url}`),
  ];
  const htmlOf = (part: MailPart) =>
    [
      ...part.lines.map((line) => `<p>${escapeHtml(line)}</p>`),
      ...(part.action ? [`<p>${mailButton(part.action.url, part.action.label)}</p>`] : []),
      ...(part.links ?? []).map((link) => `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>`),
    ].join('\n');
  const oneLine = headerSafe(subject);
  return {
    to,
    subject: oneLine,
    text: [...textOf(fr), '', '—', '', ...textOf(en)].join('\n'),
    html: mailHtml(oneLine, `${htmlOf(fr)}\n<hr>\n<div lang="en">\n${htmlOf(en)}\n</div>`),
    ...(idempotencyKey ? { idempotencyKey } : {}),
  };
}

/** To the organiser: confirm the mission (and keep the link that manages it). */
export function missionVerificationMail(tenant: TenantConfig, mission: MissionRecord, token: string, links: SiteLinks): OutgoingMail {
  const url = links.missionVerify(mission.id, token);
  const moderated = tenant.features.moderation === 'before';
  return bilingualMail(
    mission.author.email,
    `Confirmez votre mission « ${mission.title} » / Confirm your mission`,
    {
      lines: [
        `Bonjour ${mission.author.name},`,
        `Vous avez proposé la mission « ${mission.title} » (${mission.organisation.name}) sur la plateforme d’entraide de ${tenant.name}.`,
        moderated
          ? 'Confirmez votre adresse : la mission sera visible après relecture par l’équipe.'
          : 'Confirmez votre adresse : la mission sera visible aussitôt.',
        'Gardez ce message : le même lien vous permet ensuite de gérer la mission.',
        'Si vous n’êtes pas à l’origine de cette mission, ignorez ce message : rien ne sera publié.',
      ],
      action: { url, label: 'Confirmer ma mission' },
    },
    {
      lines: [
        `Hello ${mission.author.name}, you proposed the mission “${mission.title}” on ${tenant.name}'s platform.`,
        'Confirm your address to publish it; keep this message to manage it.',
      ],
      action: { url, label: 'Confirm my mission' },
    },
  );
}

/** To the organiser: staff did not publish the mission, and why. */
export function missionRejectedMail(tenant: TenantConfig, mission: MissionRecord, reason: string, siteUrl: string): OutgoingMail {
  const home = siteLinks(siteUrl, tenant.id).home;
  return bilingualMail(
    mission.author.email,
    `Votre mission « ${mission.title} » n’est pas publiée / Your mission was not published`,
    {
      lines: [
        `Bonjour ${mission.author.name},`,
        `L’équipe de ${tenant.name} n’a pas publié votre mission « ${mission.title} » (${mission.organisation.name}).`,
        `Motif : ${reason}`,
        'Vous pouvez proposer une nouvelle mission qui en tient compte.',
      ],
      links: [{ url: home, label: 'Proposer une mission' }],
    },
    {
      lines: [
        `Hello ${mission.author.name}, ${tenant.name}'s team did not publish your mission “${mission.title}”.`,
        `Reason (in French): ${reason}`,
      ],
      links: [{ url: home, label: 'Propose a mission' }],
    },
    `mission-rejected:${mission.id}:${mission.version}`,
  );
}

/** What every mail to a mission's volunteer speaks of: their sign-up, its shift and mission, the tenant, and the site's links. */
export interface VolunteerMailFacts {
  tenant: TenantConfig;
  mission: MissionRecord;
  shift: ShiftRecord;
  signUp: SignUpRecord;
  links: SiteLinks;
}

/** To a volunteer who just signed up: the place is taken only once the address is confirmed. */
export function signUpVerificationMail(about: VolunteerMailFacts, token: string): OutgoingMail {
  const { tenant, mission, shift, signUp, links } = about;
  const url = links.signUp(signUp.id, token);
  return bilingualMail(
    signUp.email,
    `Confirmez votre inscription : ${mission.title} / Confirm your sign-up`,
    {
      lines: [
        `Bonjour ${signUp.name},`,
        `Vous vous êtes proposé pour « ${mission.title} » (${mission.organisation.name}), ${shiftTime(tenant, shift, 'fr')}.`,
        'Votre place n’est prise qu’une fois votre adresse confirmée, dans l’ordre des confirmations : s’il n’en reste plus, vous serez en liste d’attente.',
        'Si vous n’êtes pas à l’origine de cette inscription, ignorez ce message.',
      ],
      action: { url, label: 'Confirmer mon inscription' },
    },
    {
      lines: [
        `Hello ${signUp.name}, you offered to help with “${mission.title}” (${mission.organisation.name}), ${shiftTime(tenant, shift, 'en')}.`,
        'Your place is only taken once you confirm your address, in the order of confirmations; if none is left, you join the waiting list.',
      ],
      action: { url, label: 'Confirm my sign-up' },
    },
  );
}

/** To a volunteer whose place is now theirs: on confirming, or promoted from the waiting list. */
export function placeConfirmedMail(
  about: VolunteerMailFacts,
  /** The volunteer's token, when at hand (their own click); a promotion mail points to their first mail instead. */
  token: string | undefined,
  promoted: boolean,
): OutgoingMail {
  const { tenant, mission, shift, signUp, links } = about;
  const withdraw = token ? [{ url: links.signUpWithdraw(signUp.id, token), label: 'Me désinscrire' }] : [];
  const withdrawEn = token ? [{ url: links.signUpWithdraw(signUp.id, token), label: 'Withdraw' }] : [];
  return bilingualMail(
    signUp.email,
    `${promoted ? 'Une place s’est libérée' : 'Votre place est confirmée'} : ${mission.title} / Your place is confirmed`,
    {
      lines: [
        `Bonjour ${signUp.name},`,
        promoted
          ? `Une place s’est libérée : vous êtes attendu pour « ${mission.title} », ${shiftTime(tenant, shift, 'fr')}.`
          : `Votre place est confirmée pour « ${mission.title} », ${shiftTime(tenant, shift, 'fr')}.`,
        `Lieu : ${mission.address}. Organisation : ${mission.organisation.name}${mission.organisation.phone ? `, ${mission.organisation.phone}` : ''}.`,
        token
          ? 'Un rappel vous sera envoyé la veille. Si vous ne pouvez plus venir, libérez votre place pour la personne suivante :'
          : 'Un rappel vous sera envoyé la veille. Si vous ne pouvez plus venir, libérez votre place avec le lien de votre premier message.',
      ],
      links: withdraw,
    },
    {
      lines: [
        `Hello ${signUp.name}, ${promoted ? 'a place came free: ' : ''}your place is confirmed for “${mission.title}”, ${shiftTime(tenant, shift, 'en')}, at ${mission.address}.`,
        token
          ? 'You will get a reminder the day before. If you cannot come, free your place for the next person:'
          : 'You will get a reminder the day before. If you cannot come, free your place with the link of your first message.',
      ],
      links: withdrawEn,
    },
    `mission-place:${signUp.id}`,
  );
}

/** The day before: to a volunteer holding a place. Keyed per sign-up and shift start: a second run of the job sends nothing. */
export function shiftReminderMail(about: VolunteerMailFacts): OutgoingMail {
  const { tenant, mission, shift, signUp, links } = about;
  const page = links.mission(mission.id);
  return bilingualMail(
    signUp.email,
    `Rappel : ${mission.title}, demain / Reminder: tomorrow`,
    {
      lines: [
        `Bonjour ${signUp.name},`,
        `Rappel : vous êtes attendu pour « ${mission.title} » (${mission.organisation.name}), ${shiftTime(tenant, shift, 'fr')}.`,
        `Lieu : ${mission.address}.`,
        'Si vous ne pouvez plus venir, libérez votre place avec le lien de votre premier message : la personne suivante sera prévenue.',
      ],
      links: [{ url: page, label: 'Voir la mission' }],
    },
    {
      lines: [
        `Hello ${signUp.name}, a reminder: you are expected for “${mission.title}”, ${shiftTime(tenant, shift, 'en')}, at ${mission.address}.`,
        'If you cannot come, free your place with the link of your first message: the next person will be told.',
      ],
      links: [{ url: page, label: 'See the mission' }],
    },
    `mission-reminder:${signUp.id}:${shift.start}`,
  );
}

/** To a volunteer holding a place or waiting on a shift its organiser cancelled. Sent once per sign-up (its key). */
export function shiftCancelledMail(about: VolunteerMailFacts): OutgoingMail {
  const { tenant, mission, shift, signUp, links } = about;
  const page = links.mission(mission.id);
  return bilingualMail(
    signUp.email,
    `Créneau annulé : ${mission.title} / Shift cancelled`,
    {
      lines: [
        `Bonjour ${signUp.name},`,
        `${mission.organisation.name} a annulé le créneau de « ${mission.title} », ${shiftTime(tenant, shift, 'fr')}. Votre inscription est annulée : ne vous déplacez pas.`,
        'Merci de votre disponibilité. D’autres créneaux ou missions ont peut-être besoin de vous :',
      ],
      links: [{ url: page, label: 'Voir la mission' }],
    },
    {
      lines: [
        `Hello ${signUp.name}, ${mission.organisation.name} cancelled the shift of “${mission.title}”, ${shiftTime(tenant, shift, 'en')}. Your sign-up is cancelled: please do not come.`,
      ],
      links: [{ url: page, label: 'See the mission' }],
    },
    `mission-cancelled:${signUp.id}`,
  );
}

/** To a volunteer who confirmed when every place was taken. */
export function waitingListMail(about: VolunteerMailFacts, position: number, token: string): OutgoingMail {
  const { tenant, mission, shift, signUp, links } = about;
  const page = links.signUp(signUp.id, token);
  return bilingualMail(
    signUp.email,
    `Liste d’attente : ${mission.title} / Waiting list`,
    {
      lines: [
        `Bonjour ${signUp.name},`,
        `Toutes les places de « ${mission.title} », ${shiftTime(tenant, shift, 'fr')}, sont prises : vous êtes n° ${position} sur la liste d’attente.`,
        'Si une place se libère, elle vous revient dans l’ordre de la liste et vous recevrez un message aussitôt.',
      ],
      links: [{ url: page, label: 'Voir ma place dans la liste' }],
    },
    {
      lines: [
        `Hello ${signUp.name}, every place of “${mission.title}” is taken: you are number ${position} on the waiting list.`,
        'If a place comes free, it goes to the next on the list and you will be told at once.',
      ],
      links: [{ url: page, label: 'See my position' }],
    },
    `mission-waiting:${signUp.id}`,
  );
}
