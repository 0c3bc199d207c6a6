// The tenant context's plain values and helpers, without zod: a function that needs only these
// (the inbound relay: the staff's mailbox) loads none of the tenant config's schemas.

/**
 * What a section holds: residents' posts (the default), a directory of producers and shops, missions
 * with shifts, a campaign with kits, or a gallery of drawings. Each kind is served by its own context.
 */
export const sectionTypes = ['posts', 'directory', 'missions', 'campaign', 'gallery'] as const;

export const tenantKinds = ['commune', 'departement', 'metropole', 'province', 'region', 'intercommunalite'] as const;

/** Who a section may address besides every resident: `health_workers` (its offers are for recognised health workers only). */
export const sectionAudiences = ['health_workers'] as const;
export type SectionAudience = (typeof sectionAudiences)[number];

/**
 * The languages the site and every mail are complete in: a test checks that each has every message
 * key. A tenant may declare only these; Dutch and German (Belgian, Luxembourg and Swiss tenants) are
 * refused, naming the language, until they are translated.
 */
export const translatedLanguages = ['fr', 'en'] as const;
export const untranslatedLanguages = ['nl', 'de'] as const;

/** Who and where a tenant is: what its public config and its file both open with. */
export const tenantIdentity = <Tenant extends Record<'id' | 'kind' | 'name' | 'country' | 'area' | 'languages', unknown>>(
  tenant: Tenant,
): Pick<Tenant, 'id' | 'kind' | 'name' | 'country' | 'area' | 'languages'> => ({
  id: tenant.id,
  kind: tenant.kind,
  name: tenant.name,
  country: tenant.country,
  area: tenant.area,
  languages: tenant.languages,
});

/** Where mail for the team arrives through the relay: the tenant's `staffInbox`, else its first staff address. Never shown to residents. */
export const staffMailboxOf = (tenant: { staffInbox?: string | undefined; staffEmails: readonly string[] }): string =>
  (tenant.staffInbox ?? tenant.staffEmails[0]!).trim().toLowerCase();
