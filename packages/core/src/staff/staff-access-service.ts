import * as z from 'zod';
import { type Mailer, type OutgoingMail, mailButton, mailHtml } from '../mail/index.js';
import {
  DomainError,
  forbidden,
  staffLinks,
  type StaffLinks,
  type Clock,
  type RandomSource,
  type RateLimiter,
  hashSecret,
  enforceRateLimits,
  escapeHtml,
} from '../shared/index.js';
import type { TenantConfig } from '../tenant/index.js';
import type { SessionSigner, StaffAccessStore, StaffRole, StaffSession, StaffTeam } from './ports.js';
import { currentTeam } from './team-service.js';

export const staffSessionSchema = z.strictObject({ token: z.string().min(16).max(128) });

/** A login link works once, for this long. */
export const loginLinkMinutes = 15;
/** A session lasts a working half-day; then a new link. */
export const sessionHours = 4;
/**
 * A login answers no sooner than this, staff or not: the mail sent to staff must not make their
 * answer measurably slower than anyone else's.
 */
export const loginAnswerFloorMs = 400;

export interface StaffAccessDeps {
  tenant: TenantConfig;
  staffAccess: StaffAccessStore;
  signer: SessionSigner;
  mailer: Mailer;
  clock: Clock;
  random: RandomSource;
  rateLimiter: RateLimiter;
  siteUrl: string;
  /** Waits (tests pass a no-op); setTimeout by default. */
  sleep?: (ms: number) => Promise<void>;
}

/** The role of an address in a team (the stored one, or the tenant file's), if it is staff at all. */
export function staffRoleOf(team: Pick<StaffTeam, 'staffEmails' | 'adminEmails'>, email: string): StaffRole | undefined {
  const address = email.trim().toLowerCase();
  if (team.adminEmails.some((admin) => admin.toLowerCase() === address)) return 'admin';
  if (team.staffEmails.some((staff) => staff.toLowerCase() === address)) return 'staff';
  return undefined;
}

export function loginMail(tenant: TenantConfig, email: string, token: string, links: StaffLinks): OutgoingMail {
  const url = links.login(token);
  const text = [
    'Bonjour,',
    '',
    `Voici votre lien de connexion à l’espace de l’équipe de ${tenant.name} sur la plateforme d’entraide.`,
    `Il fonctionne une seule fois, pendant ${loginLinkMinutes} minutes :`,
    url,
    '',
    'Si vous n’avez pas demandé ce lien, ignorez ce message : personne ne peut l’utiliser sans votre boîte mail.',
    '',
    '—',
    '',
    `Your sign-in link to ${tenant.name}'s staff area works once, for ${loginLinkMinutes} minutes: ${url}`,
    'If you did not ask for it, ignore this message.',
  ].join('\n');
  const e = escapeHtml;
  const html = mailHtml(
    'Connexion',
    `<p>Bonjour,</p>
<p>Voici votre lien de connexion à l’espace de l’équipe de ${e(tenant.name)} sur la plateforme d’entraide. Il fonctionne une seule fois, pendant ${loginLinkMinutes}&nbsp;minutes.</p>
<p>${mailButton(url, 'Me connecter')}</p>
<p>Si vous n’avez pas demandé ce lien, ignorez ce message.</p>
<hr>
<p lang="en">Your sign-in link to ${e(tenant.name)}'s staff area works once, for ${loginLinkMinutes} minutes: <a href="${e(url)}">sign in</a>. If you did not ask for it, ignore this message.</p>`,
  );
  return { to: email, subject: `Connexion à l’espace de l’équipe – ${tenant.name} / Staff sign-in`, text, html };
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The staff's door: magic links by mail, exchanged once for a short signed session bound to the tenant. */
export function staffAccessService(deps: StaffAccessDeps) {
  const { tenant, staffAccess: store, signer, mailer, clock, random, rateLimiter } = deps;
  const links = staffLinks(deps.siteUrl, tenant.id);
  const sleep = deps.sleep ?? defaultSleep;

  return {
    /**
     * Mails a link if `email` is staff; answers the same, as late, if not. Both are rate-limited
     * the same way, so the limits say nothing either.
     */
    async requestLogin(email: string, origin: { sourceIp: string }): Promise<void> {
      const started = Date.now();
      try {
        const address = email.trim().toLowerCase();
        await enforceRateLimits(
          rateLimiter,
          [
            { subject: `staff-login:ip:${origin.sourceIp}`, max: tenant.rateLimits.staffLoginsPerHourPerIp, windowSeconds: 3600 },
            { subject: `staff-login:email:${address}`, max: tenant.rateLimits.staffLoginsPerHourPerEmail, windowSeconds: 3600 },
          ],
          clock.now(),
        );
        if (!staffRoleOf(await currentTeam(tenant, store), address)) return;
        const token = random.secret();
        const expiresAt = new Date(clock.now().getTime() + loginLinkMinutes * 60_000).toISOString();
        await store.saveLoginLink({ tenantId: tenant.id, tokenHash: hashSecret(token), email: address, expiresAt });
        await mailer.send(loginMail(tenant, address, token, links));
      } finally {
        const elapsed = Date.now() - started;
        if (elapsed < loginAnswerFloorMs) await sleep(loginAnswerFloorMs - elapsed);
      }
    },

    /** The link's token, once, for a session. A used, expired or unknown token: 401, the same for all. */
    async openSession(token: string): Promise<{ session: string; expiresAt: string }> {
      const link = await store.takeLoginLink(tenant.id, hashSecret(token));
      const now = clock.now();
      const refused = new DomainError(
        401,
        'invalid_login_link',
        'This sign-in link is not valid (used, expired or unknown); ask for a new one',
      );
      if (!link || Date.parse(link.expiresAt) <= now.getTime()) throw refused;
      // The address may have lost its staff rights since the link was sent.
      const role = staffRoleOf(await currentTeam(tenant, store), link.email);
      if (!role) throw refused;
      const expiresAt = new Date(now.getTime() + sessionHours * 3_600_000);
      const session = await signer.sign({ tenantId: tenant.id, email: link.email, role, expiresAt });
      return { session, expiresAt: expiresAt.toISOString() };
    },

    /** Checks `Authorization: Bearer <session>`: 401 if forged or expired, 403 if another tenant's. */
    async authenticate(authorization: string | undefined): Promise<StaffSession> {
      const token = /^Bearer\s+(\S{16,4096})$/.exec(authorization ?? '')?.[1];
      if (!token) throw new DomainError(401, 'missing_session', 'An Authorization: Bearer <session> header is required');
      const verified = await signer.verify(token);
      if (verified === 'other_tenant') throw forbidden('wrong_tenant', 'This session is not valid here');
      if (verified === 'invalid' || verified.tenantId !== tenant.id) {
        throw new DomainError(401, 'invalid_session', 'The session is invalid or has expired; sign in again');
      }
      // Rights follow the team stored in the table, not the token: a removed address loses access at once.
      const role = staffRoleOf(await currentTeam(tenant, store), verified.email);
      if (!role) throw new DomainError(401, 'invalid_session', 'The session is invalid or has expired; sign in again');
      return { ...verified, role };
    },
  };
}

export type StaffAccess = ReturnType<typeof staffAccessService>;
