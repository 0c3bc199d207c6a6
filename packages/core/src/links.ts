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
  };
}
export type SiteLinks = ReturnType<typeof siteLinks>;
