import {
  CapturingMailer,
  FixedClock,
  MemoryAlertStore,
  MemoryPostStore,
  MemoryStatsStore,
  SequenceRandom,
} from '../../../../test/support/core-fakes.js';
import { courbevoieTenant, publishedPostRecord } from '../../../../test/support/tenants.js';
import { addMonths } from '../shared/index.js';
import { alertExpiresAt, alertExpiryService } from './alert-expiry.js';
import type { AlertRecord } from './alert-record.js';
import { alertService } from './alert-service.js';

const email = 'alerte@example.org';

async function setup() {
  const tenant = courbevoieTenant();
  const deps = {
    tenant,
    alertStore: new MemoryAlertStore(),
    store: new MemoryPostStore(),
    mailer: new CapturingMailer(),
    clock: new FixedClock(),
    random: new SequenceRandom(),
    rateLimiter: { consume: async () => ({ allowed: true, retryAfterSeconds: 0 }) },
    siteUrl: 'https://entraide.example',
    stats: new MemoryStatsStore(),
  };
  const alerts = alertService(deps);
  const { id } = await alerts.subscribe({ email, near: tenant.area.center, radiusKm: 2 }, { sourceIp: '192.0.2.1' });
  const token = /[?&]token=([^&\s]+)/.exec(deps.mailer.sent[0]!.text)![1]!;
  await alerts.verify(id, decodeURIComponent(token));
  const alert = (await deps.alertStore.get(tenant.id, id))!;
  return { ...deps, alerts, ends: alertExpiryService(deps), alert };
}

const renewalMails = (mailer: CapturingMailer) => mailer.sent.filter((mail) => mail.idempotencyKey?.startsWith('alert-renewal:'));

describe('alerts end after the tenant’s months', () => {
  it('one “still want it?” mail per expiry, two weeks before; the renewal keeps it six months more; else the job erases it', async () => {
    const { ends, alertStore, mailer, clock, alert, tenant, stats } = await setup();
    expect(alert.expiresAt).toBe(addMonths(clock.now(), 6).toISOString());

    clock.advanceDays(160); // about 22 days before the end: nothing yet.
    expect(await ends.run()).toEqual({ renewalNotices: 0, expired: 0 });
    clock.advanceDays(10); // within the 14 days.
    expect(await ends.run()).toEqual({ renewalNotices: 1, expired: 0 });
    expect(await ends.run()).toEqual({ renewalNotices: 0, expired: 0 });
    const [notice] = renewalMails(mailer);
    expect(notice).toMatchObject({ to: email, listUnsubscribe: expect.stringContaining('/unsubscribe?token=') });
    expect(notice!.text).toContain('prend fin le');
    const renewUrl = new URL(/https:\/\/\S+action=renew/.exec(notice!.text)![0]);

    const renewed = await ends.renew(alert.id, renewUrl.searchParams.get('token')!);
    expect(renewed.expiresAt).toBe(addMonths(clock.now(), 6).toISOString());
    await expect(ends.renew(alert.id, 'not-the-token-0123456789')).rejects.toMatchObject({ status: 403 });

    // The renewed expiry gets its own notice; without a renewal, the alert is erased at its end.
    clock.advanceDays(175);
    expect((await ends.run()).renewalNotices).toBe(1);
    clock.advanceDays(10);
    expect(await ends.run()).toEqual({ renewalNotices: 0, expired: 1 });
    expect(await alertStore.get(tenant.id, alert.id)).toBeUndefined();
    await expect(ends.renew(alert.id, renewUrl.searchParams.get('token')!)).rejects.toMatchObject({ status: 404 });
    expect(stats.totals(tenant.id)).toMatchObject({ 'alerts.renewal_notices': 2, 'alerts.renewed': 1, 'alerts.expired': 1 });
  });

  it('an alert past its end mails no digest while it waits for the job', async () => {
    const { alerts, alertStore, store, clock, alert, tenant } = await setup();
    const matched = async (id: string) => {
      const base = publishedPostRecord(tenant, {
        id,
        createdAt: clock.now().toISOString(),
        expiresAt: addMonths(clock.now(), 1).toISOString(),
      });
      await store.insert({ ...base, content: { ...base.content!, publicLocation: tenant.area.center } });
      await alertStore.recordMatch(tenant.id, alert.id, { postId: id, matchedAt: clock.now().toISOString() });
      return (await alerts.sendDigests()).mails;
    };
    clock.advanceDays(10);
    expect(await matched('nearpost01')).toBe(1);
    clock.advanceDays(190);
    expect(await matched('nearpost02')).toBe(0);
  });

  it('an alert confirmed before alerts ended runs the tenant’s months from its confirmation', () => {
    const tenant = courbevoieTenant();
    const old = { verifiedAt: '2025-01-31T10:00:00.000Z', createdAt: '2025-01-30T10:00:00.000Z' } as AlertRecord;
    expect(alertExpiresAt(tenant, old)).toBe('2025-07-31T10:00:00.000Z');
    expect(addMonths(new Date('2025-08-31T10:00:00.000Z'), 6).toISOString()).toBe('2026-02-28T10:00:00.000Z');
  });
});
