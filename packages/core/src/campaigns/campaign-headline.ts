/** The figures of a campaign its staff read first, in the order they read them: the counter's grid and the morning digest show these. */
export const campaignHeadlineNames = [
  'kitsInStock',
  'kitsOut',
  'itemsExpected',
  'itemsDeclared',
  'itemsReturned',
  'returnRate',
  'volunteers',
] as const;

export type CampaignHeadlineName = (typeof campaignHeadlineNames)[number];

/** A campaign's headline figures out of all of them (nothing else of the answer or the record). Imports nothing: the site reads it before its first render. */
export function campaignHeadline<Figures extends Record<CampaignHeadlineName, number | null>>(
  figures: Figures,
): Pick<Figures, CampaignHeadlineName> {
  return Object.fromEntries(campaignHeadlineNames.map((name) => [name, figures[name]])) as Pick<Figures, CampaignHeadlineName>;
}
