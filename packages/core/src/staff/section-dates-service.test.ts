import { campaignTenant } from '../../../../test/support/tenants.js';
import { assertSectionOpen } from '../tenant/index.js';
import type { SectionDates, SectionDatesStore, StaffSession } from './ports.js';
import { sectionDatesService } from './section-dates-service.js';

const now = new Date('2026-03-10T09:00:00.000Z');
const clock = { now: () => now };
const admin: StaffSession = { tenantId: 'courbevoie', email: 'admin@courbevoie.example', role: 'admin', expiresAt: now };
const staff: StaffSession = { ...admin, email: 'staff@courbevoie.example', role: 'staff' };

function memoryStore(): SectionDatesStore {
  let stored: SectionDates | undefined;
  return {
    sectionDates: async () => stored && structuredClone(stored),
    saveSectionDates: async (dates, expectedVersion) => {
      if ((stored?.version ?? 0) !== expectedVersion) return false;
      stored = structuredClone(dates);
      return true;
    },
  };
}

const openFor = (tenant: ReturnType<typeof campaignTenant>, id: string) => () => assertSectionOpen(tenant, id, now, { type: 'campaign' });

describe('sections opened, closed and dated from the staff space', () => {
  it('an admin closes a section: it takes nothing more, another container sees it on its next request, the change is audited; reopened, it takes entries again', async () => {
    const store = memoryStore();
    const tenant = campaignTenant();
    const sections = sectionDatesService({ tenant, sectionDates: store, clock });
    expect(openFor(tenant, 'masques')).not.toThrow();
    expect((await sections.view(staff)).sections.find((section) => section.id === 'masques')).toMatchObject({
      state: 'open',
      source: 'tenant_file',
    });

    const closed = await sections.change(admin, 'masques', { startsOn: null, endsOn: '2026-03-09' });
    expect(closed.sections.find((section) => section.id === 'masques')).toMatchObject({
      endsOn: '2026-03-09',
      state: 'ended',
      source: 'staff_space',
    });
    expect(closed.audit).toEqual([
      { at: now.toISOString(), by: 'admin@courbevoie.example', section: 'masques', startsOn: null, endsOn: '2026-03-09' },
    ]);
    expect(openFor(tenant, 'masques')).toThrow(expect.objectContaining({ code: 'section_not_open' }));
    expect(openFor(tenant, 'blouses')).not.toThrow();

    // Another function's container: the tenant file's dates until its next request reads the stored ones.
    const elsewhere = campaignTenant();
    const theirs = sectionDatesService({ tenant: elsewhere, sectionDates: store, clock });
    expect(openFor(elsewhere, 'masques')).not.toThrow();
    await theirs.refresh();
    expect(openFor(elsewhere, 'masques')).toThrow(expect.objectContaining({ code: 'section_not_open' }));

    await sections.change(admin, 'masques', { startsOn: '2026-03-10', endsOn: null });
    await theirs.refresh();
    expect(openFor(elsewhere, 'masques')).not.toThrow();
    expect((await theirs.view(staff)).audit.map((entry) => entry.startsOn)).toEqual(['2026-03-10', null]);
  });

  it('refuses staff who are not admins, and a section the tenant does not have; nothing is stored', async () => {
    const store = memoryStore();
    const sections = sectionDatesService({ tenant: campaignTenant(), sectionDates: store, clock });
    await expect(sections.change(staff, 'masques', { startsOn: null, endsOn: '2026-03-09' })).rejects.toMatchObject({
      status: 403,
      code: 'admin_only',
    });
    await expect(sections.change(admin, 'perdue', { startsOn: null, endsOn: null })).rejects.toMatchObject({ status: 404 });
    expect(await store.sectionDates('courbevoie')).toBeUndefined();
  });
});
