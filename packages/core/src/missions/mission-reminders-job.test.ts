import { missionsOnFakes, publishedMission, signUpMany } from '../../../../test/support/missions.js';
import { missionRemindersJob } from './mission-reminders-job.js';

/**
 * The day-before reminder on the in-memory store. The clock stands at Sunday 2025-03-02, 10:00 in
 * Paris (UTC+1): "tomorrow" is Monday 3 March from 2025-03-02T23:00Z to 2025-03-03T23:00Z.
 */

const shift = (start: string, places = 2) => ({ start, end: new Date(Date.parse(start) + 2 * 3600_000).toISOString(), places });

test('the day before, in the tenant’s time zone, each volunteer holding a place gets one reminder; those waiting none', async () => {
  const context = missionsOnFakes();
  const { missionId, shiftIds } = await publishedMission(context, {
    shifts: [
      // 00:30 on Monday in Paris, still Sunday in UTC: tomorrow.
      shift('2025-03-02T23:30:00Z'),
      // 23:30 on Monday in Paris: tomorrow too.
      shift('2025-03-03T22:30:00Z'),
      // 00:30 on Tuesday in Paris, still Monday in UTC: not yet.
      shift('2025-03-03T23:30:00Z'),
    ],
  });
  const early = await signUpMany(context, { missionId, shiftId: shiftIds[0]! }, 3, 'early');
  const late = await signUpMany(context, { missionId, shiftId: shiftIds[1]! }, 1, 'late');
  const tuesday = await signUpMany(context, { missionId, shiftId: shiftIds[2]! }, 1, 'tuesday');
  for (const link of [...early, ...late, ...tuesday]) await context.signUps.confirm(link.id, link.token);
  const reminders = () => context.mailer.sent.filter((mail) => mail.subject.startsWith('Rappel'));

  expect(await missionRemindersJob(context.deps).run()).toEqual({ shifts: 2, reminded: 3, repaired: 0 });
  // early2 waits (2 places): no reminder for them; nobody on Tuesday's shift yet.
  expect(
    reminders()
      .map((mail) => mail.to)
      .sort(),
  ).toEqual(['early0@example.org', 'early1@example.org', 'late0@example.org']);
  expect(reminders()[0]!.text).toContain('lundi 3 mars, de 00:30 à 02:30');
  expect(reminders()[0]!.text).toContain('1 rue du Verger, Courbevoie');

  // Run again (a retry, or the same day twice): nobody is reminded twice.
  expect(await missionRemindersJob(context.deps).run()).toMatchObject({ reminded: 0 });
  expect(reminders()).toHaveLength(3);

  // The next day, Tuesday's volunteer, and only them.
  context.clock.advanceDays(1);
  await missionRemindersJob(context.deps).run();
  expect(
    reminders()
      .map((mail) => mail.to)
      .slice(3),
  ).toEqual(['tuesday0@example.org']);
  expect(context.stats.totals(context.tenant.id)['volunteers.reminded']).toBe(4);
});

test('a shift whose sign-up was left behind its ledger is repaired first: the reminder reaches who holds the place', async () => {
  const context = missionsOnFakes();
  const { missionId, shiftIds } = await publishedMission(context, { shifts: [shift('2025-03-03T08:00:00Z', 1)] });
  const [first, second] = await signUpMany(context, { missionId, shiftId: shiftIds[0]! }, 2);
  await context.signUps.confirm(first!.id, first!.token);
  await context.signUps.confirm(second!.id, second!.token);
  // The first withdraws; the write of their own item fails halfway: the place is freed, nobody promoted yet.
  context.store.failNext = 'signUpWrite';
  await context.signUps.withdraw(first!.id, first!.token).catch(() => undefined);
  context.store.failNext = undefined;

  const run = await missionRemindersJob(context.deps).run();

  expect(run.reminded).toBe(1);
  const reminders = context.mailer.sent.filter((mail) => mail.subject.startsWith('Rappel'));
  expect(reminders.map((mail) => mail.to)).toEqual([second!.email]);
  expect(await context.signUps.getOwn(second!.id, second!.token)).toMatchObject({ status: 'confirmed' });
});

test('a cancelled shift, or a mission not published, reminds no one', async () => {
  const context = missionsOnFakes();
  const { missionId, shiftIds } = await publishedMission(context, { shifts: [shift('2025-03-03T08:00:00Z')] });
  const [link] = await signUpMany(context, { missionId, shiftId: shiftIds[0]! }, 1);
  await context.signUps.confirm(link!.id, link!.token);
  const stored = context.store.missions.get(`${context.tenant.id}/${missionId}`)!;
  context.store.missions.set(`${context.tenant.id}/${missionId}`, { ...stored, status: 'closed' });

  expect(await missionRemindersJob(context.deps).run()).toMatchObject({ reminded: 0 });
});
