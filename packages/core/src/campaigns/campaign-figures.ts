import type { CampaignEvent } from './campaign-record.js';

/**
 * The campaign's counters: one number attribute each on the campaign's counter item, added to in
 * the same conditional write that takes kits from the stock, so the stock and every figure move
 * together. `inStock` is the guarded one (never below zero); every other counter is one figure of
 * one day at one pick-up point (`<figure>|<YYYY-MM-DD>|<point>`), whose sums are the totals, the
 * figures per day and per point.
 */
export const campaignFigureNames = ['kitsReceived', 'kitsHandedOut', 'kitsReturned', 'itemsReturned', 'itemsDeclared'] as const;
export type CampaignFigureName = (typeof campaignFigureNames)[number];

export const inStockCounter = 'inStock';
/** A delivery into the stock is not at a pick-up point. */
export const noPickupPoint = '-';

type Sums = Record<CampaignFigureName, number>;
const zero = (): Sums => ({ kitsReceived: 0, kitsHandedOut: 0, kitsReturned: 0, itemsReturned: 0, itemsDeclared: 0 });

export const campaignCounterName = (figure: CampaignFigureName, day: string, pickupPoint: string): string =>
  `${figure}|${day}|${pickupPoint}`;

/** The figures an event adds to (kits, items), and what it does to the stock. */
function eventDeltas(event: Pick<CampaignEvent, 'kind' | 'kits' | 'items'>): { figures: Partial<Sums>; stock: number } {
  switch (event.kind) {
    case 'stock_received':
      return { figures: { kitsReceived: event.kits }, stock: event.kits };
    case 'handed_out':
      return { figures: { kitsHandedOut: event.kits }, stock: -event.kits };
    case 'returned':
      return { figures: { kitsReturned: event.kits, itemsReturned: event.items }, stock: event.kits };
    case 'declared':
      return { figures: { itemsDeclared: event.items }, stock: 0 };
  }
}

/** What an event adds to the campaign's counters (a hand-out takes from the stock, a delivery or unused kits put back). */
export function eventCounts(event: Pick<CampaignEvent, 'kind' | 'kits' | 'items' | 'day' | 'pickupPoint'>): Record<string, number> {
  const { figures, stock } = eventDeltas(event);
  const counts: Record<string, number> = {};
  for (const [figure, value] of Object.entries(figures) as [CampaignFigureName, number][]) {
    if (value !== 0) counts[campaignCounterName(figure, event.day, event.pickupPoint ?? noPickupPoint)] = value;
  }
  if (stock !== 0) counts[inStockCounter] = stock;
  return counts;
}

/** One set of figures: a campaign's, a day's, a pick-up point's or a volunteer's. */
export interface KitFigures {
  kitsHandedOut: number;
  kitsReturned: number;
  /** Kits with volunteers: handed out, not returned unused. */
  kitsOut: number;
  /** kitsOut × items per kit. */
  itemsExpected: number;
  itemsDeclared: number;
  itemsReturned: number;
  /** itemsReturned ÷ itemsExpected, rounded to 3 decimals; null when nothing is expected. */
  returnRate: number | null;
}

export interface CampaignFigures extends KitFigures {
  kitsReceived: number;
  kitsInStock: number;
  /** Volunteers signed up, their address confirmed. */
  volunteers: number;
  perDay: ({ day: string } & KitFigures)[];
  perPickupPoint: ({ pickupPoint: string } & KitFigures)[];
}

export function kitFigures(sums: Omit<Sums, 'kitsReceived'>, itemsPerKit: number): KitFigures {
  const kitsOut = sums.kitsHandedOut - sums.kitsReturned;
  const itemsExpected = kitsOut * itemsPerKit;
  return {
    kitsHandedOut: sums.kitsHandedOut,
    kitsReturned: sums.kitsReturned,
    kitsOut,
    itemsExpected,
    itemsDeclared: sums.itemsDeclared,
    itemsReturned: sums.itemsReturned,
    returnRate: itemsExpected > 0 ? Math.round((sums.itemsReturned / itemsExpected) * 1000) / 1000 : null,
  };
}

/** A volunteer's figures, from their events. */
export function volunteerFigures(events: Pick<CampaignEvent, 'kind' | 'kits' | 'items'>[], itemsPerKit: number): KitFigures {
  const sums = zero();
  for (const event of events) {
    for (const [figure, value] of Object.entries(eventDeltas(event).figures) as [CampaignFigureName, number][]) sums[figure] += value;
  }
  return kitFigures(sums, itemsPerKit);
}

/** The campaign's figures from its counters, and how many volunteers signed up. */
export function campaignFigures(counters: Record<string, number>, itemsPerKit: number, volunteers: number): CampaignFigures {
  const total = zero();
  const byDay = new Map<string, Sums>();
  const byPoint = new Map<string, Sums>();
  for (const [name, value] of Object.entries(counters)) {
    const [figure, day, point] = name.split('|');
    if (!figure || !day || !point || !(campaignFigureNames as readonly string[]).includes(figure)) continue;
    const key = figure as CampaignFigureName;
    total[key] += value;
    for (const [map, at] of [
      [byDay, day],
      [byPoint, point],
    ] as const) {
      const sums = map.get(at) ?? zero();
      sums[key] += value;
      map.set(at, sums);
    }
  }
  const sorted = <T>(map: Map<string, T>) => [...map.entries()].sort(([left], [right]) => (left < right ? -1 : 1));
  return {
    ...kitFigures(total, itemsPerKit),
    kitsReceived: total.kitsReceived,
    kitsInStock: counters[inStockCounter] ?? 0,
    volunteers,
    perDay: sorted(byDay).map(([day, sums]) => ({ day, ...kitFigures(sums, itemsPerKit) })),
    perPickupPoint: sorted(byPoint)
      .filter(([point]) => point !== noPickupPoint)
      .map(([pickupPoint, sums]) => ({ pickupPoint, ...kitFigures(sums, itemsPerKit) })),
  };
}
