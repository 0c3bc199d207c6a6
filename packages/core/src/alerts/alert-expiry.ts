import type { EntryServiceDeps } from '../posts/index.js';
import { addMonths, ConcurrentUpdateError, forbidden, hashSecret, notFound, secretMatches, siteLinks } from '../shared/index.js';
import { countEvent } from '../stats/index.js';
import type { TenantConfig } from '../tenant/index.js';
import { alertRenewalMail } from './alert-mails.js';
import type { AlertRecord } from './alert-record.js';
import type { AlertStore } from './ports.js';

export type AlertExpiryDeps = Pick<EntryServiceDeps, 'tenant' | 'mailer' | 'clock' | 'siteUrl' | 'stats'> & { alertStore: AlertStore };

const dayMs = 86_400_000;

/** The alerts one run reads at most (those ending within the notice days, soonest first): the job's bound. */
export const alertExpiryReadLimit = 5000;

/** Day counters of alerts' ends. */
export const alertExpiryCounters = {
  renewalNotices: 'alerts.renewal_notices',
  renewed: 'alerts.renewed',
  expired: 'alerts.expired',
} as const;

/** The expiry of an alert confirmed, or renewed, at `now`: the tenant's months later. */
export const alertExpiryFrom = (tenant: Pick<TenantConfig, 'alertExpiry'>, now: Date): string =>
  addMonths(now, tenant.alertExpiry.months).toISOString();

/** When an alert ends: its `expiresAt`, or for an alert confirmed before alerts ended, the tenant's months after its confirmation. */
export const alertExpiresAt = (tenant: Pick<TenantConfig, 'alertExpiry'>, alert: AlertRecord): string =>
  alert.expiresAt ?? alertExpiryFrom(tenant, new Date(alert.verifiedAt ?? alert.createdAt));

export const alertEnded = (tenant: Pick<TenantConfig, 'alertExpiry'>, alert: AlertRecord, now: Date): boolean =>
  Date.parse(alertExpiresAt(tenant, alert)) <= now.getTime();

/**
 * Alerts end: the tenant's `alertExpiry.months` after confirmation or renewal. Some days before,
 * one "still want it?" mail per expiry offers a one-click renewal (the page's button: a mail
 * scanner opening the link renews nothing); an alert not renewed is erased by the daily job, its
 * address with it.
 *
 * A notice is a mail, then a write: should the write fail, the next run mails again under the same
 * idempotency key (the alert and its expiry), and the mail queue lets one out.
 */
export function alertExpiryService(deps: AlertExpiryDeps) {
  const { tenant, alertStore, mailer, clock } = deps;
  const links = siteLinks(deps.siteUrl, tenant.id);
  const count = (counts: Record<string, number>) => {
    const happened = Object.fromEntries(Object.entries(counts).filter(([, value]) => value > 0));
    return Object.keys(happened).length ? countEvent(deps.stats, tenant, clock.now(), happened) : Promise.resolve();
  };

  return {
    /** `POST /alerts/{id}/renew {token}`: the token of the alert's mails; the alert runs the tenant's months from now. */
    async renew(alertId: string, token: string): Promise<{ id: string; status: 'active'; expiresAt: string }> {
      const alert = await alertStore.get(tenant.id, alertId);
      // Ended and erased, or never there: the same answer, subscribe again.
      if (!alert || alert.status !== 'active' || alertEnded(tenant, alert, clock.now())) throw notFound('Alert');
      if (!secretMatches(token, hashSecret(alert.unsubscribeToken)))
        throw forbidden('invalid_token', 'This link is not valid for this alert');
      const renewed: AlertRecord = { ...alert, expiresAt: alertExpiryFrom(tenant, clock.now()), version: alert.version + 1 };
      await alertStore.update(renewed, alert.version);
      await count({ [alertExpiryCounters.renewed]: 1 });
      return { id: alert.id, status: 'active', expiresAt: renewed.expiresAt! };
    },

    /**
     * The repair for an alert confirmed before alerts ended (`npm run reindex`): it gets its
     * `expiresAt` (the tenant's months after its confirmation) and enters the list by expiry, so
     * the daily run reaches it. Anything else is left as it is; answers whether it changed.
     */
    async backfill(alert: AlertRecord): Promise<boolean> {
      if (alert.status !== 'active' || alert.expiresAt) return false;
      await alertStore.update({ ...alert, expiresAt: alertExpiresAt(tenant, alert), version: alert.version + 1 }, alert.version);
      return true;
    },

    /** The daily run: erases the alerts that ended, and mails the "still want it?" of those ending within the notice days. */
    async run(): Promise<{ renewalNotices: number; expired: number }> {
      const now = clock.now();
      const summary = { renewalNotices: 0, expired: 0 };
      const horizon = new Date(now.getTime() + tenant.alertExpiry.noticeDaysBefore * dayMs);
      for (const alert of await alertStore.expiringBy(tenant.id, horizon, alertExpiryReadLimit)) {
        const expiresAt = alertExpiresAt(tenant, alert);
        if (Date.parse(expiresAt) <= now.getTime()) {
          await alertStore.remove(alert);
          summary.expired += 1;
          continue;
        }
        if (alert.renewalNoticeFor === expiresAt) continue;
        await mailer.send({
          ...alertRenewalMail(tenant, alert, {
            endsAt: expiresAt,
            renewUrl: links.alertRenew(alert.id, alert.unsubscribeToken),
            unsubscribeUrl: links.alertUnsubscribe(alert.id, alert.unsubscribeToken),
          }),
          idempotencyKey: `alert-renewal:${alert.id}:${expiresAt}`,
          listUnsubscribe: links.alertOneClickUnsubscribe(alert.id, alert.unsubscribeToken),
        });
        summary.renewalNotices += 1;
        try {
          await alertStore.update({ ...alert, renewalNoticeFor: expiresAt, version: alert.version + 1 }, alert.version);
        } catch (error) {
          // Renewed or unsubscribed meanwhile: nothing to record; the next run reads it again.
          if (!(error instanceof ConcurrentUpdateError)) throw error;
        }
      }
      await count({ [alertExpiryCounters.renewalNotices]: summary.renewalNotices, [alertExpiryCounters.expired]: summary.expired });
      return summary;
    },
  };
}
