import type { Logger } from '@aws-lambda-powertools/logger';
import {
  csvBom,
  DomainError,
  daysBetween,
  forbidden,
  hidePostSchema,
  isDay,
  maxPageSize,
  moderation,
  notFound,
  parseInput,
  postCsvHeader,
  postCsvRow,
  rejectPostSchema,
  staffAccess,
  staffCreatePostSchema,
  staffEditSchema,
  staffLoginSchema,
  staffSessionSchema,
  statsFromDays,
  tenantDay,
  type PostServiceDeps,
  type AlertServiceDeps,
  publishingToAlerts,
  type SessionSigner,
  type StaffAccessStore,
  type StaffPostQueries,
  type StatsStore,
} from '@entraide/core';
import * as z from 'zod';
import { httpHandler, ok, type ApiRequest, type Operations } from '../shared/http.js';
import { joseSessionSigner } from './session-signer.js';

export type StaffApiDeps = Omit<PostServiceDeps, 'publication'> & AlertServiceDeps & {
  logger: Logger;
  staffPosts: StaffPostQueries;
  staffAccess: StaffAccessStore;
  stats: StatsStore;
  /** A signer built by the caller (tests); by default jose with the tenant's secret. */
  signer?: SessionSigner;
  sleep?: (ms: number) => Promise<void>;
};

/** The staff routes anyone may call: they open a session rather than need one. */
export const sessionlessStaffOperations = ['requestStaffLogin', 'openStaffSession'] as const;

const postIdPattern = /^[A-Za-z0-9_-]{8,64}$/;
function postId(request: ApiRequest): string {
  const id = request.pathParameters.id ?? '';
  if (!postIdPattern.test(id)) throw notFound('Post');
  return id;
}

const queueQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(maxPageSize).optional(),
  cursor: z.string().min(1).max(2048).optional(),
});

const day = z.string().refine(isDay, { error: 'a date as YYYY-MM-DD' });
/** A period of days, `to` included; a year at most. */
const periodSchema = z
  .strictObject({ from: day.optional(), to: day.optional() })
  .refine((period) => !period.from || !period.to || period.from <= period.to, { error: '`from` must not be after `to`', path: ['from'] });
const exportQuerySchema = z.strictObject({
  from: day.optional(),
  to: day.optional(),
  personalData: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(5000).optional(),
  cursor: z.string().min(1).max(2048).optional(),
});
const maxPeriodDays = 366;

/** The staff API of one tenant: sign in, moderate, post for a resident, figures and the export. */
export function staffApiHandler(deps: StaffApiDeps) {
  const { tenant, clock } = deps;
  const signer = deps.signer ?? joseSessionSigner({ tenantId: tenant.id, staffAccess: deps.staffAccess, random: deps.random });
  const access = staffAccess({ ...deps, signer, staffAccess: deps.staffAccess });
  const decisions = moderation(publishingToAlerts(deps));
  const session = (request: ApiRequest) => access.authenticate(request.headers.authorization);

  /** `from`/`to` as days of the tenant; by default the last 30 days. */
  function period(query: { from?: string | undefined; to?: string | undefined }): { from: string; to: string } {
    const today = tenantDay(tenant, clock.now());
    const to = query.to ?? today;
    const from = query.from ?? daysBetween('2000-01-01', to).at(-30)!;
    if (from > to) throw new DomainError(400, 'invalid_input', 'Invalid input: query.from', [{ path: 'query.from', message: '`from` must not be after `to`' }]);
    if (daysBetween(from, to).length > maxPeriodDays) {
      throw new DomainError(400, 'invalid_input', 'Invalid input: query.from', [{ path: 'query.from', message: `a period of ${maxPeriodDays} days at most` }]);
    }
    return { from, to };
  }

  const operations: Operations<'staff-api'> = {
    requestStaffLogin: async (request) => {
      await access.requestLogin(parseInput(staffLoginSchema, request.body).email, { sourceIp: request.sourceIp });
      return ok({ status: 'sent_if_staff' }, 202);
    },
    openStaffSession: async (request) => ok(await access.openSession(parseInput(staffSessionSchema, request.body).token)),
    getStaffSelf: async (request) => {
      const current = await session(request);
      return ok({ tenant: tenant.id, email: current.email, role: current.role, expiresAt: current.expiresAt.toISOString() });
    },
    listModerationQueue: async (request) => {
      const current = await session(request);
      const query = parseInput(queueQuerySchema, request.query, 'query');
      return ok(await decisions.queue(current, { limit: query.limit ?? 20, ...(query.cursor ? { cursor: query.cursor } : {}) }));
    },
    createPostOnBehalf: async (request) => {
      const current = await session(request);
      return ok(await decisions.createOnBehalf(current, parseInput(staffCreatePostSchema, request.body)), 201);
    },
    getStaffPost: async (request) => {
      const current = await session(request);
      return ok(await decisions.get(current, postId(request)));
    },
    editStaffPost: async (request) => {
      const current = await session(request);
      const id = postId(request);
      return ok(await decisions.edit(current, id, parseInput(staffEditSchema, request.body)));
    },
    approvePost: async (request) => {
      const current = await session(request);
      return ok(await decisions.approve(current, postId(request)));
    },
    rejectPost: async (request) => {
      const current = await session(request);
      const id = postId(request);
      return ok(await decisions.reject(current, id, parseInput(rejectPostSchema, request.body).reason));
    },
    hidePost: async (request) => {
      const current = await session(request);
      const id = postId(request);
      return ok(await decisions.hide(current, id, parseInput(hidePostSchema, request.body ?? {}).reason));
    },
    getStaffStats: async (request) => {
      await session(request);
      const { from, to } = period(parseInput(periodSchema, request.query, 'query'));
      return ok(statsFromDays(from, to, await deps.stats.readDays(tenant.id, from, to)));
    },
    exportPostsCsv: async (request) => {
      const current = await session(request);
      const query = parseInput(exportQuerySchema, request.query, 'query');
      const withPersonalData = query.personalData === 'true';
      if (withPersonalData && current.role !== 'admin') {
        throw forbidden('admin_only', 'Only an administrator may export personal data');
      }
      const { from, to } = period(query);
      // Days of the tenant, as instants: from the start of `from` to the start of the day after `to`
      // (a UTC approximation of the tenant's midnight, within its offset).
      const page = await deps.staffPosts.listCreatedBetween(tenant.id, {
        from: `${from}T00:00:00.000Z`,
        to: new Date(Date.parse(`${to}T00:00:00.000Z`) + 86_400_000).toISOString(),
        limit: query.limit ?? 1000,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      const now = clock.now();
      // The first page starts with the BOM and the header; later pages are rows to append.
      const head = query.cursor ? '' : csvBom + postCsvHeader(withPersonalData);
      const text = head + page.items.map((post) => postCsvRow(post, now, withPersonalData, tenant.digest.timeZone)).join('');
      return {
        statusCode: 200,
        raw: {
          contentType: 'text/csv; charset=utf-8',
          text,
          headers: {
            'content-disposition': `attachment; filename="entraide-${tenant.id}-${from}-${to}.csv"`,
            ...(page.nextCursor ? { 'x-next-cursor': page.nextCursor } : {}),
          },
        },
      };
    },
  };
  return httpHandler({ group: 'staff-api', tenantId: tenant.id, operations, logger: deps.logger });
}
