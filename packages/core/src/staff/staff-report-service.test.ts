import type { PostRecord } from '../posts/index.js';
import { parseInput, type DomainError, type Page } from '../shared/index.js';
import { daysBetween, type StatsStore } from '../stats/index.js';
import type { StaffPostQueries, StaffSession } from './ports.js';
import { csvBom, postCsvRow } from './post-csv.js';
import { postExportQuerySchema, staffPeriod, staffPeriodQuerySchema, staffReportService } from './staff-report-service.js';
import { MemoryCampaignStore, SequenceRandom } from '../../../../test/support/core-fakes.js';
import { courbevoieTenant } from '../../../../test/support/tenants.js';

const tenant = courbevoieTenant({ adminEmails: ['dpo@courbevoie.example'], categories: ['groceries', 'other'] });

const refusal = (run: () => unknown): DomainError => {
  try {
    run();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('accepted');
};

describe('the period of figures and exports', () => {
  it('is the last 30 days, today included, when the query names no end', () => {
    expect(staffPeriod({}, '2026-11-25')).toEqual({ from: '2026-10-27', to: '2026-11-25' });
    // Across a year's end and February of a leap year.
    expect(staffPeriod({}, '2026-01-10')).toEqual({ from: '2025-12-12', to: '2026-01-10' });
    expect(staffPeriod({}, '2028-03-01')).toEqual({ from: '2028-02-01', to: '2028-03-01' });
    for (const today of ['2026-03-29', '2026-10-25', '2028-02-29', '2030-12-31']) {
      const { from, to } = staffPeriod({}, today);
      expect({ today, days: daysBetween(from, to).length, last: to }).toEqual({ today, days: 30, last: today });
    }
  });

  it('takes either end from the query, the other from its default', () => {
    expect(staffPeriod({ to: '2026-06-30' }, '2026-11-25')).toEqual({ from: '2026-06-01', to: '2026-06-30' });
    expect(staffPeriod({ from: '2026-11-01' }, '2026-11-25')).toEqual({ from: '2026-11-01', to: '2026-11-25' });
    expect(staffPeriod({ from: '2026-11-25', to: '2026-11-25' }, '2026-11-25')).toEqual({ from: '2026-11-25', to: '2026-11-25' });
  });

  it('refuses `from` after `to`, naming query.from, even when `to` is the default', () => {
    for (const query of [{ from: '2026-11-26', to: '2026-11-25' }, { from: '2026-12-01' }]) {
      expect(refusal(() => staffPeriod(query, '2026-11-25'))).toMatchObject({
        status: 400,
        code: 'invalid_input',
        details: [{ path: 'query.from', message: '`from` must not be after `to`' }],
      });
    }
  });

  it('is 366 days at most, both ends counted', () => {
    expect(staffPeriod({ from: '2027-03-01', to: '2028-02-29' }, '2028-03-01')).toEqual({ from: '2027-03-01', to: '2028-02-29' });
    expect(refusal(() => staffPeriod({ from: '2027-02-28', to: '2028-02-29' }, '2028-03-01')).details).toEqual([
      { path: 'query.from', message: 'a period of 366 days at most' },
    ]);
    // A period of millennia is refused as quickly as one of a year and a day.
    expect(refusal(() => staffPeriod({ from: '0001-01-01', to: '9999-12-31' }, '2026-11-25')).details[0]!.path).toBe('query.from');
  });

  it('takes days as YYYY-MM-DD only, and nothing but `from` and `to`', () => {
    expect(refusal(() => parseInput(staffPeriodQuerySchema, { from: '2026-13-01' }, 'query')).details.map((detail) => detail.path)).toEqual(
      ['query.from'],
    );
    expect(refusal(() => parseInput(staffPeriodQuerySchema, { to: '2026-02-30' }, 'query')).details.map((detail) => detail.path)).toEqual([
      'query.to',
    ]);
    expect(refusal(() => parseInput(staffPeriodQuerySchema, { limit: '5' }, 'query')).details).toEqual([
      { path: 'query.limit', message: 'unknown field' },
    ]);
  });
});

function post(id: string, overrides: Partial<PostRecord> = {}): PostRecord {
  return {
    tenantId: tenant.id,
    id,
    kind: 'request',
    category: 'groceries',
    status: 'published',
    content: {
      title: 'Courses pour ma voisine',
      description: 'Le mardi matin.',
      location: { lat: 48.899, lon: 2.254 },
      publicLocation: { lat: 48.8991, lon: 2.2541 },
      author: { name: 'Zoé Martin', email: 'zoe@example.org' },
    },
    tokenHash: null,
    createdAt: '2026-11-20T09:00:00.000Z',
    updatedAt: '2026-11-20T09:00:00.000Z',
    publishedAt: '2026-11-20T09:05:00.000Z',
    expiresAt: '2026-12-20T09:00:00.000Z',
    version: 2,
    ...overrides,
  };
}

function setup(now = new Date('2026-11-25T09:00:00Z')) {
  const asked: { list: Parameters<StaffPostQueries['listCreatedBetween']>[1][]; days: [string, string][] } = { list: [], days: [] };
  const staffPosts: StaffPostQueries = {
    listForModeration: async () => ({ items: [], nextCursor: null }),
    listCreatedBetween: async (_tenantId, query): Promise<Page<PostRecord>> => {
      asked.list.push(query);
      return { items: [post('post000001'), post('post000002', { enteredByStaff: true })], nextCursor: query.cursor ? null : 'next-page' };
    },
  };
  const stats: StatsStore = {
    count: async () => undefined,
    readDays: async (_tenantId, from, to) => {
      asked.days.push([from, to]);
      return [{ day: to, counts: { 'posts.created': 2 } }];
    },
    lastDigest: async () => undefined,
    recordDigest: async () => undefined,
  };
  const reports = staffReportService({
    tenant,
    clock: { now: () => now },
    stats,
    staffPosts,
    campaignStore: new MemoryCampaignStore(),
    random: new SequenceRandom(),
  });
  return { reports, asked };
}

const staff: StaffSession = {
  tenantId: tenant.id,
  email: 'staff@courbevoie.example',
  role: 'staff',
  expiresAt: new Date('2026-11-25T17:00:00Z'),
};
const admin: StaffSession = { ...staff, email: 'dpo@courbevoie.example', role: 'admin' };
const exportQuery = (query: Record<string, string>) => parseInput(postExportQuerySchema, query, 'query');

describe('figures', () => {
  it('read the days of the period, today being the tenant’s (23:30 UTC in winter is tomorrow in Paris)', async () => {
    const { reports, asked } = setup(new Date('2026-11-25T23:30:00Z'));
    const figures = await reports.figures({});
    expect(asked.days).toEqual([['2026-10-28', '2026-11-26']]);
    expect(figures.perDay).toHaveLength(30);
    expect(figures.posts.created).toBe(2);
  });
});

describe('the CSV export', () => {
  it('only lets an administrator export personal data, before reading anything', async () => {
    const { reports, asked } = setup();
    await expect(reports.exportPosts(staff, exportQuery({ personalData: 'true' }))).rejects.toMatchObject({
      status: 403,
      code: 'admin_only',
    });
    expect(asked.list).toEqual([]);
    const page = await reports.exportPosts(admin, exportQuery({ personalData: 'true' }));
    expect(page.text).toContain('Zoé Martin');
    expect(page.text).toContain('zoe@example.org');
  });

  it('gives staff the posts without their personal data', async () => {
    const { reports } = setup();
    const page = await reports.exportPosts(staff, exportQuery({ personalData: 'false' }));
    expect(page.text).not.toContain('Zoé');
    expect(page.text).not.toContain('@example.org');
    expect(page.text.split('\r\n').filter(Boolean)).toHaveLength(3);
  });

  it('asks for the posts created from the start of `from` to the start of the day after `to`, 1000 a page by default', async () => {
    const { reports, asked } = setup();
    const page = await reports.exportPosts(staff, exportQuery({ from: '2026-02-01', to: '2026-02-28' }));
    expect(asked.list).toEqual([{ from: '2026-02-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z', limit: 1000 }]);
    expect(page.fileName).toBe('entraide-courbevoie-2026-02-01-2026-02-28.csv');
    expect(page.nextCursor).toBe('next-page');
  });

  it('starts the first page with the BOM and the header; a later page is rows to append', async () => {
    const { reports, asked } = setup();
    const first = await reports.exportPosts(staff, exportQuery({}));
    expect(first.text.startsWith(`${csvBom}identifiant;`)).toBe(true);
    const next = await reports.exportPosts(staff, exportQuery({ cursor: 'next-page', limit: '2' }));
    expect(asked.list.at(-1)).toMatchObject({ limit: 2, cursor: 'next-page' });
    expect(next.text.startsWith('post000001;')).toBe(true);
    expect(next.text).not.toContain(csvBom);
    expect(next.nextCursor).toBeNull();
  });

  it('an id that starts with - reads the same as in the API; a title that starts with = is neutralised', () => {
    const id = '-x4Kq_9bZ0aa';
    const row = postCsvRow(
      post(id, { content: { ...post(id).content!, title: '=HYPERLINK("http://evil.example")' } }),
      new Date('2026-11-25T09:00:00Z'),
      true,
      tenant,
    );
    expect(row.split(';')[0]).toBe(id);
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
  });

  it('takes pages of 5000 posts at most, and refuses what it does not know', () => {
    expect(exportQuery({ limit: '5000' }).limit).toBe(5000);
    expect(refusal(() => exportQuery({ limit: '5001' })).details.map((detail) => detail.path)).toEqual(['query.limit']);
    expect(refusal(() => exportQuery({ personalData: 'yes' })).details.map((detail) => detail.path)).toEqual(['query.personalData']);
    expect(refusal(() => exportQuery({ format: 'xlsx' })).details).toEqual([{ path: 'query.format', message: 'unknown field' }]);
  });
});
