import { missionsOnFakes, publishedMission, signUpMany } from '../../../../test/support/missions.js';
import { courbevoieTenant } from '../../../../test/support/tenants.js';
import { missionManagementService } from './mission-management.js';

/** The organiser's management by the link of its first mail, on the in-memory store. */

async function withVolunteers() {
  const context = missionsOnFakes();
  const { missionId, shiftIds, token } = await publishedMission(context, {
    shifts: [
      { start: '2025-03-05T07:00:00.000Z', end: '2025-03-05T11:00:00.000Z', places: 2 },
      { start: '2025-03-06T07:00:00.000Z', end: '2025-03-06T11:00:00.000Z', places: 2 },
    ],
  });
  const manage = missionManagementService(context.deps);
  const first = await signUpMany(context, { missionId, shiftId: shiftIds[0]! }, 3, 'a');
  const second = await signUpMany(context, { missionId, shiftId: shiftIds[1]! }, 1, 'b');
  for (const link of [...first, ...second]) await context.signUps.confirm(link.id, link.token);
  return { context, manage, missionId, shiftIds, token, first, second };
}

const cancelledMails = (context: ReturnType<typeof missionsOnFakes>) =>
  context.mailer.sent.filter((mail) => mail.subject.startsWith('Créneau annulé')).map((mail) => mail.to);

test('cancelling a shift mails every volunteer of it (places and waiting list) once; it takes no sign-up any more', async () => {
  const { context, manage, missionId, shiftIds, token, first } = await withVolunteers();

  expect(await manage.cancelShift(missionId, shiftIds[0]!, token)).toEqual({ status: 'cancelled', told: 3 });
  expect(cancelledMails(context).sort()).toEqual(['a0@example.org', 'a1@example.org', 'a2@example.org']);
  expect((await context.missions.getPublic(missionId)).shifts[0]).toMatchObject({ status: 'cancelled', waitingListOpen: false });
  await expect(
    context.signUps.signUp(missionId, shiftIds[0]!, { name: 'Tard', email: 'tard@example.org' }, { sourceIp: '192.0.2.9' }),
  ).rejects.toMatchObject({ status: 409, code: 'shift_closed' });
  // A withdrawal after it promotes nobody onto a cancelled shift.
  await context.signUps.withdraw(first[0]!.id, first[0]!.token);
  expect(context.mailer.sent.filter((mail) => mail.subject.startsWith('Une place s’est libérée'))).toEqual([]);
  expect(context.stats.totals(context.tenant.id)['missions.shifts_cancelled']).toBe(1);
});

test('a cancel that failed after the ledger’s write is repaired by cancelling again: the rest is done, nobody mailed twice', async () => {
  const { context, manage, missionId, shiftIds, token } = await withVolunteers();
  const replace = context.store.replaceMission.bind(context.store);
  context.store.replaceMission = async () => {
    throw new Error('injected fault: the connection dropped');
  };
  await expect(manage.cancelShift(missionId, shiftIds[0]!, token)).rejects.toThrow('injected fault');
  // Already no place can be taken: the ledger says cancelled.
  const [late] = await signUpMany(context, { missionId, shiftId: shiftIds[0]! }, 1, 'late');
  await expect(context.signUps.confirm(late!.id, late!.token)).rejects.toMatchObject({ code: 'shift_closed' });
  context.store.replaceMission = replace;

  await manage.cancelShift(missionId, shiftIds[0]!, token);
  await manage.cancelShift(missionId, shiftIds[0]!, token);
  expect((await context.missions.getPublic(missionId)).shifts[0]!.status).toBe('cancelled');
  // The mails carry one key per sign-up: the mail sender sends a key once.
  const keys = context.mailer.sent.filter((mail) => mail.subject.startsWith('Créneau annulé')).map((mail) => mail.idempotencyKey);
  expect(new Set(keys).size).toBe(3);
});

test('closing cancels every shift to come (its volunteers mailed) and takes the mission off the lists', async () => {
  const { context, manage, missionId, token } = await withVolunteers();
  expect(await manage.close(missionId, token)).toEqual({ status: 'closed', told: 4 });
  expect(cancelledMails(context).sort()).toEqual(['a0@example.org', 'a1@example.org', 'a2@example.org', 'b0@example.org']);
  await expect(context.missions.getPublic(missionId)).rejects.toMatchObject({ status: 404 });
  expect((await context.missions.list({})).items).toEqual([]);
  await expect(manage.edit(missionId, token, { title: 'Encore' })).rejects.toMatchObject({ status: 409, code: 'mission_closed' });
});

test('the organiser edits the text and adds a shift; the new shift takes sign-ups; a wrong link changes nothing (403)', async () => {
  const { context, manage, missionId, token } = await withVolunteers();
  await expect(manage.edit(missionId, 'x'.repeat(43), { title: 'Piratée' })).rejects.toMatchObject({ status: 403 });
  await expect(
    manage.addShift(missionId, 'x'.repeat(43), { start: '2025-03-09T07:00:00Z', end: '2025-03-09T09:00:00Z', places: 1 }),
  ).rejects.toMatchObject({
    status: 403,
  });

  expect(await manage.edit(missionId, token, { title: 'Cueillette des poires', requirements: { minimumAge: 16 } })).toEqual({
    id: missionId,
    status: 'published',
  });
  const added = await manage.addShift(missionId, token, {
    start: '2025-03-09T07:00:00+01:00',
    end: '2025-03-09T09:00:00+01:00',
    places: 1,
  });
  const shown = await context.missions.getPublic(missionId);
  expect(shown).toMatchObject({ title: 'Cueillette des poires', requirements: { minimumAge: 16 } });
  expect(shown.shifts.at(-1)).toMatchObject({ id: added.id, start: '2025-03-09T06:00:00.000Z', places: 1, placesLeft: 1 });
  const [volunteer] = await signUpMany(context, { missionId, shiftId: added.id }, 1, 'new');
  expect(await context.signUps.confirm(volunteer!.id, volunteer!.token)).toMatchObject({ status: 'confirmed' });
  await expect(
    manage.addShift(missionId, token, { start: '2025-03-01T07:00:00Z', end: '2025-03-01T09:00:00Z', places: 1 }),
  ).rejects.toMatchObject({
    status: 400,
    details: [{ path: 'end' }],
  });
});

test('the organiser sees each shift’s confirmed volunteers; an address only where the volunteer allowed it', async () => {
  const { context, manage, missionId, shiftIds, token } = await withVolunteers();
  const { id } = await context.signUps.signUp(
    missionId,
    shiftIds[1]!,
    { name: 'Inès', email: 'ines@example.org', phone: '06 12 34 56 78', shareContact: true },
    { sourceIp: '192.0.2.9' },
  );
  await context.signUps.confirm(id, /token=([A-Za-z0-9_-]+)/.exec(context.mailer.sent.at(-1)!.text)![1]!);
  const own = await manage.own(missionId, token);
  expect(own.shifts[1]!.volunteers).toEqual([{ name: 'Bénévole 0' }, { name: 'Inès', phone: '06 12 34 56 78', email: 'ines@example.org' }]);
  expect(JSON.stringify(own)).not.toContain('a0@example.org');
  expect(JSON.stringify(own)).not.toContain('ferme@example.org');
});

test('where the tenant moderates first, an edited published mission goes back to review', async () => {
  const context = missionsOnFakes(
    courbevoieTenant({
      features: { contactRelay: true, moderation: 'before' },
      sections: [{ id: 'vendanges', type: 'missions', title: { fr: 'Vendanges', en: 'Grape harvest' } }],
    }),
  );
  const { missionId, token } = await publishedMission(context);
  // publishedMission leaves it awaiting review here; staff approve it directly in the store.
  const key = `${context.tenant.id}/${missionId}`;
  context.store.missions.set(key, { ...context.store.missions.get(key)!, status: 'published' });
  expect(await missionManagementService(context.deps).edit(missionId, token, { description: 'Autre texte' })).toMatchObject({
    status: 'pending_moderation',
  });
});
