import { textPage } from '../legal-page.js';

textPage({
  fr: {
    title: 'Déclaration d’accessibilité',
    sections: [
      {
        heading: 'État de conformité',
        paragraphs: [
          'Le site Entraide est partiellement conforme au référentiel général d’amélioration de l’accessibilité (RGAA), version 4.1, en raison des non-conformités et des contenus listés ci-dessous. Un audit complet par un tiers reste à faire.',
        ],
      },
      {
        heading: 'Ce qui est vérifié à chaque version',
        items: [
          'Chaque page, sur téléphone (390 × 844) et sur ordinateur (1280 × 800), est analysée par axe-core : aucune erreur détectée.',
          'Déposer une annonce se fait entièrement au clavier ; le focus est toujours visible.',
          'Chaque champ a une étiquette, une aide et, en cas d’erreur, un message à côté du champ et un récapitulatif en haut du formulaire.',
          'Aucune information n’est donnée par la couleur seule ; les contrastes respectent le niveau AA.',
          'Le site fonctionne en français et en anglais ; la langue de chaque page est déclarée.',
        ],
      },
      {
        heading: 'Contenus non accessibles',
        items: [
          'La carte (Leaflet) n’est pas entièrement utilisable avec un lecteur d’écran : la liste des annonces, à côté, donne les mêmes informations, et le point d’une annonce peut être saisi par une adresse ou en latitude et longitude.',
          'Le code QR de l’affiche est accompagné de l’adresse du site en clair.',
        ],
      },
      {
        heading: 'Retour d’information et contact',
        paragraphs: [
          'Si vous n’arrivez pas à accéder à un contenu ou à un service, contactez votre mairie ou votre collectivité : elle vous aidera ou déposera l’annonce pour vous.',
        ],
      },
      {
        heading: 'Voies de recours',
        paragraphs: [
          'Si vous avez signalé un défaut d’accessibilité sans obtenir de réponse satisfaisante, vous pouvez écrire au Défenseur des droits, le contacter par son formulaire en ligne, appeler l’un de ses délégués dans votre région, ou lui écrire par courrier gratuit : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.',
        ],
      },
    ],
  },
  en: {
    title: 'Accessibility statement',
    sections: [
      {
        heading: 'Compliance status',
        paragraphs: [
          'The Entraide site is partially compliant with the French accessibility standard (RGAA) version 4.1, because of the issues and content listed below. A full third-party audit is still to be done.',
        ],
      },
      {
        heading: 'What is checked for every release',
        items: [
          'Every page, on a phone (390 × 844) and a desktop (1280 × 800), is analysed by axe-core: no error found.',
          'Posting can be done with the keyboard alone; the focus is always visible.',
          'Every field has a label, a hint and, on error, a message next to it and a summary at the top of the form.',
          'No information is given by colour alone; contrasts meet level AA.',
          'The site works in French and English; the language of each page is declared.',
        ],
      },
      {
        heading: 'Content that is not accessible',
        items: [
          'The map (Leaflet) is not fully usable with a screen reader: the list of posts beside it gives the same information, and a post’s point can be entered as an address or as latitude and longitude.',
          'The flyer’s QR code comes with the site’s address in plain text.',
        ],
      },
      {
        heading: 'Feedback and contact',
        paragraphs: [
          'If you cannot reach some content or service, contact your town hall or local government: they will help you or post for you.',
        ],
      },
      {
        heading: 'Remedies',
        paragraphs: [
          'If you reported an accessibility issue without a satisfactory answer, you can write to the Défenseur des droits (the French rights ombudsman): Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.',
        ],
      },
    ],
  },
});
