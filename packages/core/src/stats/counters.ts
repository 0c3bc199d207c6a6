import { type CategoryId, dayIn, type PostKind, type TenantConfig } from '../tenant/index.js';
import type { ActivityCounter } from './ports.js';
import type { StaffStats } from './stats-view.js';

/**
 * The counters' names: the one contract between what writes them (posts, the contact relay, mail
 * bounces, follow-ups) and what reads them (staff stats, the digest, the operator's report).
 * Each is a number attribute of a day item (`pk = T#<tenant>#STATS`, `sk = DAY#<YYYY-MM-DD>`,
 * the day in the tenant's digest time zone), added to with `StatsStore.count` (atomic ADD).
 */
export const counterNames = {
  postsCreated: 'posts.created',
  postsByKind: (kind: PostKind | string) => `posts.created.kind.${kind}`,
  postsByCategory: (category: CategoryId) => `posts.created.category.${category}`,
  postsBySection: (section: string) => `posts.created.section.${section}`,
  postsByUse: (use: string) => `posts.created.use.${use}`,
  /** A post reached this status that day (published, pending_moderation, hidden, rejected, closed, deleted). */
  postsReachedStatus: (status: string) => `posts.status.${status}`,
  postsClosedBecause: (reason: string) => `posts.closed.${reason}`,
  /** Posts staff closed with an outcome (also counted in `posts.status.closed` and `posts.closed.<outcome>`). */
  postsClosedByStaff: 'posts.closed_by_staff',
  reports: 'reports',
  /** The contact relay: one per first message between two residents about a post. */
  connections: 'connections',
  /** "Did the help happen?" follow-up answers: `followup.yes`, `followup.no`, … */
  followUpAnswer: (answer: string) => `followup.${answer}`,
  /** Addresses SES reported as bouncing (then suppressed). */
  bouncedAddresses: 'mail.bounced',
  /** The directory: listings entered, by section and category, and the statuses they reached (published…). */
  listingsCreated: 'listings.created',
  listingsBySection: (section: string) => `listings.created.section.${section}`,
  listingsByCategory: (category: CategoryId) => `listings.created.category.${category}`,
  listingsReachedStatus: (status: string) => `listings.status.${status}`,
  /** Campaigns and missions (later issues): volunteers signed up, missions that became full. */
  volunteers: 'volunteers',
  missionsFull: 'missions.full',
  /** Missions: a volunteer's sign-up reached a step (`signed_up`, `confirmed`, `waiting`, `promoted`, `withdrawn`, `no_show`). */
  volunteersReached: (step: string) => `volunteers.${step}`,
  /** Missions created, and shifts that were full. */
  missionsCreated: 'missions.created',
  /** Orientation: residents' wishes to help confirmed, staff's mails sent, the suggestions in them, the suggestions followed (each once). */
  wishes: 'wishes.confirmed',
  orientationsSent: 'orientations.sent',
  orientationSuggestions: 'orientations.suggestions',
  orientationsFollowed: 'orientations.followed',
  /** Shifts their organiser cancelled (every volunteer of it mailed). */
  shiftsCancelled: 'missions.shifts_cancelled',
  /** Missions that reached a status by a decision of staff (`published`, `rejected`, `hidden`) or their organiser (`closed`). */
  missionsReachedStatus: (status: string) => `missions.status.${status}`,
  /** The gallery: drawings sent, and the statuses they reached (pending_moderation, image_refused, published, rejected, deleted). */
  drawingsCreated: 'drawings.created',
  drawingsReachedStatus: (status: string) => `drawings.status.${status}`,
  /** Offers to health workers: housing offered (and the people it houses), equipment offered (its quantity, by the hospital it is dropped at). */
  housingOffers: 'health.housing.offers',
  housingCapacity: 'health.housing.capacity',
  equipmentOffers: 'health.equipment.offers',
  equipmentQuantityAt: (hospital: string) => `health.equipment.quantity.${hospital}`,
} as const;

export const tenantDay = (tenant: TenantConfig, at: Date): string => dayIn(tenant.digest.timeZone, at);

/**
 * Counts an event. Counters are figures, not records: a counter that fails to write must not
 * fail the resident's request after their post is stored, so the fault is reported, not thrown.
 */
export async function countEvent(
  stats: ActivityCounter | undefined,
  tenant: TenantConfig,
  at: Date,
  counts: Record<string, number>,
  onFault: (error: unknown) => void = () => undefined,
): Promise<void> {
  if (!stats) return;
  try {
    await stats.count(tenant.id, tenantDay(tenant, at), counts);
  } catch (error) {
    onFault(error);
  }
}

/** What a post's housing or equipment offered to health workers counts for (nothing for any other post). */
function healthOfferCounts(content: CountedContent | null | undefined): Record<string, number> {
  if (content?.housing) return { [counterNames.housingOffers]: 1, [counterNames.housingCapacity]: content.housing.capacity };
  if (content?.equipment) {
    return { [counterNames.equipmentOffers]: 1, [counterNames.equipmentQuantityAt(content.equipment.dropAt)]: content.equipment.quantity };
  }
  return {};
}

interface CountedContent {
  housing?: { capacity: number };
  equipment?: { quantity: number; dropAt: string };
}

/** What a new post counts for. */
export function createdCounts(
  tenant: TenantConfig,
  post: { kind: string; category: string; section?: string; content?: CountedContent | null },
): Record<string, number> {
  return {
    ...healthOfferCounts(post.content),
    [counterNames.postsCreated]: 1,
    [counterNames.postsByKind(post.kind)]: 1,
    [counterNames.postsByCategory(post.category)]: 1,
    [counterNames.postsByUse(useOfPost(tenant, post.kind))]: 1,
    ...(post.section ? { [counterNames.postsBySection(post.section)]: 1 } : {}),
  };
}

/** The uses of the field (docs/decisions/0005-figures-from-day-counters.md), for the operator's report. */
export const uses = {
  residents: { fr: 'Entraide entre habitants', en: 'Help between residents' },
  producers: { fr: 'Annuaire des producteurs', en: "Producers' directory" },
  health_workers: { fr: 'Soutien aux soignants', en: 'Health workers' },
  harvest: { fr: 'Récoltes', en: 'Harvest' },
  masks: { fr: 'Masques', en: 'Masks' },
  associations: { fr: 'Associations', en: 'Associations' },
} as const;
export type UseId = keyof typeof uses;

/**
 * Which use a post serves: the kinds later issues add say it themselves (a directory listing, a
 * harvest mission, a mask campaign, an association's need); offers and requests serve the
 * tenant's primary use (its config).
 */
export function useOfPost(tenant: TenantConfig, kind: string): UseId {
  const byKind: Record<string, UseId> = { listing: 'producers', mission: 'harvest', campaign: 'masks', need: 'associations' };
  return byKind[kind] ?? tenant.primaryUse;
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
export const isDay = (value: string): boolean =>
  datePattern.test(value) &&
  !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
  new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

/** Every day from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += 86_400_000) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

const sumInto = (total: Record<string, number>, counts: Record<string, number>) => {
  for (const [name, value] of Object.entries(counts)) total[name] = (total[name] ?? 0) + value;
  return total;
};

/** Counters whose name starts with `prefix.`, keyed by the rest. */
function breakdown(totals: Record<string, number>, prefix: string): Record<string, number> {
  return Object.fromEntries(
    Object.entries(totals)
      .filter(([name, value]) => name.startsWith(`${prefix}.`) && value !== 0)
      .map(([name, value]) => [name.slice(prefix.length + 1), value])
      .sort((left, right) => (left[0]! < right[0]! ? -1 : 1)),
  );
}

/** The figures of a period from its day counters: one Query, never a scan of the posts. */
export function statsFromDays(from: string, to: string, days: { day: string; counts: Record<string, number> }[]): StaffStats {
  const totals = days.reduce((total, day) => sumInto(total, day.counts), {} as Record<string, number>);
  const byDay = new Map(days.map((day) => [day.day, day.counts]));
  const of = (counts: Record<string, number> | undefined, name: string) => counts?.[name] ?? 0;
  const postsPrefix = counterNames.postsCreated;
  return {
    from,
    to,
    posts: {
      created: of(totals, counterNames.postsCreated),
      byKind: breakdown(totals, `${postsPrefix}.kind`),
      byCategory: breakdown(totals, `${postsPrefix}.category`),
      bySection: breakdown(totals, `${postsPrefix}.section`),
      byStatus: breakdown(totals, 'posts.status'),
      closedBecause: breakdown(totals, 'posts.closed'),
    },
    reports: of(totals, counterNames.reports),
    connections: of(totals, counterNames.connections),
    helpHappened: breakdown(totals, 'followup'),
    bouncedAddresses: of(totals, counterNames.bouncedAddresses),
    volunteering: {
      volunteers: of(totals, counterNames.volunteers),
      byStep: breakdown(totals, 'volunteers'),
      missions: breakdown(totals, 'missions'),
      wishes: of(totals, counterNames.wishes),
      orientations: breakdown(totals, 'orientations'),
    },
    drawings: { created: of(totals, counterNames.drawingsCreated), byStatus: breakdown(totals, 'drawings.status') },
    healthWorkers: healthWorkersFigures(totals),
    perDay: daysBetween(from, to).map((day) => {
      const counts = byDay.get(day);
      return {
        day,
        postsCreated: of(counts, counterNames.postsCreated),
        published: of(counts, counterNames.postsReachedStatus('published')),
        connections: of(counts, counterNames.connections),
        reports: of(counts, counterNames.reports),
      };
    }),
  };
}

/** The offers to health workers of a period's totals: housing (offers, people housed) and equipment (offers, quantity by hospital). */
export function healthWorkersFigures(totals: Record<string, number>): StaffStats['healthWorkers'] {
  const equipmentByHospital = breakdown(totals, 'health.equipment.quantity');
  return {
    housingOffers: totals[counterNames.housingOffers] ?? 0,
    housingCapacity: totals[counterNames.housingCapacity] ?? 0,
    equipmentOffers: totals[counterNames.equipmentOffers] ?? 0,
    equipmentQuantity: Object.values(equipmentByHospital).reduce((sum, quantity) => sum + quantity, 0),
    equipmentByHospital,
  };
}

export const sumCounts = (days: { counts: Record<string, number> }[]): Record<string, number> =>
  days.reduce((total, day) => sumInto(total, day.counts), {} as Record<string, number>);
