/** The site's pages that emails point to. One place, so mails and the site agree. */
export function siteLinks(siteUrl: string, tenantId: string) {
  const base = `${siteUrl.replace(/\/+$/, '')}/t/${encodeURIComponent(tenantId)}`;
  const withPostAndToken = (page: string, postId: string, token: string) =>
    `${base}/${page}?post=${encodeURIComponent(postId)}&token=${encodeURIComponent(token)}`;
  return {
    home: `${base}/`,
    post: (postId: string) => `${base}/annonce.html?post=${encodeURIComponent(postId)}`,
    verify: (postId: string, token: string) => withPostAndToken('verifier.html', postId, token),
    manage: (postId: string, token: string) => withPostAndToken('gerer.html', postId, token),
    /** The "still needed?" mail's page: extend the post, or close it (nothing happens before a click). */
    stillNeeded: (postId: string, token: string) => withPostAndToken('encore.html', postId, token),
    /** The alert page confirms (`?alert=…&token=…`) or, with `&action=unsubscribe`, unsubscribes on opening. */
    alertVerify: (alertId: string, token: string) =>
      `${base}/alerte.html?alert=${encodeURIComponent(alertId)}&token=${encodeURIComponent(token)}`,
    alertUnsubscribe: (alertId: string, token: string) =>
      `${base}/alerte.html?alert=${encodeURIComponent(alertId)}&token=${encodeURIComponent(token)}&action=unsubscribe`,
    /** The "still want it?" mail's page: a button renews the alert (nothing happens on opening). */
    alertRenew: (alertId: string, token: string) =>
      `${base}/alerte.html?alert=${encodeURIComponent(alertId)}&token=${encodeURIComponent(token)}&action=renew`,
    /** RFC 8058's one-click target: the API route itself, which a mail program POSTs to without opening a page. */
    alertOneClickUnsubscribe: (alertId: string, token: string) =>
      `${base}/api/alerts/${encodeURIComponent(alertId)}/unsubscribe?token=${encodeURIComponent(token)}`,
    /** A campaign's volunteer: the page confirms their address on opening, then shows their kits and takes their declarations. */
    volunteer: (campaignId: string, volunteerId: string, token: string) =>
      `${base}/benevole.html?campagne=${encodeURIComponent(campaignId)}&benevole=${encodeURIComponent(volunteerId)}&token=${encodeURIComponent(token)}`,
    /** Missions: the public page (with its sign-up form); the organiser's link confirms it on opening. */
    mission: (missionId: string) => `${base}/mission.html?mission=${encodeURIComponent(missionId)}`,
    missionVerify: (missionId: string, token: string) =>
      `${base}/mission.html?mission=${encodeURIComponent(missionId)}&token=${encodeURIComponent(token)}`,
    /** A volunteer's sign-up: the page confirms it on opening, and offers to withdraw (`&action=withdraw` withdraws). */
    signUp: (signUpId: string, token: string) =>
      `${base}/inscription.html?signup=${encodeURIComponent(signUpId)}&token=${encodeURIComponent(token)}`,
    signUpWithdraw: (signUpId: string, token: string) =>
      `${base}/inscription.html?signup=${encodeURIComponent(signUpId)}&token=${encodeURIComponent(token)}&action=withdraw`,
    /** A resident's wish to help: the page confirms it on opening (`&action=withdraw` withdraws it). */
    wishVerify: (wishId: string, token: string) =>
      `${base}/aider.html?wish=${encodeURIComponent(wishId)}&token=${encodeURIComponent(token)}`,
    /** A suggestion of an orientation mail: the API counts the click, then redirects to where it leads. */
    orientationLink: (orientationId: string, index: number) =>
      `${base}/api/orientations/${encodeURIComponent(orientationId)}/links/${index}`,
    /** A directory listing's public page, and its owner's page: confirms on opening with `&action=verify`, then manages. */
    listing: (listingId: string) => `${base}/commerce.html?listing=${encodeURIComponent(listingId)}`,
    listingVerify: (listingId: string, token: string) =>
      `${base}/gerer-commerce.html?listing=${encodeURIComponent(listingId)}&token=${encodeURIComponent(token)}&action=verify`,
    listingManage: (listingId: string, token: string) =>
      `${base}/gerer-commerce.html?listing=${encodeURIComponent(listingId)}&token=${encodeURIComponent(token)}`,
    /** A section's gallery of drawings; a parent's drawing page confirms it on opening (`&action=verify`), then offers to delete it. */
    gallery: (section: string) => `${base}/galerie.html?section=${encodeURIComponent(section)}`,
    drawingVerify: (drawingId: string, token: string) =>
      `${base}/mon-dessin.html?drawing=${encodeURIComponent(drawingId)}&token=${encodeURIComponent(token)}&action=verify`,
    drawingManage: (drawingId: string, token: string) =>
      `${base}/mon-dessin.html?drawing=${encodeURIComponent(drawingId)}&token=${encodeURIComponent(token)}`,
  };
}
export type SiteLinks = ReturnType<typeof siteLinks>;

/**
 * The staff's pages (the site's `equipe.html`), that login mails and digests point to. The login
 * link carries the single-use token in `?token=`; the page exchanges it for a session.
 */
export function staffLinks(siteUrl: string, tenantId: string) {
  const base = `${siteUrl.replace(/\/+$/, '')}/t/${encodeURIComponent(tenantId)}`;
  const page = `${base}/equipe.html`;
  return {
    home: page,
    /** A campaign's counter page: hand-outs, returns, figures, reminders. */
    counter: (campaignId: string) => `${base}/comptoir.html?campagne=${encodeURIComponent(campaignId)}`,
    login: (token: string) => `${page}?token=${encodeURIComponent(token)}`,
    moderationQueue: `${page}#moderation`,
    drawings: `${page}#dessins`,
    /** Health workers' requests to be recognised, and the equipment offered. */
    healthWorkers: `${page}#soignants`,
    post: (postId: string) => `${page}?post=${encodeURIComponent(postId)}#moderation`,
    reports: `${page}#signalements`,
    stats: `${page}#statistiques`,
    connections: `${page}#statistiques`,
    bounces: `${page}#statistiques`,
  };
}
export type StaffLinks = ReturnType<typeof staffLinks>;
