import { missionsOnFakes, missionInput, publishedMission, signUpMany, tokenOf } from '../../../../test/support/missions.js';
import { courbevoieTenant } from '../../../../test/support/tenants.js';
import { missionModerationService } from './mission-moderation-service.js';

/** Staff's decisions on missions, with the posts' rules, on the in-memory store. */

const moderatedFirst = () =>
  courbevoieTenant({
    features: { contactRelay: true, moderation: 'before' },
    sections: [{ id: 'vendanges', type: 'missions', title: { fr: 'Vendanges', en: 'Grape harvest' } }],
    rateLimits: { postsPerHourPerIp: 10_000, postsPerDayPerEmail: 10_000 },
  });

async function awaitingReview() {
  const context = missionsOnFakes(moderatedFirst());
  const created = await context.missions.create(missionInput({ title: 'Cueillette <b>urgente</b>' }), { sourceIp: '192.0.2.1' });
  expect(await context.missions.verify(created.id, tokenOf(context.mailer.sent.at(-1)!))).toMatchObject({ status: 'pending_moderation' });
  return { context, missionId: created.id, staff: missionModerationService(context.deps) };
}

test('where the tenant moderates first, a confirmed mission waits for staff: listed for them, not public, no sign-up; approved, it is', async () => {
  const { context, missionId, staff } = await awaitingReview();
  expect((await staff.list({})).items.map((mission) => [mission.id, mission.status])).toEqual([[missionId, 'pending_moderation']]);
  await expect(context.missions.getPublic(missionId)).rejects.toMatchObject({ status: 404 });
  expect((await context.missions.list({})).items).toEqual([]);
  // The management token never reaches staff's view.
  expect(JSON.stringify(await staff.list({}))).not.toContain('tokenHash');

  expect(await staff.approve(missionId)).toMatchObject({ status: 'published', publishedAt: '2025-03-02T09:00:00.000Z' });
  expect((await staff.list({})).items).toEqual([]);
  expect((await staff.list({ status: 'published' })).items.map((mission) => mission.id)).toEqual([missionId]);
  const shown = await context.missions.getPublic(missionId);
  const [link] = await signUpMany(context, { missionId, shiftId: shown.shifts[0]!.id }, 1);
  expect(await context.signUps.confirm(link!.id, link!.token)).toMatchObject({ status: 'confirmed' });
  expect(context.stats.totals(context.tenant.id)).toMatchObject({ 'missions.status.published': 1 });
});

test('a rejection mails the organiser the reason, escaped; the mission never shows; a second decision is a 409', async () => {
  const { context, missionId, staff } = await awaitingReview();
  await staff.reject(missionId, 'Pas de <script> ici');
  const mail = context.mailer.sent.at(-1)!;
  expect(mail.to).toBe('ferme@example.org');
  expect(mail.text).toContain('Motif : Pas de <script> ici');
  expect(mail.html).toContain('Pas de &lt;script&gt; ici');
  expect(mail.html).not.toContain('<b>urgente</b>');
  await expect(context.missions.getPublic(missionId)).rejects.toMatchObject({ status: 404 });
  await expect(staff.approve(missionId)).rejects.toMatchObject({ status: 409, code: 'invalid_status' });
  await expect(staff.hide(missionId, undefined)).rejects.toMatchObject({ status: 409, code: 'invalid_status' });
});

test('staff hide a published mission: it leaves the list and takes no sign-up until approved again', async () => {
  const context = missionsOnFakes();
  const staff = missionModerationService(context.deps);
  const { missionId, shiftIds } = await publishedMission(context);
  await staff.hide(missionId, 'Signalée');
  expect((await context.missions.list({})).items).toEqual([]);
  await expect(
    context.signUps.signUp(missionId, shiftIds[0]!, { name: 'Léa', email: 'lea@example.org' }, { sourceIp: '192.0.2.9' }),
  ).rejects.toMatchObject({ status: 404 });
  await staff.approve(missionId);
  expect((await context.missions.list({})).items.map((mission) => mission.id)).toEqual([missionId]);
  // An unconfirmed mission is nobody's decision yet.
  const unconfirmed = await context.missions.create(missionInput(), { sourceIp: '192.0.2.1' });
  await expect(staff.approve(unconfirmed.id)).rejects.toMatchObject({ status: 404 });
});
