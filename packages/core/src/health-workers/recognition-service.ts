import { addressKey } from '../mail/index.js';
import type { EntryServiceDeps, PostStore } from '../posts/index.js';
import type { RelayStore } from '../relay/index.js';
import {
  ConcurrentUpdateError,
  DomainError,
  assertLinkToken,
  changeVersioned,
  countListed,
  enforceRateLimits,
  invalidInput,
  newLinkSecret,
  notFound,
  siteLinks,
  type ErrorDetail,
  type Page,
} from '../shared/index.js';
import type { TenantConfig } from '../tenant/index.js';
import type { RecognitionListQuery, RecognitionRequestInput, RecognitionStatus } from './health-worker-schemas.js';
import type { RecognitionStore } from './ports.js';
import { closeRecognisedConversations, recognitionEndFrom } from './recognition-life.js';
import { recognitionDecisionMail, recognitionVerificationMail } from './recognition-mails.js';
import {
  recognitionHistoryKept,
  toStaffRecognitionView,
  type RecognitionChange,
  type RecognitionRecord,
  type StaffRecognitionView,
} from './recognition-record.js';

export interface RecognitionServiceDeps extends EntryServiceDeps {
  recognitionStore: RecognitionStore;
  /** The posts (the offers for health workers) and the relay's conversations with them: closed when a recognition is withdrawn. */
  store: PostStore;
  relayStore: RelayStore;
}

/** A record moved to `status` at `now` by `by`: its end starts again, its history says who. */
const moved = (
  record: RecognitionRecord,
  status: RecognitionStatus,
  now: Date,
  by: string,
  reason?: string,
): Pick<RecognitionRecord, 'status' | 'expiresAt' | 'history'> => ({
  status,
  expiresAt: recognitionEndFrom(now),
  history: [
    ...(record.history ?? []),
    { at: now.toISOString(), by, status, ...(reason ? { reason } : {}) } satisfies RecognitionChange,
  ].slice(-recognitionHistoryKept),
});

/** A recognition's id: its address's key, so the relay finds it from a sender's address alone. */
export const recognitionIdOf = (email: string): string => addressKey(email);

const normalised = (email: string): string => email.trim().toLowerCase();

/** How many confirmed requests to be recognised await staff, up to `limit` (the staff digest's figure). */
export const countRecognitionsAwaiting = (store: RecognitionStore, tenantId: string, limit: number): Promise<number> =>
  countListed((page) => store.list(tenantId, 'awaiting_approval', page), limit);

/** Whether the address is at one of the tenant's health workers' domains (or a subdomain of one). */
export function atHealthWorkersDomain(tenant: Pick<TenantConfig, 'healthWorkers'>, email: string): boolean {
  const domain = normalised(email).split('@').pop() ?? '';
  return (tenant.healthWorkers?.recognition.emailDomains ?? []).some((known) => domain === known || domain.endsWith(`.${known}`));
}

/** The tenant's way of recognising health workers, or 404: a tenant without sections for them has none. */
function recognitionSettings(tenant: TenantConfig) {
  if (!tenant.healthWorkers) throw notFound('Health workers’ recognition');
  return tenant.healthWorkers.recognition;
}

/**
 * Recognition of health workers: an address verified by the mailed link is recognised at once at
 * one of the tenant's domains; any other is a request (name, profession, employer) that staff
 * approve or refuse, the resident mailed. One record per address; nothing of it is public.
 */
export function recognitionService(deps: RecognitionServiceDeps) {
  const { tenant, recognitionStore: store, clock, random, mailer } = deps;
  const links = siteLinks(deps.siteUrl, tenant.id);

  const change = (id: string, apply: (record: RecognitionRecord, now: Date) => RecognitionRecord) =>
    changeVersioned(
      { read: () => store.get(tenant.id, id), write: (record, expected) => store.replace(record, expected), clock, what: 'Recognition' },
      apply,
    );

  /** Approve, refuse or withdraw (`onlyRecognised`): the record, its mail, and the conversations of one no longer recognised. */
  async function settle(
    staffEmail: string,
    id: string,
    decision: { approve: true } | { approve: false; reason?: string },
    onlyRecognised: boolean,
  ): Promise<StaffRecognitionView> {
    recognitionSettings(tenant);
    let changed = false;
    const record = await change(id, (current, now) => {
      // The resident is erasing it: gone for staff.
      if (current.erasing) throw notFound('Recognition');
      if (current.status === 'pending_verification') {
        throw new DomainError(409, 'not_verified', 'The resident has not confirmed this address yet');
      }
      const wasRecognised = current.status === 'recognised' || current.status === 'withdrawn';
      if (onlyRecognised && !wasRecognised) {
        throw new DomainError(409, 'not_recognised', 'Only a recognition can be withdrawn: refuse a request');
      }
      const target: RecognitionStatus = decision.approve ? 'recognised' : wasRecognised ? 'withdrawn' : 'refused';
      changed = current.status !== target;
      if (!changed) return current;
      const reason = decision.approve ? undefined : decision.reason;
      const { refusalReason: _reason, ...rest } = current;
      return {
        ...rest,
        ...moved(current, target, now, staffEmail, reason),
        ...(decision.approve ? { via: 'staff' as const } : reason ? { refusalReason: reason } : {}),
        decidedAt: now.toISOString(),
        decidedBy: staffEmail,
      };
    });
    // `via` stays once recognised: a refusal or withdrawal of one recognised closes (again) what they opened.
    if (record.status !== 'recognised' && record.via) await closeRecognisedConversations(deps, [record.email], staffEmail);
    if (changed) await mailer.send(recognitionDecisionMail(tenant, record, links));
    return toStaffRecognitionView(record);
  }

  return {
    /**
     * `POST /health-workers/recognition`: mails the link that confirms the address. An unknown
     * domain where staff do not approve, or a request without what staff judge it by: 400 naming
     * the field, nothing stored or mailed. A recognised address stays recognised (nothing mailed).
     */
    async request(input: RecognitionRequestInput, origin: { sourceIp: string }): Promise<{ status: 'sent' }> {
      const settings = recognitionSettings(tenant);
      const email = normalised(input.email);
      const byDomain = atHealthWorkersDomain(tenant, email);
      if (!byDomain && !settings.staffApproval) {
        throw new DomainError(400, 'unrecognised_domain', 'This address is not at a domain of the hospitals', [
          { path: 'email', message: `an address at ${settings.emailDomains.join(', ')}` },
        ]);
      }
      if (!byDomain) {
        const missing: ErrorDetail[] = (['name', 'profession', 'employer'] as const)
          .filter((field) => !input[field])
          .map((field) => ({ path: field, message: 'needed for staff to recognise an address outside the hospitals’ domains' }));
        if (missing.length > 0) throw invalidInput(missing);
      }
      const now = clock.now();
      await enforceRateLimits(
        deps.rateLimiter,
        [
          { subject: `recognition:ip:${origin.sourceIp}`, max: tenant.rateLimits.postsPerHourPerIp, windowSeconds: 3600 },
          { subject: `recognition:email:${email}`, max: tenant.rateLimits.postsPerDayPerEmail, windowSeconds: 86_400 },
        ],
        now,
      );
      const id = recognitionIdOf(email);
      const existing = await store.get(tenant.id, id);
      if (existing?.status === 'recognised') return { status: 'sent' };
      // Staff's withdrawal stands until it ends: the hospitals' domain does not undo it.
      if (existing?.status === 'withdrawn' && !existing.erasing) {
        throw new DomainError(409, 'recognition_withdrawn', `${tenant.name}'s staff withdrew this address's recognition: write to them`);
      }
      const { token, tokenHash } = newLinkSecret(random);
      const base: RecognitionRecord = {
        tenantId: tenant.id,
        id,
        email,
        status: 'pending_verification',
        ...(byDomain ? {} : { request: { name: input.name!, profession: input.profession!, employer: input.employer! } }),
        tokenHash,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        version: (existing?.version ?? 0) + 1,
      };
      const record: RecognitionRecord = { ...base, ...moved(base, 'pending_verification', now, 'resident') };
      try {
        if (existing) await store.replace(record, existing.version);
        else await store.insert(record);
      } catch (error) {
        // Another request for the same address got in between: it mails its own link.
        if (error instanceof ConcurrentUpdateError)
          throw new DomainError(409, 'concurrent_request', 'A request for this address is under way');
        throw error;
      }
      await mailer.send(recognitionVerificationMail(tenant, record, token, links, byDomain));
      return { status: 'sent' };
    },

    /** The mailed link: recognised (at one of the domains), or the request reaches staff. Opened again, the same answer. */
    async verify(id: string, token: string): Promise<{ status: RecognitionStatus }> {
      const record = await change(id, (current, now) => {
        assertLinkToken(token, current.tokenHash, 'recognition');
        if (current.status !== 'pending_verification') return current;
        const verified = { ...current, verifiedAt: now.toISOString() };
        if (atHealthWorkersDomain(tenant, current.email)) {
          return { ...verified, ...moved(current, 'recognised', now, 'resident'), via: 'email_domain' };
        }
        if (recognitionSettings(tenant).staffApproval && current.request) {
          return { ...verified, ...moved(current, 'awaiting_approval', now, 'resident') };
        }
        throw new DomainError(400, 'unrecognised_domain', 'This address is not at a domain of the hospitals', [
          { path: 'email', message: 'an address at a domain of the hospitals' },
        ]);
      });
      return { status: record.status };
    },

    /** Staff: the requests of one status, oldest first. */
    async list(query: RecognitionListQuery): Promise<Page<StaffRecognitionView>> {
      recognitionSettings(tenant);
      const page = await store.list(tenant.id, query.status, {
        limit: query.limit ?? 20,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      return { items: page.items.map(toStaffRecognitionView), nextCursor: page.nextCursor };
    },

    /**
     * Staff approve or refuse a confirmed request; they may change their mind (approve one refused
     * or withdrawn). Refusing a recognised health worker withdraws the recognition (as `withdraw`).
     * The resident is mailed each decision; the same decision again is a no-op.
     */
    async decide(
      staffEmail: string,
      id: string,
      decision: { approve: true } | { approve: false; reason?: string },
    ): Promise<StaffRecognitionView> {
      return settle(staffEmail, id, decision, false);
    },

    /**
     * Staff withdraw a recognition (409 `not_recognised` for one that is not): its holder may no
     * longer write to offers for health workers, and the conversations they opened with such offers
     * are closed (the relay's close path). Recorded in its history; the resident is mailed. Asked
     * again, it closes again what is still open: a withdrawal that stopped midway is finished.
     */
    async withdraw(staffEmail: string, id: string, reason?: string): Promise<StaffRecognitionView> {
      return settle(staffEmail, id, { approve: false, ...(reason ? { reason } : {}) }, true);
    },

    /**
     * The resident's own erasure, by their mailed link: withdrawn (conversations with offers for
     * health workers closed), then deleted. A retry after a fault between those writes finishes it,
     * and so does the daily job (`erasing`). Nothing of it stays.
     */
    async erase(id: string, token: string): Promise<{ status: 'erased' }> {
      recognitionSettings(tenant);
      const record = await change(id, (current, now) => {
        assertLinkToken(token, current.tokenHash, 'recognition');
        if (current.erasing) return current;
        return { ...current, ...moved(current, 'withdrawn', now, 'resident'), erasing: true as const };
      });
      if (record.via) await closeRecognisedConversations(deps, [record.email], 'resident');
      await store.remove(tenant.id, id, record.version);
      return { status: 'erased' };
    },
  };
}

export type RecognitionService = ReturnType<typeof recognitionService>;
