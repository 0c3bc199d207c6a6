import { DomainError } from '../shared/schemas.js';
import type { PublicSection, SectionState, TenantConfig, TenantSection } from './tenant-config.js';

/**
 * A tenant's sections ("rubriques"), shared by every kind of entry (posts, listings, missions,
 * campaigns, drawings): which one an id names, whether it is open on a given day, and how long an
 * entry made in it lasts. Browser-safe (no Node built-in): the site judges with the same rules.
 */

const dayMs = 24 * 60 * 60 * 1000;

/** The tenant's time zone: the one its days (a section's first and last) are counted in. */
export const tenantTimeZone = (tenant: Pick<TenantConfig, 'digest'>): string => tenant.digest.timeZone;

/** The calendar day of `at` in `timeZone`, as YYYY-MM-DD. */
export function dayIn(timeZone: string, at: Date): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** How far `timeZone`'s wall clock is ahead of UTC at `instant` (ms). */
function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const value = (type: string) => Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
  const wall = Date.UTC(value('year'), value('month') - 1, value('day'), value('hour'), value('minute'), value('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant `day` (YYYY-MM-DD) begins in `timeZone`. */
export function startOfDayIn(timeZone: string, day: string): Date {
  const wallMidnight = Date.parse(`${day}T00:00:00Z`);
  let instant = wallMidnight - offsetMs(wallMidnight, timeZone);
  // Once more at the guess: the offset may differ across a change of summer time.
  instant = wallMidnight - offsetMs(instant, timeZone);
  return new Date(instant);
}

/** Whether a section takes new entries on `day` (its `startsOn` and `endsOn` days included). */
export function sectionState(section: Pick<TenantSection, 'startsOn' | 'endsOn'>, day: string): SectionState {
  if (section.startsOn && day < section.startsOn) return 'upcoming';
  if (section.endsOn && day > section.endsOn) return 'ended';
  return 'open';
}

/** The section named `id`, or undefined. */
export const findSection = (tenant: Pick<TenantConfig, 'sections'>, id: string): TenantSection | undefined =>
  tenant.sections.find((section) => section.id === id);

/** The sections as anyone may read them (`GET /config`): each with its state today. */
export function publicSections(tenant: TenantConfig, now: Date): PublicSection[] {
  const today = dayIn(tenantTimeZone(tenant), now);
  return tenant.sections.map((section) => ({ ...section, state: sectionState(section, today) }));
}

/** 400 `unknown_section`, naming the field and the sections of that type one may use (open on `today`, when given). */
function unknownSection(tenant: TenantConfig, id: string, path: string, type: TenantSection['type'], today?: string): DomainError {
  const usable = tenant.sections.filter(
    (section) => section.type === type && (today === undefined || sectionState(section, today) === 'open'),
  );
  return new DomainError(400, 'unknown_section', `${tenant.name} has no section "${id}"`, [
    { path, message: usable.length ? `one of: ${usable.map((section) => section.id).join(', ')}` : 'this tenant has no sections for this' },
  ]);
}

/** The section a listing query names, of that type (an ended section still lists what it holds). */
export function sectionOfType(tenant: TenantConfig, id: string, type: TenantSection['type'], path: string): TenantSection {
  const section = findSection(tenant, id);
  if (!section || section.type !== type) throw unknownSection(tenant, id, path, type);
  return section;
}

/**
 * The section a new entry (or an edit moving one) goes into: it must exist, be of the entry's type
 * and be open today in the tenant's time zone; else 400 naming `path` (`section_not_open` before
 * its `startsOn` or after its `endsOn`).
 */
export function assertSectionOpen(
  tenant: TenantConfig,
  id: string,
  now: Date,
  options: { type: TenantSection['type']; path?: string },
): TenantSection {
  const path = options.path ?? 'section';
  const today = dayIn(tenantTimeZone(tenant), now);
  const section = findSection(tenant, id);
  if (!section || section.type !== options.type) throw unknownSection(tenant, id, path, options.type, today);
  const state = sectionState(section, today);
  if (state === 'upcoming') {
    throw new DomainError(400, 'section_not_open', `The section "${section.title.fr}" opens on ${section.startsOn}`, [
      { path, message: `not open yet: opens on ${section.startsOn}` },
    ]);
  }
  if (state === 'ended') {
    throw new DomainError(400, 'section_not_open', `The section "${section.title.fr}" ended on ${section.endsOn}`, [
      { path, message: `closed: ended on ${section.endsOn}` },
    ]);
  }
  return section;
}

/**
 * When an entry made at `now` expires: after the tenant's lifetime, but in a section with an end no
 * earlier than the end of its last day (a post for Easter lasts until Easter), and so never later
 * than that end plus the lifetime.
 */
export function entryExpiresAt(tenant: TenantConfig, section: TenantSection | undefined, now: Date, lifetimeDays: number): Date {
  const afterLifetime = now.getTime() + lifetimeDays * dayMs;
  if (!section?.endsOn) return new Date(afterLifetime);
  const nextDay = new Date(Date.parse(`${section.endsOn}T00:00:00Z`) + dayMs).toISOString().slice(0, 10);
  const sectionEnd = startOfDayIn(tenantTimeZone(tenant), nextDay).getTime();
  return new Date(Math.min(Math.max(afterLifetime, sectionEnd), sectionEnd + lifetimeDays * dayMs));
}
