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
  /** Pages that draw a map load Leaflet after their first render. */
  map?: boolean;
}

export const sitePages: SitePage[] = [
  { file: 'index.html', entry: 'home', title: 'Entraide — plateformes d’entraide des collectivités' },
  { file: 'tenant.html', entry: 'tenant', title: 'Entraide' },
  { file: 'publier.html', entry: 'publish', title: 'Déposer une annonce', map: true },
  { file: 'recherche.html', entry: 'search', title: 'Chercher près de chez moi', map: true },
  { file: 'annonce.html', entry: 'post', title: 'Annonce' },
  { file: 'rubrique.html', entry: 'section', title: 'Rubrique' },
  { file: 'verifier.html', entry: 'verify', title: 'Confirmer mon annonce' },
  { file: 'gerer.html', entry: 'manage', title: 'Gérer mon annonce' },
  { file: 'alerte.html', entry: 'alert', title: 'Mon alerte e-mail' },
  { file: 'signaler-message.html', entry: 'report-message', title: 'Signaler un message' },
  { file: 'suivi.html', entry: 'followup', title: 'L’aide a-t-elle eu lieu ?' },
  { file: 'encore.html', entry: 'still-needed', title: 'Votre annonce est-elle toujours d’actualité ?' },
  { file: 'livraison.html', entry: 'deliveries', title: 'Qui livre chez moi ?' },
  { file: 'commerce.html', entry: 'listing', title: 'Producteur ou commerce' },
  { file: 'inscrire-commerce.html', entry: 'listing-form', title: 'Inscrire mon commerce' },
  { file: 'gerer-commerce.html', entry: 'manage-listing', title: 'Gérer ma fiche' },
  { file: 'accessibilite.html', entry: 'accessibility', title: 'Accessibilité' },
  { file: 'confidentialite.html', entry: 'privacy', title: 'Données personnelles' },
  { file: 'affiche.html', entry: 'flyer', title: 'Affiche à imprimer' },
  { file: 'equipe.html', entry: 'staff', title: 'Espace de l’équipe', map: true },
  { file: 'missions.html', entry: 'missions', title: 'Missions de bénévolat' },
  { file: 'mission.html', entry: 'mission', title: 'Mission' },
  { file: 'inscription.html', entry: 'signup', title: 'Mon inscription' },
  { file: 'aider.html', entry: 'wish', title: 'Je veux aider' },
  { file: 'orienter.html', entry: 'orientation', title: 'Orienter les bénévoles' },
];
