import { addressKey } from '../mail/index.js';
import type { EntryServiceDeps } from '../posts/index.js';
import {
  ConcurrentUpdateError,
  DomainError,
  assertLinkToken,
  changeVersioned,
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
import { recognitionDecisionMail, recognitionVerificationMail } from './recognition-mails.js';
import { toStaffRecognitionView, type RecognitionRecord, type StaffRecognitionView } from './recognition-record.js';

export interface RecognitionServiceDeps extends EntryServiceDeps {
  recognitionStore: RecognitionStore;
}

/** A recognition's id: its address's key, so the relay finds it from a sender's address alone. */
export const recognitionIdOf = (email: string): string => addressKey(email);

const normalised = (email: string): string => email.trim().toLowerCase();

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
      const { token, tokenHash } = newLinkSecret(random);
      const record: RecognitionRecord = {
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
        if (atHealthWorkersDomain(tenant, current.email)) return { ...verified, status: 'recognised', via: 'email_domain' };
        if (recognitionSettings(tenant).staffApproval && current.request) return { ...verified, status: 'awaiting_approval' };
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
     * Staff approve or refuse a confirmed request; they may change their mind (approve one refused,
     * refuse one recognised). The resident is mailed each decision; the same decision again is a no-op.
     */
    async decide(
      staffEmail: string,
      id: string,
      decision: { approve: true } | { approve: false; reason?: string },
    ): Promise<StaffRecognitionView> {
      recognitionSettings(tenant);
      const target: RecognitionStatus = decision.approve ? 'recognised' : 'refused';
      let changed = false;
      const record = await change(id, (current, now) => {
        if (current.status === 'pending_verification') {
          throw new DomainError(409, 'not_verified', 'The resident has not confirmed this address yet');
        }
        changed = current.status !== target;
        if (!changed) return current;
        const { refusalReason: _reason, ...rest } = current;
        return {
          ...rest,
          status: target,
          ...(decision.approve ? { via: 'staff' as const } : decision.reason ? { refusalReason: decision.reason } : {}),
          decidedAt: now.toISOString(),
          decidedBy: staffEmail,
        };
      });
      if (changed) await mailer.send(recognitionDecisionMail(tenant, record, links));
      return toStaffRecognitionView(record);
    },
  };
}

export type RecognitionService = ReturnType<typeof recognitionService>;
