import { changeVersioned, ConcurrentUpdateError, forbidden, notFound, type Clock } from '../shared/index.js';
import { dayIn, sectionState, tenantTimeZone, type SectionState, type TenantConfig, type TenantSection } from '../tenant/index.js';
import type { SectionDates, SectionDatesStore, StaffSession } from './ports.js';
import type { SectionDatesInput } from './section-dates-schemas.js';

/** The latest changes kept in the audit. */
const auditKept = 100;

/** The tenant file's sections, as first read: the initial value of every section's dates. */
const fileSections = new WeakMap<TenantConfig, TenantSection[]>();

/** The tenant's sections with the dates admins set from the staff space over the tenant file's. */
export function sectionsWithDates(initial: TenantSection[], dates: SectionDates | undefined): TenantSection[] {
  return initial.map((section) => {
    const set = dates?.sections[section.id];
    if (!set) return section;
    const { startsOn: _startsOn, endsOn: _endsOn, ...rest } = section;
    return { ...rest, ...(set.startsOn ? { startsOn: set.startsOn } : {}), ...(set.endsOn ? { endsOn: set.endsOn } : {}) } as TenantSection;
  });
}

/** What admins see of a section: its dates, its state today, and whether the staff space set them. */
export interface SectionDatesView {
  id: string;
  type: TenantSection['type'];
  title: TenantSection['title'];
  startsOn: string | null;
  endsOn: string | null;
  state: SectionState;
  source: 'tenant_file' | 'staff_space';
}

/**
 * Sections opened, closed and dated from the staff space, without a redeploy: stored in the
 * tenant's table (one item, put on its version), audited, the tenant file being the initial value.
 * `refresh` reads the stored dates into the tenant's config before each request (one GetItem), so
 * every service of the function judges with them at once.
 */
export function sectionDatesService(deps: { tenant: TenantConfig; sectionDates: SectionDatesStore; clock: Clock }) {
  const { tenant, sectionDates: store, clock } = deps;
  if (!fileSections.has(tenant)) fileSections.set(tenant, tenant.sections);
  const initial = fileSections.get(tenant)!;
  const current = async (): Promise<SectionDates> =>
    (await store.sectionDates(tenant.id)) ?? { tenantId: tenant.id, sections: {}, audit: [], updatedAt: '', version: 0 };
  const apply = (dates: SectionDates | undefined) => {
    tenant.sections = sectionsWithDates(initial, dates);
  };
  const view = (dates: SectionDates) => {
    const today = dayIn(tenantTimeZone(tenant), clock.now());
    return {
      sections: sectionsWithDates(initial, dates).map(
        (section): SectionDatesView => ({
          id: section.id,
          type: section.type,
          title: section.title,
          startsOn: section.startsOn ?? null,
          endsOn: section.endsOn ?? null,
          state: sectionState(section, today),
          source: dates.sections[section.id] ? 'staff_space' : 'tenant_file',
        }),
      ),
      audit: [...dates.audit].reverse(),
    };
  };
  return {
    async refresh(): Promise<void> {
      apply(await store.sectionDates(tenant.id));
    },

    async view(_session: StaffSession) {
      return view(await current());
    },

    /** Admins: a section's first and last days; audited (who, when, what). */
    async change(session: StaffSession, sectionId: string, input: SectionDatesInput) {
      if (session.role !== 'admin') throw forbidden('admin_only', 'Only the tenant’s admins open, close or date sections');
      if (!initial.some((section) => section.id === sectionId)) throw notFound('Section');
      const dates = await changeVersioned<SectionDates>(
        {
          read: current,
          write: async (next, expectedVersion) => {
            if (!(await store.saveSectionDates(next, expectedVersion))) throw new ConcurrentUpdateError();
          },
          clock,
          what: 'Sections',
        },
        (stored, now) => ({
          ...stored,
          sections: { ...stored.sections, [sectionId]: { startsOn: input.startsOn, endsOn: input.endsOn } },
          audit: [...stored.audit, { at: now.toISOString(), by: session.email, section: sectionId, ...input }].slice(-auditKept),
        }),
      );
      apply(dates);
      return view(dates);
    },
  };
}
