import { DomainError } from '../shared/schemas.js';

/** The built-in categories of help between residents, with their labels in the residents' languages. */
export const helpCategories = {
  childcare: { fr: 'Garde d’enfants exceptionnelle', en: 'Exceptional childcare' },
  groceries: { fr: 'Courses', en: 'Groceries' },
  medicines: { fr: 'Médicaments', en: 'Medicines' },
  psychological_support: { fr: 'Soutien psychologique', en: 'Psychological support' },
  paperwork: { fr: 'Aide aux démarches administratives', en: 'Help with paperwork' },
  other: { fr: 'Autre', en: 'Other' },
} as const satisfies Record<string, LocalisedText>;

export type LocalisedText = { fr: string; en: string };
export type BuiltInCategoryId = keyof typeof helpCategories;
export const categoryIds = Object.keys(helpCategories) as [BuiltInCategoryId, ...BuiltInCategoryId[]];
/**
 * A category of a tenant: a built-in one or one its tenant file declares (`customCategories`, e.g.
 * "producteurs"). Which ones a tenant offers is checked against its config, not by the schema.
 */
export type CategoryId = string;

/** The shape of a category id, built-in or a tenant's own: what request schemas accept before the tenant's check. */
export const categoryIdPattern = /^[a-z0-9]+([_-][a-z0-9]+)*$/;

/** The categories a tenant offers, in its order, each with its labels (a tenant's own or the built-in ones). */
export function tenantCategories(tenant: {
  categories: readonly string[];
  customCategories?: readonly { id: string; label: LocalisedText }[];
}): { id: string; label: LocalisedText }[] {
  return tenant.categories.map((id) => ({ id, label: categoryLabels(tenant, id) }));
}

/** A category's labels: the tenant's own, else the built-in ones, else its id (a category since removed from the file). */
export function categoryLabels(tenant: { customCategories?: readonly { id: string; label: LocalisedText }[] }, id: string): LocalisedText {
  const own = tenant.customCategories?.find((category) => category.id === id);
  if (own) return own.label;
  const builtIn = (helpCategories as Record<string, LocalisedText>)[id];
  return builtIn ?? { fr: id, en: id };
}

/** 400 `category_not_enabled` naming `path` unless the tenant offers the category. */
export function assertCategoryOffered(tenant: { name: string; categories: readonly string[] }, id: string, path: string): void {
  if (!tenant.categories.includes(id)) {
    throw new DomainError(400, 'category_not_enabled', `Category "${id}" is not offered by ${tenant.name}`, [
      { path, message: `not enabled here; one of: ${tenant.categories.join(', ')}` },
    ]);
  }
}

export const postKinds = {
  offer: { fr: 'Je propose', en: 'I offer' },
  request: { fr: 'Je cherche', en: 'I need' },
} as const satisfies Record<string, LocalisedText>;
export type PostKind = keyof typeof postKinds;
export const postKindIds = Object.keys(postKinds) as [PostKind, ...PostKind[]];
