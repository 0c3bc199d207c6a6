import type { OutgoingMail } from '../mail/index.js';
import { bilingualMail } from '../missions/index.js';
import type { SiteLinks } from '../shared/index.js';
import type { TenantConfig } from '../tenant/index.js';
import type { RecognitionRecord } from './recognition-record.js';

/** The page of the health workers' section: it confirms a recognition on opening. */
export const recognitionLink = (links: SiteLinks, id: string, token: string): string =>
  `${links.home}soignants.html?reconnaissance=${encodeURIComponent(id)}&token=${encodeURIComponent(token)}`;

/** To the resident who asked: confirm the address (recognised at once at one of the tenant's domains, else staff read the request). */
export function recognitionVerificationMail(
  tenant: TenantConfig,
  record: RecognitionRecord,
  token: string,
  links: SiteLinks,
  byDomain: boolean,
): OutgoingMail {
  const url = recognitionLink(links, record.id, token);
  return bilingualMail(
    record.email,
    'Confirmez votre adresse de soignant / Confirm your address as a health worker',
    {
      lines: [
        'Bonjour,',
        byDomain
          ? `Confirmez votre adresse : vous serez reconnu(e) comme soignant(e) sur la plateforme d’entraide de ${tenant.name}, et pourrez écrire aux personnes qui proposent un logement ou du matériel aux soignants.`
          : `Confirmez votre adresse : l’équipe de ${tenant.name} lira ensuite votre demande d’être reconnu(e) comme soignant(e), et vous écrira sa réponse.`,
        'Si vous n’êtes pas à l’origine de ce message, ignorez-le.',
      ],
      action: { url, label: 'Confirmer mon adresse' },
    },
    {
      lines: [
        byDomain
          ? `Confirm your address to be recognised as a health worker on ${tenant.name}'s mutual-aid platform.`
          : `Confirm your address: ${tenant.name}'s team will then read your request to be recognised as a health worker.`,
      ],
      action: { url, label: 'Confirm my address' },
    },
  );
}

/** Staff's answer to a request: recognised, refused (with their word, if any), or a recognition withdrawn. */
export function recognitionDecisionMail(tenant: TenantConfig, record: RecognitionRecord, links: SiteLinks): OutgoingMail {
  const page = `${links.home}soignants.html`;
  const reason = (words: string) => (record.refusalReason ? [`${words} ${record.refusalReason}`] : []);
  const words = {
    recognised: {
      subject: 'Vous êtes reconnu(e) comme soignant(e) / You are recognised as a health worker',
      fr: [
        `L’équipe de ${tenant.name} vous a reconnu(e) comme soignant(e) : vous pouvez écrire aux personnes qui proposent un logement ou du matériel aux soignants, avec cette adresse.`,
      ],
      en: [
        `${tenant.name}'s team recognised you as a health worker: you may now write to those offering housing or equipment, from this address.`,
      ],
    },
    withdrawn: {
      subject: 'Votre reconnaissance de soignant(e) est retirée / Your recognition as a health worker is withdrawn',
      fr: [
        `L’équipe de ${tenant.name} a retiré votre reconnaissance de soignant(e) : vous ne pouvez plus écrire aux offres réservées aux soignants, et les conversations ouvertes avec elles sont closes.`,
        ...reason('Son message :'),
      ],
      en: [
        `${tenant.name}'s team withdrew your recognition as a health worker: you may no longer write to offers for health workers, and the conversations open with them are closed.`,
        ...reason('Their message:'),
      ],
    },
    refused: {
      subject: 'Votre demande de reconnaissance / Your request',
      fr: [`L’équipe de ${tenant.name} n’a pas pu vous reconnaître comme soignant(e).`, ...reason('Son message :')],
      en: [`${tenant.name}'s team could not recognise you as a health worker.`, ...reason('Their message:')],
    },
  }[record.status === 'recognised' ? 'recognised' : record.status === 'withdrawn' ? 'withdrawn' : 'refused'];
  return bilingualMail(
    record.email,
    words.subject,
    { lines: ['Bonjour,', ...words.fr], links: [{ url: page, label: 'Les offres aux soignants' }] },
    { lines: words.en },
  );
}
