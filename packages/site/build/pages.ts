/**
 * Every page of the site: its file, its script and its French title (the script sets the
 * translated one). One list, so the build, the size report and the browser tests agree.
 */
export interface SitePage {
  /** The HTML file, served at the root (`/index.html`) or under a tenant (`/t/{id}/<file>`). */
  file: string;
  /** The entry under `src/pages/`, bundled to `<entry>.js`. */
  entry: string;
  title: string;
  /** Its meta description, in French (the script puts the tenant's name first, in the resident's language). */
  description: string;
  /** Pages that draw a map load Leaflet after their first render. */
  map?: boolean;
}

export const sitePages: SitePage[] = [
  {
    file: 'soignants.html',
    entry: 'health-workers',
    title: 'Soutien aux soignants',
    description:
      'Soignants : trouvez un logement libre près de votre hôpital aux dates voulues, et faites-vous reconnaître pour écrire aux personnes qui le proposent.',
  },
  {
    file: 'index.html',
    entry: 'home',
    title: 'Entraide — plateformes d’entraide des collectivités',
    description:
      'Entraide : les plateformes d’entraide entre voisins des collectivités. Proposez ou demandez de l’aide près de chez vous, sans montrer votre e-mail.',
  },
  {
    file: 'tenant.html',
    entry: 'tenant',
    title: 'Entraide',
    description:
      'Entraide entre voisins : proposez ou demandez de l’aide près de chez vous (courses, médicaments, garde d’enfants, démarches), sans montrer votre e-mail.',
  },
  {
    file: 'publier.html',
    entry: 'publish',
    title: 'Déposer une annonce',
    description:
      'Déposez une annonce d’entraide : proposez ou demandez de l’aide près de chez vous. Votre adresse e-mail n’est jamais montrée.',
    map: true,
  },
  {
    file: 'recherche.html',
    entry: 'search',
    title: 'Chercher près de chez moi',
    description:
      'Cherchez les offres et demandes d’aide près de chez vous, de la plus proche à la plus éloignée, en liste et sur une carte.',
    map: true,
  },
  {
    file: 'annonce.html',
    entry: 'post',
    title: 'Annonce',
    description: 'Une annonce d’entraide entre voisins : lisez-la et écrivez à son auteur sans montrer votre adresse e-mail.',
  },
  {
    file: 'rubrique.html',
    entry: 'section',
    title: 'Rubrique',
    description:
      'Une rubrique de la plateforme d’entraide : ses annonces ou ses producteurs, des plus récents aux plus anciens, tant qu’elle est ouverte.',
  },
  {
    file: 'verifier.html',
    entry: 'verify',
    title: 'Confirmer mon annonce',
    description: 'Confirmez votre annonce d’entraide pour la publier, et voyez les annonces qui y répondent déjà.',
  },
  {
    file: 'gerer.html',
    entry: 'manage',
    title: 'Gérer mon annonce',
    description: 'Gérez votre annonce d’entraide : modifiez-la, clôturez-la ou supprimez-la, avec le lien reçu par e-mail.',
  },
  {
    file: 'alerte.html',
    entry: 'alert',
    title: 'Mon alerte e-mail',
    description: 'Activez ou arrêtez votre alerte e-mail des nouvelles annonces d’entraide près de chez vous.',
  },
  {
    file: 'signaler-message.html',
    entry: 'report-message',
    title: 'Signaler un message',
    description: 'Signalez à l’équipe de la collectivité un message reçu par l’entraide entre voisins.',
  },
  {
    file: 'suivi.html',
    entry: 'followup',
    title: 'L’aide a-t-elle eu lieu ?',
    description: 'Dites si l’aide a eu lieu : la collectivité suit ainsi l’entraide entre voisins.',
  },
  {
    file: 'encore.html',
    entry: 'still-needed',
    title: 'Votre annonce est-elle toujours d’actualité ?',
    description: 'Prolongez votre annonce d’entraide si l’aide est encore utile, ou clôturez-la en disant comment cela s’est passé.',
  },
  {
    file: 'livraison.html',
    entry: 'deliveries',
    title: 'Qui livre chez moi ?',
    description:
      'Les producteurs et commerces qui livrent à votre adresse, du plus proche au plus éloigné, avec leur téléphone et leurs jours de livraison.',
  },
  {
    file: 'commerce.html',
    entry: 'listing',
    title: 'Producteur ou commerce',
    description: 'Un producteur ou un commerce qui livre : ce qu’il propose, où il livre, quand, et comment commander.',
  },
  {
    file: 'inscrire-commerce.html',
    entry: 'listing-form',
    title: 'Inscrire mon commerce',
    description:
      'Producteurs et commerçants : inscrivez votre commerce à l’annuaire de la collectivité, avec votre zone de livraison et votre téléphone.',
  },
  {
    file: 'gerer-commerce.html',
    entry: 'manage-listing',
    title: 'Gérer ma fiche',
    description: 'Gérez la fiche de votre commerce avec le lien reçu par e-mail : modifiez-la, mettez-la en pause ou retirez-la.',
  },
  {
    file: 'galerie.html',
    entry: 'gallery',
    title: 'Galerie de dessins',
    description: 'Les dessins d’enfants envoyés aux soignants et aux agents, publiés après relecture par l’équipe de la collectivité.',
  },
  {
    file: 'envoyer-dessin.html',
    entry: 'drawing-form',
    title: 'Envoyer un dessin',
    description: 'Envoyez le dessin d’un enfant pour les soignants : il est relu par l’équipe avant d’être publié dans la galerie.',
  },
  {
    file: 'mon-dessin.html',
    entry: 'my-drawing',
    title: 'Mon dessin',
    description: 'Confirmez l’envoi du dessin avec le lien reçu par e-mail, voyez où il en est, supprimez-le à tout moment.',
  },
  {
    file: 'accessibilite.html',
    entry: 'accessibility',
    title: 'Accessibilité',
    description: 'Déclaration d’accessibilité du site d’entraide entre voisins (RGAA 4.1).',
  },
  {
    file: 'confidentialite.html',
    entry: 'privacy',
    title: 'Données personnelles',
    description: 'Données personnelles : ce que garde le site d’entraide, combien de temps, et comment tout effacer.',
  },
  {
    file: 'affiche.html',
    entry: 'flyer',
    title: 'Affiche à imprimer',
    description: 'Affiche A4 à imprimer, avec un code QR, pour faire connaître l’entraide entre voisins.',
  },
  {
    file: 'equipe.html',
    entry: 'staff',
    title: 'Espace de l’équipe',
    description: 'Espace de l’équipe de la collectivité : modération, annonces pour les habitants, chiffres.',
    map: true,
  },
  {
    file: 'missions.html',
    entry: 'missions',
    title: 'Missions de bénévolat',
    description:
      'Les missions de bénévolat près de chez vous : récoltes, associations, banques alimentaires. Choisissez un créneau et inscrivez-vous.',
  },
  {
    file: 'mission.html',
    entry: 'mission',
    title: 'Mission',
    description: 'Une mission de bénévolat : le lieu, les créneaux, les places restantes, et l’inscription en quelques secondes.',
  },
  {
    file: 'inscription.html',
    entry: 'signup',
    title: 'Mon inscription',
    description: 'Votre inscription à une mission de bénévolat : confirmée ou en liste d’attente, et vous pouvez vous désister.',
  },
  {
    file: 'aider.html',
    entry: 'wish',
    title: 'Je veux aider',
    description: 'Dites ce que vous aimeriez faire comme bénévole : la collectivité vous oriente vers une mission ou une association.',
  },
  {
    file: 'orienter.html',
    entry: 'orientation',
    title: 'Orienter les bénévoles',
    description: 'Espace de l’équipe : orienter les bénévoles vers les missions et les associations qui ont besoin d’eux.',
  },
  {
    file: 'campagne.html',
    entry: 'campaign',
    title: 'Campagne',
    description:
      'Une campagne de la collectivité : prenez un kit à un point de retrait, fabriquez chez vous (des masques, par exemple), rapportez ce que vous avez fait.',
  },
  {
    file: 'benevole.html',
    entry: 'volunteer',
    title: 'Mes kits',
    description: 'Vos kits de bénévole, avec le lien reçu par e-mail : ce que vous avez pris, rapporté, et ce que vous avez fabriqué.',
  },
  {
    file: 'comptoir.html',
    entry: 'counter',
    title: 'Comptoir des kits',
    description: 'Espace de l’équipe : remettre des kits aux bénévoles, enregistrer les retours et suivre les chiffres de la campagne.',
  },
];
