import * as z from 'zod';
import { campaignOf, campaignService, type CampaignStore } from '../campaigns/index.js';
import { DomainError, forbidden, pageQueryShape, type Clock, type RandomSource } from '../shared/index.js';
import { isDay, statsFromDays, tenantDay, type StaffStats, type StatsStore } from '../stats/index.js';
import type { TenantConfig } from '../tenant/index.js';
import type { StaffPostQueries, StaffSession } from './ports.js';
import { campaignCsv, campaignCsvRows } from './campaign-csv.js';
import { drawingsCsv } from './drawing-csv.js';
import { csvBom, postCsvHeader, postCsvRow } from './post-csv.js';

/** A period of figures or of an export, when the query names neither end: the last 30 days, today included. */
export const defaultPeriodDays = 30;
/** The longest period a query may name, both ends included: a year, a leap one too. */
export const maxPeriodDays = 366;
/** Posts per page of the CSV export: by default, and at most. */
export const defaultExportPageSize = 1000;
export const maxExportPageSize = 5000;

const day = z.string().refine(isDay, { error: 'a date as YYYY-MM-DD' });
const periodShape = { from: day.optional(), to: day.optional() };

/** `GET /staff/stats`: a period of days of the tenant, `to` included. */
export const staffPeriodQuerySchema = z.strictObject(periodShape);
export type StaffPeriodQuery = z.infer<typeof staffPeriodQuerySchema>;

/** `GET /staff/export.csv`: a period, whether to include personal data, and paging. */
export const postExportQuerySchema = z.strictObject({
  ...periodShape,
  personalData: z.enum(['true', 'false']).optional(),
  ...pageQueryShape(maxExportPageSize),
});
export type PostExportQuery = z.infer<typeof postExportQuerySchema>;

/** `GET /staff/campaigns/{id}/export.csv`: one row per volunteer (default), day or pick-up point; personal data for admins only. */
export const campaignExportQuerySchema = z.strictObject({
  rows: z.enum(campaignCsvRows).default('volunteer'),
  personalData: z.enum(['true', 'false']).optional(),
});
export type CampaignExportQuery = z.infer<typeof campaignExportQuerySchema>;

/** Personal data in an export only for an administrator: a 403 for anyone else who asks. */
function assertMayExport(session: StaffSession, withPersonalData: boolean): void {
  if (withPersonalData && session.role !== 'admin') throw forbidden('admin_only', 'Only an administrator may export personal data');
}

export interface StaffPeriod {
  from: string;
  to: string;
}

const dayMs = 86_400_000;
const dayStart = (day: string): number => Date.parse(`${day}T00:00:00.000Z`);
/** The day `days` after `day` (YYYY-MM-DD; negative: before). */
export const shiftDay = (day: string, days: number): string => new Date(dayStart(day) + days * dayMs).toISOString().slice(0, 10);

const periodRefused = (message: string): DomainError =>
  new DomainError(400, 'invalid_input', 'Invalid input: query.from', [{ path: 'query.from', message }]);

/**
 * The days a query asks about, as days of the tenant: `to` defaults to `today`, `from` to the
 * start of the last 30 days up to `to`. `from` after `to`, or more than 366 days, is a 400 naming `query.from`.
 */
export function staffPeriod(query: { from?: string | undefined; to?: string | undefined }, today: string): StaffPeriod {
  const to = query.to ?? today;
  const from = query.from ?? shiftDay(to, 1 - defaultPeriodDays);
  if (from > to) throw periodRefused('`from` must not be after `to`');
  if ((dayStart(to) - dayStart(from)) / dayMs + 1 > maxPeriodDays) throw periodRefused(`a period of ${maxPeriodDays} days at most`);
  return { from, to };
}

/** One page of the CSV export: the file's name, its text and where the next page starts. */
export interface PostExportPage {
  fileName: string;
  /** The first page starts with the BOM and the header; later pages are rows to append. */
  text: string;
  nextCursor: string | null;
}

export interface StaffReportsDeps {
  tenant: TenantConfig;
  clock: Clock;
  stats: StatsStore;
  staffPosts: StaffPostQueries;
  /** Campaigns with kits: their figures and volunteers for the campaign's CSV. */
  campaignStore: CampaignStore;
  random: RandomSource;
}

/** What staff read about their tenant: the figures of a period and the export of its posts. */
export function staffReportService(deps: StaffReportsDeps) {
  const { tenant, clock } = deps;
  const today = () => tenantDay(tenant, clock.now());

  return {
    /** Figures of a period, every day listed (the last 30 days by default). */
    async figures(query: StaffPeriodQuery): Promise<StaffStats> {
      const { from, to } = staffPeriod(query, today());
      return statsFromDays(from, to, await deps.stats.readDays(tenant.id, from, to));
    },

    /**
     * A page of the posts created in a period, as CSV French Excel opens. Personal data (names,
     * addresses, places, free text) only for an administrator: a 403 for anyone else who asks.
     */
    async exportPosts(session: StaffSession, query: PostExportQuery): Promise<PostExportPage> {
      const withPersonalData = query.personalData === 'true';
      assertMayExport(session, withPersonalData);
      const { from, to } = staffPeriod(query, today());
      // Days of the tenant, as instants: from the start of `from` to the start of the day after `to`
      // (a UTC approximation of the tenant's midnight, within its offset).
      const page = await deps.staffPosts.listCreatedBetween(tenant.id, {
        from: `${from}T00:00:00.000Z`,
        to: `${shiftDay(to, 1)}T00:00:00.000Z`,
        limit: query.limit ?? defaultExportPageSize,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      const now = clock.now();
      const head = query.cursor ? '' : csvBom + postCsvHeader(withPersonalData, tenant);
      return {
        fileName: `entraide-${tenant.id}-${from}-${to}.csv`,
        text: head + page.items.map((post) => postCsvRow(post, now, withPersonalData, tenant)).join(''),
        nextCursor: page.nextCursor,
      };
    },

    /** The gallery's figures of a period as CSV: per day, the drawings sent and the statuses they reached, then the total. */
    async exportDrawings(query: StaffPeriodQuery): Promise<{ fileName: string; text: string }> {
      const { from, to } = staffPeriod(query, today());
      return {
        fileName: `entraide-${tenant.id}-dessins-${from}-${to}.csv`,
        text: drawingsCsv(from, to, await deps.stats.readDays(tenant.id, from, to)),
      };
    },

    /** A campaign's figures as CSV (per volunteer, day or pick-up point), pending events repaired first. */
    async exportCampaign(
      session: StaffSession,
      campaignId: string,
      query: CampaignExportQuery,
    ): Promise<{ fileName: string; text: string }> {
      const { settings } = campaignOf(tenant, campaignId);
      const withPersonalData = query.personalData === 'true';
      assertMayExport(session, withPersonalData);
      const kits = campaignService({ tenant, store: deps.campaignStore, clock, random: deps.random });
      const figures = await kits.figures(campaignId);
      const roster = query.rows === 'volunteer' ? await kits.roster(campaignId) : [];
      return {
        fileName: `entraide-${tenant.id}-${campaignId}-${query.rows}-${today()}.csv`,
        text: campaignCsv(tenant, settings, figures, roster, query.rows, withPersonalData),
      };
    },
  };
}

export type StaffReportService = ReturnType<typeof staffReportService>;
