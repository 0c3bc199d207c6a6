import * as z from 'zod';
import { changeVersioned, ConcurrentUpdateError, DomainError, forbidden, type Clock } from '../shared/index.js';
import type { TenantConfig } from '../tenant/index.js';
import type { StaffAccessStore, StaffRole, StaffSession, StaffTeam } from './ports.js';

/** `POST /staff/team`: an address's role in the team, `removed` to take it out. */
export const teamChangeSchema = z.strictObject({
  email: z.email().max(254),
  role: z.enum(['staff', 'admin', 'removed']),
});
export type TeamChange = z.infer<typeof teamChangeSchema>;

/** The latest changes kept in the team's audit (who, when, what). */
const auditKept = 100;

const lower = (email: string): string => email.trim().toLowerCase();

/** The team in force: the one admins edited (stored in the tenant's table), else the tenant file's. */
export async function currentTeam(tenant: TenantConfig, store: StaffAccessStore): Promise<StaffTeam> {
  return (
    (await store.team(tenant.id)) ?? {
      tenantId: tenant.id,
      staffEmails: tenant.staffEmails.map(lower),
      adminEmails: tenant.adminEmails.map(lower),
      audit: [],
      updatedAt: '',
      version: 0,
    }
  );
}

/** The team as admins see it: each address once with its role, and the changes, newest first. */
export interface TeamView {
  members: { email: string; role: StaffRole }[];
  audit: StaffTeam['audit'];
  /** `tenant_file` until an admin first changes the team here. */
  source: 'tenant_file' | 'staff_space';
}

function teamView(team: StaffTeam): TeamView {
  const admins = new Set(team.adminEmails.map(lower));
  const members = [
    ...[...admins].map((email) => ({ email, role: 'admin' as const })),
    ...[...new Set(team.staffEmails.map(lower))].filter((email) => !admins.has(email)).map((email) => ({ email, role: 'staff' as const })),
  ].sort((a, b) => a.email.localeCompare(b.email));
  return { members, audit: [...team.audit].reverse(), source: team.version === 0 ? 'tenant_file' : 'staff_space' };
}

/**
 * The team without a redeploy: admins add, promote or remove staff addresses from the staff space.
 * Stored in the tenant's table (the tenant file is the initial value), audited, read on every staff
 * request (`staffAccessService.authenticate`), so a removed address loses access at once.
 */
export function staffTeamService(deps: { tenant: TenantConfig; staffAccess: StaffAccessStore; clock: Clock }) {
  const { tenant, staffAccess: store } = deps;
  const assertAdmin = (session: StaffSession): void => {
    if (session.role !== 'admin') throw forbidden('admin_only', 'Only the tenant’s admins manage the team');
  };
  return {
    async view(session: StaffSession): Promise<TeamView> {
      assertAdmin(session);
      return teamView(await currentTeam(tenant, store));
    },

    /** Sets an address's role (or removes it); the team keeps at least one admin. */
    async change(session: StaffSession, change: TeamChange): Promise<TeamView> {
      assertAdmin(session);
      const email = lower(change.email);
      const team = await changeVersioned<StaffTeam>(
        {
          read: () => currentTeam(tenant, store),
          write: async (next, expectedVersion) => {
            if (!(await store.saveTeam(next, expectedVersion))) throw new ConcurrentUpdateError();
          },
          clock: deps.clock,
          what: 'Team',
        },
        (current, now) => {
          const others = (emails: string[]) => emails.map(lower).filter((candidate) => candidate !== email);
          const adminEmails = [...others(current.adminEmails), ...(change.role === 'admin' ? [email] : [])];
          const staffEmails = [...others(current.staffEmails), ...(change.role === 'staff' ? [email] : [])];
          if (adminEmails.length === 0) {
            throw new DomainError(409, 'last_admin', 'The team needs at least one admin', [{ path: 'email', message: 'the last admin' }]);
          }
          return {
            ...current,
            staffEmails,
            adminEmails,
            audit: [...current.audit, { at: now.toISOString(), by: session.email, email, role: change.role }].slice(-auditKept),
          };
        },
      );
      return teamView(team);
    },
  };
}
