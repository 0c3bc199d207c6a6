/** The categories of help between residents, with their labels in the residents' languages. */
export const helpCategories = {
  childcare: { fr: 'Garde d’enfants exceptionnelle', en: 'Exceptional childcare' },
  groceries: { fr: 'Courses', en: 'Groceries' },
  medicines: { fr: 'Médicaments', en: 'Medicines' },
  psychological_support: { fr: 'Soutien psychologique', en: 'Psychological support' },
  paperwork: { fr: 'Aide aux démarches administratives', en: 'Help with paperwork' },
  other: { fr: 'Autre', en: 'Other' },
} as const satisfies Record<string, LocalisedText>;

export type LocalisedText = { fr: string; en: string };
export type CategoryId = keyof typeof helpCategories;
export const categoryIds = Object.keys(helpCategories) as [CategoryId, ...CategoryId[]];

export const postKinds = {
  offer: { fr: 'Je propose', en: 'I offer' },
  request: { fr: 'Je cherche', en: 'I need' },
} as const satisfies Record<string, LocalisedText>;
export type PostKind = keyof typeof postKinds;
export const postKindIds = Object.keys(postKinds) as [PostKind, ...PostKind[]];
