import * as z from 'zod';
import { distanceKm, type LatLon } from '../geo/index.js';
import { pointParameter, roundDistanceKm } from '../nearby/index.js';
import { badCursor, decodeCursor, encodeCursor, invalidInput, pageQueryShape, type Clock, type Page } from '../shared/index.js';
import { dayIn, startOfDayIn, tenantTimeZone, type TenantConfig } from '../tenant/index.js';
import type { MissionRecord } from './mission-record.js';
import type { MissionStore, UpcomingShift } from './ports.js';

/** What the list reads: the tenant (its time zone), its missions, the time. */
export interface MissionListDeps {
  tenant: TenantConfig;
  missionStore: MissionStore;
  clock: Clock;
}

export const defaultMissionPageSize = 20;
export const maxMissionPageSize = 50;
/** The nearest-first order reads every shift of the period: at most this many (else: narrow `from`/`to`). */
export const maxShiftsOfNearestList = 2000;
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
 * period: soonest first (by that shift's start), or nearest first around `near`. Both read the
 * shifts by their start (one index, never a scan); soonest first reads only what a page needs.
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

  if (query.near && query.order !== 'soonest') return nearestFirst(query.near, query, window, limit, store, tenant.id, summaryAt);

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

/** Nearest first: every shift of the period read, each mission once, ordered by distance then id; the cursor holds the last one. */
async function nearestFirst(
  near: LatLon,
  query: MissionListQuery,
  window: { from: string; to: string },
  limit: number,
  store: MissionStore,
  tenantId: string,
  summaryAt: (shift: UpcomingShift) => Promise<MissionSummary | undefined>,
): Promise<Page<MissionSummary>> {
  const queryKey = [near.lat, near.lon, query.radiusKm ?? '', window.from, window.to].join(',');
  let last: { distance: number; id: string } | undefined;
  if (query.cursor) {
    const decoded = decodeCursor(query.cursor);
    if (decoded.list !== 'missions-nearest' || decoded.query !== queryKey) throw badCursor();
    if (typeof decoded.distance !== 'number' || typeof decoded.id !== 'string') throw badCursor();
    last = { distance: decoded.distance, id: decoded.id };
  }
  const found: { summary: MissionSummary; distance: number }[] = [];
  let after: string | undefined;
  let read = 0;
  for (;;) {
    const batch = await store.shiftsStartingBetween(tenantId, window.from, window.to, { ...(after ? { after } : {}), limit: 200 });
    for (const shift of batch.items) {
      after = shift.position;
      const summary = await summaryAt(shift);
      if (summary) found.push({ summary, distance: distanceKm(near, summary.location) });
    }
    read += batch.items.length;
    if (!batch.more) break;
    if (read >= maxShiftsOfNearestList) {
      throw invalidInput([{ path: 'query.to', message: `more than ${maxShiftsOfNearestList} shifts in the period: narrow from and to` }]);
    }
  }
  const ordered = found
    .sort((a, b) => a.distance - b.distance || a.summary.id.localeCompare(b.summary.id))
    .filter((entry) => !last || entry.distance > last.distance || (entry.distance === last.distance && entry.summary.id > last.id));
  const page = ordered.slice(0, limit);
  const end = page.at(-1);
  return {
    items: page.map((entry) => entry.summary),
    nextCursor:
      ordered.length > limit && end
        ? encodeCursor({ list: 'missions-nearest', query: queryKey, distance: end.distance, id: end.summary.id })
        : null,
  };
}
