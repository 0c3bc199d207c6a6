import * as z from 'zod';
import { distanceKm, mergeRanges, type LatLon, type CurveRange } from '../geo/index.js';
import { coverRanges, nearestUnreadKm, pointParameter, roundDistanceKm } from '../nearby/index.js';
import { badCursor, decodeCursor, encodeCursor, invalidInput, pageQueryShape, type Clock, type Page } from '../shared/index.js';
import { dayIn, startOfDayIn, tenantTimeZone, type TenantConfig } from '../tenant/index.js';
import type { MissionRecord, ShiftLedger } from './mission-record.js';
import type { MissionStore, UpcomingShift } from './ports.js';

/** What the list reads: the tenant (its time zone), its missions, the time. */
export interface MissionListDeps {
  tenant: TenantConfig;
  missionStore: MissionStore;
  clock: Clock;
}

export const defaultMissionPageSize = 20;
export const maxMissionPageSize = 50;
/** Without `to`, the list looks this far ahead. */
const defaultHorizonDays = 365;
const dayMs = 24 * 60 * 60 * 1000;

/**
 * `GET /missions?near=&radiusKm=&from=&to=&order=&limit=&cursor=`: days (YYYY-MM-DD) in the tenant's
 * time zone; `near` orders nearest first unless `order=soonest`; `radiusKm` only with `near`.
 */
export const missionListQuerySchema = z
  .strictObject({
    near: pointParameter.optional(),
    radiusKm: z.coerce.number().positive().max(1000).optional(),
    from: z.iso.date({ error: 'a day, YYYY-MM-DD' }).optional(),
    to: z.iso.date({ error: 'a day, YYYY-MM-DD' }).optional(),
    order: z.enum(['nearest', 'soonest']).optional(),
    ...pageQueryShape(maxMissionPageSize),
  })
  .superRefine((query, context) => {
    if (query.radiusKm !== undefined && !query.near) context.addIssue({ code: 'custom', path: ['radiusKm'], message: 'only with near' });
    if (query.order === 'nearest' && !query.near) context.addIssue({ code: 'custom', path: ['order'], message: 'nearest needs near' });
    if (query.from && query.to && query.to < query.from) context.addIssue({ code: 'custom', path: ['to'], message: 'before from' });
  });
export type MissionListQuery = z.infer<typeof missionListQuerySchema>;

/** A mission in a list: enough to choose it, with its next shift of the period and that shift's places. */
export interface MissionSummary {
  id: string;
  section: string;
  title: string;
  organisation: { name: string };
  address: string;
  location: LatLon;
  distanceKm?: number;
  nextShift: { id: string; start: string; end: string; places: number; placesLeft: number };
  /** The mission's open shifts from the period's start on. */
  upcomingShifts: number;
}

/**
 * Published missions with an open shift in the period, each once, at its first open shift of the
 * period: soonest first (by that shift's start, read from the shifts by start), or nearest first
 * around `near` (read from the published missions by place). Neither scans; each reads what a page needs.
 */
export async function listMissions(deps: MissionListDeps, query: MissionListQuery): Promise<Page<MissionSummary>> {
  const { tenant, missionStore: store, clock } = deps;
  const zone = tenantTimeZone(tenant);
  const now = clock.now();
  const fromAt = new Date(Math.max(now.getTime() + 1, query.from ? startOfDayIn(zone, query.from).getTime() : 0));
  const toDay = query.to ?? dayIn(zone, new Date(now.getTime() + defaultHorizonDays * dayMs));
  const toAt = new Date(startOfDayIn(zone, nextDay(toDay)).getTime() - 1);
  const limit = query.limit ?? defaultMissionPageSize;
  const window = { from: fromAt.toISOString(), to: toAt.toISOString() };

  const missions = new Map<string, Promise<MissionRecord | undefined>>();
  const missionOf = (id: string) => {
    if (!missions.has(id)) missions.set(id, store.getMission(tenant.id, id));
    return missions.get(id)!;
  };

  /** The mission's summary if `shift` is its first open shift of the period and it is published and within reach. */
  async function summaryAt(shift: UpcomingShift): Promise<MissionSummary | undefined> {
    const mission = await missionOf(shift.missionId);
    if (!mission || mission.status !== 'published') return undefined;
    const upcoming = mission.shifts
      .filter((candidate) => candidate.status === 'open' && candidate.start >= window.from)
      .sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
    const first = upcoming[0];
    if (first?.id !== shift.shiftId) return undefined;
    const distance = query.near ? distanceKm(query.near, mission.location) : undefined;
    if (distance !== undefined && query.radiusKm !== undefined && distance > query.radiusKm) return undefined;
    return {
      id: mission.id,
      section: mission.section,
      title: mission.title,
      organisation: { name: mission.organisation.name },
      address: mission.address,
      location: mission.location,
      ...(distance !== undefined ? { distanceKm: roundDistanceKm(distance) } : {}),
      nextShift: {
        id: first.id,
        start: first.start,
        end: first.end,
        places: first.places,
        placesLeft: Math.max(0, shift.places - shift.taken),
      },
      upcomingShifts: upcoming.length,
    };
  }

  if (query.near && query.order !== 'soonest') return nearestFirst(query.near, query, window, limit, deps);

  let after: string | undefined;
  if (query.cursor) {
    const decoded = decodeCursor(query.cursor);
    if (decoded.list !== 'missions-soonest' || typeof decoded.after !== 'string' || decoded.after.length > 200) throw badCursor();
    after = decoded.after;
  }
  const items: MissionSummary[] = [];
  for (;;) {
    const batch = await store.shiftsStartingBetween(tenant.id, window.from, window.to, { ...(after ? { after } : {}), limit: 50 });
    for (const shift of batch.items) {
      after = shift.position;
      const summary = await summaryAt(shift);
      if (summary) items.push(summary);
      // A full page: the next goes on after this shift (a mission is listed at its first shift only, so never twice).
      if (items.length === limit) return { items, nextCursor: encodeCursor({ list: 'missions-soonest', after }) };
    }
    if (!batch.more) return { items, nextCursor: null };
  }
}

const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + dayMs).toISOString().slice(0, 10);

/** The first disc read around the point (km); each round after aims where the density says the rest of the page lies. */
const firstReachKm = 0.25;
/** A round reads the ring it aims at in at most this many ranges of the list by place. */
const rangesPerRound = 8;
/** A round reaches at least this far beyond the last (×), and this far when it found nothing yet. */
const minGrowth = 1.25;
const growthWhenEmpty = 3;
/** A round aims at this many times the area the density says holds the missions still needed. */
const aimFactor = 1.5;
/** Nearest first around a point at most this many area radii from the area's centre (its edge, and as far again). */
const maxNearFromCentreFactor = 2;

interface NearCandidate {
  mission: MissionRecord;
  first: MissionRecord['shifts'][number];
  upcoming: number;
  distance: number;
}

/**
 * Nearest first, on the published missions' list by place (their point's key on geo's curve,
 * as the posts' search): it reads outward in rounds, each a ring of ranges read whole, keeps the
 * missions whose first open shift from the period's start is within it, and stops once it holds
 * `limit` + 1 of them nearer than anything unread (or has read everything that can hold one: the
 * tenant's area, or the radius asked). Then one GetItem per mission shown, its shift's ledger
 * (places left). Ordered by distance then id; the cursor holds the last one. Bounded by what the
 * page needs, whatever the period: no period is too wide.
 */
async function nearestFirst(
  near: LatLon,
  query: MissionListQuery,
  window: { from: string; to: string },
  limit: number,
  { tenant, missionStore: store }: MissionListDeps,
): Promise<Page<MissionSummary>> {
  const queryKey = [near.lat, near.lon, query.radiusKm ?? '', window.from, window.to].join(',');
  let last: { distance: number; id: string } | undefined;
  if (query.cursor) {
    const decoded = decodeCursor(query.cursor);
    if (decoded.list !== 'missions-nearest' || decoded.query !== queryKey) throw badCursor();
    if (typeof decoded.distance !== 'number' || typeof decoded.id !== 'string') throw badCursor();
    last = { distance: decoded.distance, id: decoded.id };
  }
  const innerKm = last?.distance ?? 0;
  const fromCentreKm = distanceKm(near, tenant.area.center);
  // Rings around a point far away would cross many cells of the index that hold no mission: refused.
  if (fromCentreKm > maxNearFromCentreFactor * tenant.area.radiusKm) {
    throw invalidInput([
      { path: 'query.near', message: `more than ${tenant.area.radiusKm} km outside ${tenant.name}'s area: order=soonest lists without it` },
    ]);
  }
  // A mission's point is within the tenant's area (checked when it is written): nothing beyond it to read.
  const outerKm = Math.min(query.radiusKm ?? Infinity, fromCentreKm + tenant.area.radiusKm);
  const candidates = new Map<string, NearCandidate>();
  const ledgers = new Map<string, Promise<ShiftLedger | undefined>>();
  const ledgerOf = (candidate: NearCandidate) => {
    const key = `${candidate.mission.id}/${candidate.first.id}`;
    if (!ledgers.has(key)) ledgers.set(key, store.getLedger(tenant.id, candidate.mission.id, candidate.first.id));
    return ledgers.get(key)!;
  };
  const consider = (mission: MissionRecord) => {
    if (mission.status !== 'published' || candidates.has(mission.id)) return;
    const upcoming = mission.shifts
      .filter((shift) => shift.status === 'open' && shift.start >= window.from)
      .sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
    const first = upcoming[0];
    if (!first || first.start > window.to) return;
    const distance = distanceKm(near, mission.location);
    if (distance > outerKm) return;
    if (last && !(distance > last.distance || (distance === last.distance && mission.id > last.id))) return;
    candidates.set(mission.id, { mission, first, upcoming: upcoming.length, distance });
  };
  /** The first `wanted` of `ordered` whose shift has its ledger (a shift is listed once its ledger is written), in order. */
  const withLedgers = async (ordered: NearCandidate[], wanted: number) => {
    const listed: { candidate: NearCandidate; ledger: ShiftLedger }[] = [];
    for (let at = 0; at < ordered.length && listed.length < wanted; ) {
      const batch = ordered.slice(at, at + wanted - listed.length);
      at += batch.length;
      const found = await Promise.all(batch.map(ledgerOf));
      batch.forEach((candidate, index) => {
        const ledger = found[index];
        if (ledger) listed.push({ candidate, ledger });
      });
    }
    return listed;
  };

  let done: CurveRange[] = [];
  let frontierKm = innerKm;
  let reachKm = innerKm + firstReachKm;
  let listed: { candidate: NearCandidate; ledger: ShiftLedger }[] = [];
  while (innerKm <= outerKm) {
    const ranges = coverRanges(near, frontierKm, Math.min(outerKm, reachKm), done, rangesPerRound);
    const results = await Promise.all(ranges.map((range) => store.publishedMissionsIn(tenant.id, range)));
    for (const result of results) result.missions.forEach(consider);
    done = mergeRanges([...done, ...ranges]);
    frontierKm = nearestUnreadKm(near, innerKm, outerKm, done);
    const exhausted = frontierKm > outerKm;
    const final = [...candidates.values()]
      .filter((candidate) => exhausted || candidate.distance < frontierKm)
      .sort((a, b) => a.distance - b.distance || a.mission.id.localeCompare(b.mission.id));
    listed = await withLedgers(final, limit + 1);
    if (exhausted || listed.length > limit) break;
    // The ring beyond the frontier that, at the density met so far, holds the missions still needed.
    const areaRead = Math.PI * (frontierKm ** 2 - innerKm ** 2);
    const density = areaRead > 0 ? candidates.size / areaRead : 0;
    const wanted = limit + 1 - listed.length;
    const aimed = density > 0 ? Math.sqrt(frontierKm ** 2 + (wanted * aimFactor) / (Math.PI * density)) : frontierKm * growthWhenEmpty;
    reachKm = Math.max(aimed, frontierKm * minGrowth, reachKm * (density > 0 ? 1 : growthWhenEmpty), frontierKm + firstReachKm);
  }
  const page = listed.slice(0, limit);
  const end = page.at(-1);
  return {
    items: page.map(({ candidate, ledger }) => ({
      id: candidate.mission.id,
      section: candidate.mission.section,
      title: candidate.mission.title,
      organisation: { name: candidate.mission.organisation.name },
      address: candidate.mission.address,
      location: candidate.mission.location,
      distanceKm: roundDistanceKm(candidate.distance),
      nextShift: {
        id: candidate.first.id,
        start: candidate.first.start,
        end: candidate.first.end,
        places: candidate.first.places,
        placesLeft: Math.max(0, ledger.places - ledger.confirmed.length),
      },
      upcomingShifts: candidate.upcoming,
    })),
    nextCursor:
      listed.length > limit && end
        ? encodeCursor({ list: 'missions-nearest', query: queryKey, distance: end.candidate.distance, id: end.candidate.mission.id })
        : null,
  };
}
