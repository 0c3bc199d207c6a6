import type { PostRecord, StoredStatus } from '../posts/index.js';
import type { Page } from '../shared/index.js';

/** The lists staff work from: a tenant's posts by where they stand, beyond the public list. */
export interface StaffPostQueries {
  /** Posts awaiting a staff decision (`pending_moderation`, `hidden`), oldest first. */
  listForModeration(tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<PostRecord>>;
  /** Every post (any status, deleted ones without content) created in [from, to), in pages. */
  listCreatedBetween(tenantId: string, query: CreatedBetweenQuery): Promise<Page<PostRecord>>;
}

export interface CreatedBetweenQuery {
  from: string;
  to: string;
  limit: number;
  cursor?: string;
  /** Only the lists that hold these stored statuses (a list may hold others too: filter on read). */
  statuses?: readonly StoredStatus[];
  /** Each list read newest first (by default oldest first). */
  newestFirst?: boolean;
}

/** Single-use login links and the tenant's session secret. */
export interface StaffAccessStore {
  saveLoginLink(link: { tenantId: string; tokenHash: string; email: string; expiresAt: string }): Promise<void>;
  /** Removes the link and returns it: a second call with the same hash returns undefined (single use). */
  takeLoginLink(tenantId: string, tokenHash: string): Promise<{ email: string; expiresAt: string } | undefined>;
  /** The tenant's session secret: `candidate` is kept if none exists yet (conditional put), else the stored one wins. */
  sessionSecret(tenantId: string, candidate: string): Promise<string>;
  /** The team as admins edited it from the staff space; undefined until the first change. */
  team(tenantId: string): Promise<StaffTeam | undefined>;
  /** Stores the team if the stored one is still at `expectedVersion` (0: none stored yet); false if another change came first. */
  saveTeam(team: StaffTeam, expectedVersion: number): Promise<boolean>;
}

/** Sections' dates as admins set them from the staff space (one item of the tenant's table). */
export interface SectionDatesStore {
  /** Undefined until the first change. */
  sectionDates(tenantId: string): Promise<SectionDates | undefined>;
  /** Stores them if the stored ones are still at `expectedVersion` (0: none yet); false if another change came first. */
  saveSectionDates(dates: SectionDates, expectedVersion: number): Promise<boolean>;
}

/** Each section's first and last days as set from the staff space (null: no limit), over the tenant file's; audited. */
export interface SectionDates {
  tenantId: string;
  sections: Record<string, { startsOn: string | null; endsOn: string | null }>;
  audit: { at: string; by: string; section: string; startsOn: string | null; endsOn: string | null }[];
  updatedAt: string;
  version: number;
}

/** The tenant's staff and admins, edited without a redeploy (the tenant file's lists are the initial value). */
export interface StaffTeam {
  tenantId: string;
  staffEmails: string[];
  adminEmails: string[];
  /** Who changed what, when (the latest changes, oldest first). */
  audit: { at: string; by: string; email: string; role: StaffRole | 'removed' }[];
  updatedAt: string;
  /** 0 for the tenant file's team; each change adds one (the condition of its write). */
  version: number;
}

export type StaffRole = 'staff' | 'admin';

export interface StaffSession {
  tenantId: string;
  email: string;
  role: StaffRole;
  expiresAt: Date;
}

/** Signs and checks staff sessions (a JWT, HS256, audience and issuer = the tenant). */
export interface SessionSigner {
  sign(session: StaffSession): Promise<string>;
  /** `other_tenant`: well formed, but issued for another tenant (its signature cannot be checked here). */
  verify(token: string): Promise<StaffSession | 'invalid' | 'other_tenant'>;
}
