import type { OutgoingMail } from '../mail/index.js';
import { bilingualMail } from '../missions/index.js';
import type { SiteLinks } from '../shared/index.js';
import type { TenantConfig } from '../tenant/index.js';
import type { OrientationRecord, WishRecord } from './wish-record.js';

/** To a resident who stated a wish to help: confirm the address (and keep the link that withdraws it). */
export function wishVerificationMail(tenant: TenantConfig, wish: WishRecord, token: string, links: SiteLinks): OutgoingMail {
  const url = links.wishVerify(wish.id, token);
  return bilingualMail(
    wish.email,
    'Confirmez votre envie d’aider / Confirm your wish to help',
    {
      lines: [
        `Bonjour ${wish.name},`,
        `Merci de vouloir aider avec ${tenant.name}. Confirmez votre adresse : l’équipe vous proposera des missions et des associations qui ont besoin de vous.`,
        'Gardez ce message : le même lien vous permet de retirer votre proposition.',
        'Si vous n’êtes pas à l’origine de ce message, ignorez-le : rien ne sera gardé.',
      ],
      action: { url, label: 'Confirmer mon adresse' },
    },
    {
      lines: [`Hello ${wish.name}, thank you for offering to help. Confirm your address: the team will suggest missions and associations.`],
      action: { url, label: 'Confirm my address' },
    },
  );
}

/** Staff's answer: every suggestion in one mail, each link through the counting redirect. */
export function orientationMail(
  tenant: TenantConfig,
  wish: WishRecord,
  orientation: OrientationRecord,
  message: string | undefined,
  links: SiteLinks,
): OutgoingMail {
  const kindFr = { mission: 'Mission', association: 'Association', external: 'Mission ailleurs' } as const;
  const kindEn = { mission: 'Mission', association: 'Association', external: 'Elsewhere' } as const;
  const linked = orientation.suggestions.map((suggestion, index) => ({
    suggestion,
    url: suggestion.url ? links.orientationLink(orientation.id, index) : undefined,
  }));
  return bilingualMail(
    wish.email,
    `Des propositions pour vous aider à aider / Where you can help`,
    {
      lines: [
        `Bonjour ${wish.name},`,
        `L’équipe de ${tenant.name} a lu votre proposition d’aide. Voici où vous pourriez être utile :`,
        ...(message ? [message] : []),
        ...linked.map(
          ({ suggestion }, index) =>
            `${index + 1}. ${kindFr[suggestion.kind]} : ${suggestion.title}${suggestion.detail ? ` — ${suggestion.detail}` : ''}`,
        ),
      ],
      links: linked.flatMap(({ suggestion, url }, index) => (url ? [{ url, label: `${index + 1}. ${suggestion.title}` }] : [])),
    },
    {
      lines: [
        `Hello ${wish.name}, ${tenant.name}'s team read your offer to help. Here is where you could help:`,
        ...linked.map(({ suggestion }, index) => `${index + 1}. ${kindEn[suggestion.kind]}: ${suggestion.title}`),
      ],
    },
    `orientation:${orientation.id}`,
  );
}
