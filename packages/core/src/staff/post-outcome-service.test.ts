import { toPublicPost, toAuthorPost } from '../posts/index.js';
import { followUpService } from '../relay/index.js';
import { moderationService } from './moderation-service.js';
import { postCsvHeader, postCsvRow } from './post-csv.js';
import type { StaffSession } from './ports.js';
import { staffPostOutcomeService } from './post-outcome-service.js';
import {
  CapturingMailer,
  FixedClock,
  MemoryPostStore,
  MemoryRelayStore,
  MemoryStaffPostQueries,
  MemoryStatsStore,
  SequenceRandom,
} from '../../../../test/support/core-fakes.js';
import { refusal } from '../../../../test/support/refusal.js';
import { courbevoieTenant, phonedPostBody, publishedPostRecord } from '../../../../test/support/tenants.js';

const tenant = courbevoieTenant({ adminEmails: ['dpo@courbevoie.example'] });
const staff: StaffSession = { tenantId: tenant.id, email: 'staff@courbevoie.example', role: 'staff', expiresAt: new Date('2030-01-01') };
const admin: StaffSession = { ...staff, email: 'dpo@courbevoie.example', role: 'admin' };

function setup() {
  const store = new MemoryPostStore();
  const relayStore = new MemoryRelayStore();
  const stats = new MemoryStatsStore();
  const mailer = new CapturingMailer();
  const clock = new FixedClock();
  const deps = {
    tenant,
    store,
    relayStore,
    stats,
    mailer,
    clock,
    random: new SequenceRandom(),
    rateLimiter: { consume: async () => ({ allowed: true, retryAfterSeconds: 0 }) },
    siteUrl: 'https://entraide.example',
    publication: { postPublished: async () => undefined },
    staffPosts: new MemoryStaffPostQueries(store),
  };
  return { ...deps, decisions: moderationService(deps), outcomes: staffPostOutcomeService(deps), followUps: followUpService(deps) };
}

const phoned = phonedPostBody({
  caller: { phone: '01 47 68 00 00', note: 'Rappeler après 14 h, son fils passe le week-end.' },
});

describe('a post taken by phone', () => {
  it('keeps the caller’s phone and staff’s note for staff only: not public, not in a staff member’s CSV, in an admin’s', async () => {
    const { decisions, outcomes, store } = setup();
    const created = await decisions.createOnBehalf(staff, phoned);
    expect(created.caller).toEqual({ phone: '01 47 68 00 00', note: 'Rappeler après 14 h, son fils passe le week-end.' });
    expect((await outcomes.record(staff, created.id)).caller).toEqual(created.caller);

    const stored = (await store.get(tenant.id, created.id))!;
    const publicView = JSON.stringify(toPublicPost(stored));
    expect(publicView).not.toContain('01 47 68');
    expect(publicView).not.toContain('Rappeler');
    expect(JSON.stringify(toAuthorPost(stored, new Date()))).not.toContain('01 47 68');
    const now = new Date();
    expect(postCsvRow(stored, now, false, tenant)).not.toContain('01 47 68');
    expect(postCsvRow(stored, now, false, tenant)).not.toContain('Rappeler');
    const adminRow = postCsvRow(stored, now, true, tenant);
    expect(adminRow).toContain('01 47 68 00 00');
    expect(adminRow).toContain('Rappeler après 14 h');
    expect(postCsvHeader(true)).toContain('téléphone de l’appelant');
    expect(adminRow.split(';').length).toBe(postCsvHeader(true).split(';').length);
  });

  it('keeps no caller when staff gave neither phone nor note', async () => {
    const { decisions } = setup();
    expect((await decisions.createOnBehalf(staff, phonedPostBody())).caller).toBeNull();
    expect((await decisions.createOnBehalf(staff, phonedPostBody({ caller: {} }))).caller).toBeNull();
  });
});

describe('staff close a post with its outcome', () => {
  it('closes a published post with “no answer”: off the site, counted as closed and by staff, never as refused', async () => {
    const { decisions, outcomes, store, stats } = setup();
    const created = await decisions.createOnBehalf(staff, phoned);
    const closed = await outcomes.close(staff, created.id, 'no_answer');
    expect(closed).toMatchObject({
      status: 'closed',
      closedReason: 'no_answer',
      closedBy: 'staff@courbevoie.example',
      closedAt: expect.any(String),
    });
    expect((await store.get(tenant.id, created.id))!.status).toBe('closed');
    const totals = stats.totals(tenant.id);
    expect(totals).toMatchObject({ 'posts.status.closed': 1, 'posts.closed.no_answer': 1, 'posts.closed_by_staff': 1 });
    expect(totals['posts.status.rejected']).toBeUndefined();
    const row = postCsvRow((await store.get(tenant.id, created.id))!, new Date(), false, tenant);
    expect(row).toContain('sans réponse');
  });

  it('closes a resident’s hidden or expired post too, but not one closed already, and not a deleted one', async () => {
    const { outcomes, store, clock } = setup();
    const hidden = publishedPostRecord(tenant, { id: 'hidden0001', status: 'hidden', hiddenBecause: 'reports' });
    const expired = publishedPostRecord(tenant, { id: 'expired001', expiresAt: new Date(clock.now().getTime() - 1000).toISOString() });
    const deleted = publishedPostRecord(tenant, { id: 'deleted001', status: 'deleted', content: null });
    for (const post of [hidden, expired, deleted]) await store.insert(post);
    expect((await outcomes.close(staff, hidden.id, 'duplicate')).closedReason).toBe('duplicate');
    expect((await outcomes.close(staff, expired.id, 'fulfilled')).status).toBe('closed');
    const again = await refusal(() => outcomes.close(staff, hidden.id, 'fulfilled'));
    expect([again.status, again.code]).toEqual([409, 'invalid_status']);
    expect((await store.get(tenant.id, hidden.id))!.closedReason).toBe('duplicate');
    expect((await refusal(() => outcomes.close(staff, deleted.id, 'fulfilled'))).status).toBe(404);
  });

  it('shows on the record how the post ended and who closed it', async () => {
    const { outcomes, store } = setup();
    const post = publishedPostRecord(tenant, { id: 'resident01' });
    await store.insert(post);
    await outcomes.close(staff, post.id, 'no_longer_needed');
    const view = await outcomes.record(admin, post.id);
    expect(view).toMatchObject({ closedReason: 'no_longer_needed', closedBy: 'staff@courbevoie.example' });
  });
});

describe('“did the help happen?” answered by staff for the resident', () => {
  it('records the answer once for a phoned-in post, counts it, and the question is then never mailed', async () => {
    const { decisions, outcomes, followUps, relayStore, stats, mailer, clock } = setup();
    const created = await decisions.createOnBehalf(staff, phoned);
    // A neighbour wrote through the relay: the follow-up is due later.
    await relayStore.scheduleFollowUp({ tenantId: tenant.id, postId: created.id, dueAt: clock.now().toISOString() });
    const answered = await outcomes.answerFollowUp(staff, created.id, 'yes');
    expect(answered.followUp).toEqual({ answer: 'yes', answeredAt: expect.any(String), byStaff: true });
    // A second answer changes nothing.
    expect((await outcomes.answerFollowUp(admin, created.id, 'no')).followUp?.answer).toBe('yes');
    expect(stats.totals(tenant.id)['followup.yes']).toBe(1);
    expect(stats.totals(tenant.id)['followup.no']).toBeUndefined();
    const sent = mailer.sent.length;
    expect(await followUps.sendDueFollowUps()).toMatchObject({ sent: 0 });
    expect(mailer.sent.length).toBe(sent);
  });

  it('answers for a phoned-in post nobody wrote about through the relay (staff arranged the help by phone)', async () => {
    const { decisions, outcomes } = setup();
    const created = await decisions.createOnBehalf(staff, phoned);
    expect((await outcomes.answerFollowUp(staff, created.id, 'in_touch')).followUp?.answer).toBe('in_touch');
  });

  it('refuses to answer for a resident who has the mail (409), and for a post that is not there (404)', async () => {
    const { outcomes, store, relayStore } = setup();
    const post = publishedPostRecord(tenant, { id: 'resident02' });
    await store.insert(post);
    const refused = await refusal(() => outcomes.answerFollowUp(staff, post.id, 'yes'));
    expect([refused.status, refused.code]).toEqual([409, 'author_answers']);
    expect(await relayStore.getFollowUp(tenant.id, post.id)).toBeUndefined();
    expect((await refusal(() => outcomes.answerFollowUp(staff, 'nothing001', 'yes'))).status).toBe(404);
  });
});
