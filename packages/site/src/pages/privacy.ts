import {
  alertLifetimeMonthsDefault,
  eventRecordDays,
  recognitionLifetimeMonths,
  retentionAfterExpiryDays,
  unverifiedAlertLifetimeDays,
} from '@entraide/core/plain';
import type { PublicTenantConfig } from '@entraide/core/schemas';
import { textPage, type TextPage } from '../legal-page.js';

/** The data protection authority residents may complain to, by the tenant's country. */
const authorities: Record<string, { fr: string; en: string; url: string }> = {
  FR: { fr: 'la CNIL (Commission nationale de l’informatique et des libertés)', en: 'the CNIL (France)', url: 'https://www.cnil.fr' },
  BE: {
    fr: 'l’Autorité de protection des données (APD/GBA)',
    en: 'the Data Protection Authority (APD/GBA, Belgium)',
    url: 'https://www.autoriteprotectiondonnees.be',
  },
  LU: {
    fr: 'la Commission nationale pour la protection des données (CNPD)',
    en: 'the National Commission for Data Protection (CNPD, Luxembourg)',
    url: 'https://cnpd.public.lu',
  },
  CH: {
    fr: 'le Préposé fédéral à la protection des données et à la transparence (PFPDT)',
    en: 'the Federal Data Protection and Information Commissioner (FDPIC, Switzerland)',
    url: 'https://www.edoeb.admin.ch',
  },
};

/** The privacy page: per tenant (its name as controller, its post lifetime, its country's authority), in both languages. */
textPage(
  (tenant?: PublicTenantConfig): { fr: TextPage; en: TextPage } => {
    const controller = tenant?.name;
    const lifetime = tenant?.postLifetimeDays ?? 30;
    const alertMonths = tenant?.alertExpiry.months ?? alertLifetimeMonthsDefault;
    const authority = authorities[tenant?.country ?? 'FR'] ?? authorities.FR!;
    // Only where a section is for health workers (or on the platform's own page).
    const recognitions = tenant === undefined || tenant.healthWorkers !== undefined;
    return {
      fr: {
        title: 'Données personnelles',
        sections: [
          {
            heading: 'Responsable du traitement',
            paragraphs: [
              controller
                ? `${controller} est responsable du traitement des données de cette plateforme d’entraide. Pour exercer vos droits, écrivez-lui : ses coordonnées sont en bas de cette page.`
                : 'Chaque collectivité est responsable du traitement des données de sa plateforme d’entraide.',
            ],
          },
          {
            heading: 'Pourquoi',
            items: [
              'Publier les offres et demandes d’aide des habitants, et les mettre en relation sans montrer leurs adresses.',
              'Permettre à l’équipe de la collectivité de relire les annonces et de traiter les signalements.',
              'Compter l’activité (chiffres anonymes par jour) pour la collectivité.',
            ],
          },
          {
            heading: 'Ce qui est conservé',
            items: [
              'Pour une annonce : son texte, sa catégorie, le prénom ou nom que vous donnez, votre adresse e-mail et le point que vous avez choisi.',
              'Ce qui est public : le texte, le prénom ou nom, et un point décalé d’au moins 500 m. Votre adresse e-mail et votre point exact ne sont jamais montrés.',
              'Quand quelqu’un vous contacte, le message passe par une adresse relais : aucun des deux ne voit l’adresse de l’autre. Le nom et l’adresse de la personne qui écrit sont gardés avec la conversation.',
            ],
          },
          {
            heading: 'Combien de temps',
            items: [
              `Une annonce est visible ${lifetime} jours, puis expire ; une annonce non confirmée n’est jamais publiée.`,
              `Après l’expiration, l’annonce et ses conversations (noms et adresses compris) sont effacées dans les ${retentionAfterExpiryDays} jours.`,
              'Une annonce supprimée par son auteur est effacée aussitôt, avec ses conversations ; seuls des chiffres anonymes restent.',
              `Une alerte e-mail dure ${alertMonths} mois après sa confirmation ; un e-mail propose de la garder quelques jours avant la fin, sinon elle est effacée avec votre adresse. Une alerte jamais confirmée est effacée après ${unverifiedAlertLifetimeDays} jours, une alerte dont vous vous désabonnez aussitôt.`,
              ...(recognitions
                ? [
                    `Une reconnaissance de soignant(e) (votre adresse et, pour une demande, votre nom, profession et employeur) prend fin ${recognitionLifetimeMonths} mois après la dernière décision, puis est effacée ; le lien reçu par e-mail l’efface à tout moment, et ferme vos conversations avec les offres réservées aux soignants.`,
                  ]
                : []),
              `Ce qui ne nomme personne (la date d’un signalement, la réponse « l’entraide a-t-elle eu lieu ? ») est gardé ${eventRecordDays} jours pour les chiffres de la collectivité.`,
            ],
          },
          {
            heading: 'Vos droits',
            paragraphs: [
              'Vous pouvez accéder à vos données, les faire corriger ou effacer, et vous opposer à leur traitement. Le lien reçu par e-mail ouvre la page « Gérer mon annonce » : le bouton « Supprimer définitivement » efface l’annonce, votre nom, votre adresse e-mail et les conversations, et coupe les adresses relais.',
              `Vous pouvez aussi le demander à la collectivité, ou adresser une réclamation à ${authority.fr} : ${authority.url}.`,
            ],
          },
          {
            heading: 'Ni publicité ni pistage',
            paragraphs: [
              'Ce site n’utilise ni cookie publicitaire ni mesure d’audience. Seul votre choix de langue est gardé dans votre navigateur.',
            ],
          },
        ],
      },
      en: {
        title: 'Personal data',
        sections: [
          {
            heading: 'Data controller',
            paragraphs: [
              controller
                ? `${controller} is the controller of this mutual-aid platform's data. To use your rights, write to it: its contact details are at the bottom of this page.`
                : 'Each local government is the controller of its mutual-aid platform’s data.',
            ],
          },
          {
            heading: 'Why',
            items: [
              'To publish residents’ offers and requests for help, and put them in touch without showing their addresses.',
              'So that the local government’s staff can review posts and deal with reports.',
              'To count activity (anonymous figures per day) for the local government.',
            ],
          },
          {
            heading: 'What is kept',
            items: [
              'For a post: its text, its category, the name you give, your email address and the point you chose.',
              'What is public: the text, the name, and a point moved by at least 500 m. Your email address and your exact point are never shown.',
              'When someone contacts you, the message goes through a relay address: neither of you sees the other’s address. The name and address of whoever writes are kept with the conversation.',
            ],
          },
          {
            heading: 'For how long',
            items: [
              `A post is visible for ${lifetime} days, then expires; a post that is not confirmed is never published.`,
              `After it expires, the post and its conversations (names and addresses included) are erased within ${retentionAfterExpiryDays} days.`,
              'A post its author deletes is erased at once, with its conversations; only anonymous figures remain.',
              `An email alert runs for ${alertMonths} months after it is confirmed; a few days before its end an email offers to keep it, otherwise it is erased with your address. An alert never confirmed is erased after ${unverifiedAlertLifetimeDays} days; one you unsubscribe from, at once.`,
              ...(recognitions
                ? [
                    `A recognition as a health worker (your address and, for a request, your name, profession and employer) ends ${recognitionLifetimeMonths} months after the last decision, then is erased; the link in your email erases it at any time, and closes your conversations with offers for health workers.`,
                  ]
                : []),
              `What names no one (the date of a report, the answer to “did the help take place?”) is kept ${eventRecordDays} days for the local government’s figures.`,
            ],
          },
          {
            heading: 'Your rights',
            paragraphs: [
              'You may access your data, have it corrected or erased, and object to its processing. The link in your email opens “Manage my post”: “Delete for good” erases the post, your name, your email address and the conversations, and cuts the relay addresses.',
              `You may also ask the local government, or complain to ${authority.en}: ${authority.url}.`,
            ],
          },
          {
            heading: 'No advertising, no tracking',
            paragraphs: [
              'This site uses no advertising cookie and no audience measurement. Only your language choice is kept in your browser.',
            ],
          },
        ],
      },
    };
  },
  { withContact: true },
);
