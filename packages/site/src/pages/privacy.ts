import { textPage } from '../legal-page.js';

textPage(
  {
    fr: {
      title: 'Données personnelles',
      sections: [
        {
          heading: 'Ce qui est conservé',
          items: [
            'Pour une annonce : son texte, sa catégorie, le prénom ou nom que vous donnez, votre adresse e-mail et le point que vous avez choisi.',
            'Ce qui est public : le texte, le prénom ou nom, et un point décalé d’au moins 500 m. Votre adresse e-mail et votre point exact ne sont jamais montrés.',
            'Quand quelqu’un vous contacte, le message passe par une adresse relais : aucun des deux ne voit l’adresse de l’autre.',
          ],
        },
        {
          heading: 'Combien de temps',
          items: [
            'Une annonce expire après la durée fixée par votre collectivité (30 jours en général), puis n’est plus visible.',
            'Une annonce non confirmée n’est jamais publiée.',
          ],
        },
        {
          heading: 'Comment tout effacer',
          paragraphs: [
            'Le lien reçu par e-mail ouvre la page « Gérer mon annonce » : le bouton « Supprimer définitivement » efface l’annonce, votre nom et votre adresse e-mail, et coupe les adresses relais. Vous pouvez aussi le demander à votre collectivité, responsable du traitement, ou saisir la CNIL.',
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
          heading: 'What is kept',
          items: [
            'For a post: its text, its category, the name you give, your email address and the point you chose.',
            'What is public: the text, the name, and a point moved by at least 500 m. Your email address and your exact point are never shown.',
            'When someone contacts you, the message goes through a relay address: neither of you sees the other’s address.',
          ],
        },
        {
          heading: 'For how long',
          items: [
            'A post expires after the time set by your local government (usually 30 days), then is no longer visible.',
            'A post that is not confirmed is never published.',
          ],
        },
        {
          heading: 'How to erase everything',
          paragraphs: [
            'The link in your email opens “Manage my post”: “Delete for good” erases the post, your name and your email address, and cuts the relay addresses. You can also ask your local government, the data controller, or the CNIL.',
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
  },
  { withContact: true },
);
