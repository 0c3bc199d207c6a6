import { missionsOnFakes, publishedMission, signUpMany, tokenOf } from '../../../../test/support/missions.js';

/**
 * Sign-ups on the in-memory store (the real store's conditions): the place is taken when the
 * address is confirmed; the same address holds one place; a withdrawal promotes the first waiting;
 * a failure between the ledger's write and the sign-up's is repaired. The 50 concurrent
 * confirmations run against the embedded DynamoDB (dynamodb-store's mission-store suite).
 */

async function shiftOf(places: number) {
  const context = missionsOnFakes();
  const { missionId, shiftIds } = await publishedMission(context, {
    shifts: [{ start: '2025-03-05T07:00:00.000Z', end: '2025-03-05T11:00:00.000Z', places }],
  });
  return { context, shift: { missionId, shiftId: shiftIds[0]! } };
}

test('signing up takes no place; confirming takes them in order, then the next ones wait with their position', async () => {
  const { context, shift } = await shiftOf(2);
  const links = await signUpMany(context, shift, 4);
  expect((await context.missions.getPublic(shift.missionId)).shifts[0]).toMatchObject({ placesLeft: 2, waiting: 0, status: 'open' });

  const answers = [];
  for (const link of links) answers.push(await context.signUps.confirm(link.id, link.token));

  expect(answers.map((answer) => [answer.status, 'position' in answer ? answer.position : undefined])).toEqual([
    ['confirmed', undefined],
    ['confirmed', undefined],
    ['waiting', 1],
    ['waiting', 2],
  ]);
  expect((await context.missions.getPublic(shift.missionId)).shifts[0]).toMatchObject({
    places: 2,
    placesLeft: 0,
    waiting: 2,
    status: 'full',
    waitingListOpen: true,
  });
  expect(context.mailer.sent.filter((mail) => mail.subject.startsWith('Liste d’attente')).map((mail) => mail.to)).toEqual([
    links[2]!.email,
    links[3]!.email,
  ]);
  expect(context.stats.totals(context.tenant.id)).toMatchObject({
    volunteers: 2,
    'volunteers.signed_up': 4,
    'volunteers.confirmed': 2,
    'volunteers.waiting': 2,
    'missions.full': 1,
  });
});

test('a confirmation whose first write was applied but its answer lost is retried after the shift filled: counted full once, by the one that filled it', async () => {
  const { context, shift } = await shiftOf(2);
  const links = await signUpMany(context, shift, 2);
  // As a client retries a request whose answer was lost: the first volunteer's write takes a place,
  // the second volunteer's confirmation fills the shift meanwhile, then the retry finds it full.
  const takePlace = context.store.takePlace.bind(context.store);
  let meanwhile: (() => Promise<unknown>) | undefined = () => context.signUps.confirm(links[1]!.id, links[1]!.token);
  context.store.takePlace = async (...args) => {
    const first = await takePlace(...args);
    const run = meanwhile;
    meanwhile = undefined;
    if (!run) return first;
    await run();
    return takePlace(...args);
  };
  expect((await context.signUps.confirm(links[0]!.id, links[0]!.token)).status).toBe('confirmed');
  expect((await context.missions.getPublic(shift.missionId)).shifts[0]).toMatchObject({ placesLeft: 0, status: 'full' });
  expect(context.stats.totals(context.tenant.id)).toMatchObject({ 'volunteers.confirmed': 2, 'missions.full': 1 });
});

test('the same address twice on a shift: the second confirmation is refused, and nothing is taken for it', async () => {
  const { context, shift } = await shiftOf(3);
  const [first] = await signUpMany(context, shift, 1);
  const { id } = await context.signUps.signUp(
    shift.missionId,
    shift.shiftId,
    { name: 'Encore', email: first!.email.toUpperCase() },
    { sourceIp: '192.0.2.9' },
  );
  const second = tokenOf(context.mailer.sent.at(-1)!);
  await context.signUps.confirm(first!.id, first!.token);
  await expect(context.signUps.confirm(id, second)).rejects.toMatchObject({ status: 409, code: 'already_signed_up' });
  expect((await context.missions.getPublic(shift.missionId)).shifts[0]!.placesLeft).toBe(2);
  // Confirming the same link again is no second place either.
  expect(await context.signUps.confirm(first!.id, first!.token)).toMatchObject({ status: 'confirmed' });
  expect((await context.missions.getPublic(shift.missionId)).shifts[0]!.placesLeft).toBe(2);
});

test('a wrong token confirms or withdraws nothing (403), and no mail goes out for it', async () => {
  const { context, shift } = await shiftOf(1);
  const [link] = await signUpMany(context, shift, 1);
  const mailsBefore = context.mailer.sent.length;
  await expect(context.signUps.confirm(link!.id, 'x'.repeat(43))).rejects.toMatchObject({ status: 403 });
  expect(context.mailer.sent).toHaveLength(mailsBefore);
  await context.signUps.confirm(link!.id, link!.token);
  await expect(context.signUps.withdraw(link!.id, 'x'.repeat(43))).rejects.toMatchObject({ status: 403 });
  expect(await context.signUps.getOwn(link!.id, link!.token)).toMatchObject({ status: 'confirmed' });
});

test('a sign-up on a cancelled or past shift is refused (409 shift_closed), nothing stored, no mail', async () => {
  const { context, shift } = await shiftOf(1);
  context.clock.advanceDays(4);
  const mailsBefore = context.mailer.sent.length;
  await expect(
    context.signUps.signUp(shift.missionId, shift.shiftId, { name: 'Tard', email: 'tard@example.org' }, { sourceIp: '192.0.2.9' }),
  ).rejects.toMatchObject({ status: 409, code: 'shift_closed' });
  expect(context.mailer.sent).toHaveLength(mailsBefore);
  expect(context.store.signUps.size).toBe(0);
});

describe('a fault between the ledger’s write and the sign-up’s', () => {
  it('opening the link again gives the same place, never a second one', async () => {
    const { context, shift } = await shiftOf(2);
    const [first, second, third] = await signUpMany(context, shift, 3);
    context.store.failNext = 'signUpWrite';
    await expect(context.signUps.confirm(first!.id, first!.token)).rejects.toThrow('injected fault');
    // The place is taken (the ledger), the sign-up item still says unconfirmed: the volunteer sees their place anyway.
    expect((await context.missions.getPublic(shift.missionId)).shifts[0]!.placesLeft).toBe(1);
    expect(await context.signUps.getOwn(first!.id, first!.token)).toMatchObject({ status: 'confirmed' });

    expect(await context.signUps.confirm(first!.id, first!.token)).toMatchObject({ status: 'confirmed' });
    await context.signUps.confirm(second!.id, second!.token);
    expect(await context.signUps.confirm(third!.id, third!.token)).toMatchObject({ status: 'waiting', position: 1 });
    const stored = await context.store.signUpsOfShift(context.tenant.id, shift.missionId, shift.shiftId);
    expect(stored.map((signUp) => signUp.status).sort()).toEqual(['confirmed', 'confirmed', 'waiting']);
  });

  it('or the repair path writes what the failure left behind, and mails the volunteer once', async () => {
    const { context, shift } = await shiftOf(1);
    const [first, second] = await signUpMany(context, shift, 2);
    context.store.failNext = 'signUpWrite';
    await expect(context.signUps.confirm(first!.id, first!.token)).rejects.toThrow('injected fault');
    context.store.failNext = 'signUpWrite';
    await expect(context.signUps.confirm(second!.id, second!.token)).rejects.toThrow('injected fault');
    const before = await context.store.signUpsOfShift(context.tenant.id, shift.missionId, shift.shiftId);
    expect(before.map((signUp) => signUp.status)).toEqual(['pending_verification', 'pending_verification']);

    expect(await context.signUps.repairShift(shift.missionId, shift.shiftId)).toEqual({ repaired: 2, promoted: 0 });
    const after = await context.store.signUpsOfShift(context.tenant.id, shift.missionId, shift.shiftId);
    expect(Object.fromEntries(after.map((signUp) => [signUp.id, signUp.status]))).toEqual({
      [first!.id]: 'confirmed',
      [second!.id]: 'waiting',
    });
    // Nothing left to repair: a second run writes nothing.
    expect(await context.signUps.repairShift(shift.missionId, shift.shiftId)).toEqual({ repaired: 0, promoted: 0 });
    expect(context.mailer.sent.filter((mail) => mail.to === first!.email && mail.subject.includes('place est confirmée'))).toHaveLength(1);
  });
});

test('a confirmed volunteer withdraws: the first waiting one gets the place and is mailed, the others move up', async () => {
  const { context, shift } = await shiftOf(2);
  const links = await signUpMany(context, shift, 5);
  for (const link of links) await context.signUps.confirm(link.id, link.token);
  const [confirmed, , firstWaiting, secondWaiting, thirdWaiting] = links;

  expect(await context.signUps.withdraw(confirmed!.id, confirmed!.token)).toEqual({ status: 'withdrawn' });

  expect(await context.signUps.getOwn(confirmed!.id, confirmed!.token)).toMatchObject({ status: 'withdrawn' });
  expect(await context.signUps.getOwn(firstWaiting!.id, firstWaiting!.token)).toMatchObject({ status: 'confirmed' });
  expect(await context.signUps.getOwn(secondWaiting!.id, secondWaiting!.token)).toMatchObject({ status: 'waiting', position: 1 });
  expect(await context.signUps.getOwn(thirdWaiting!.id, thirdWaiting!.token)).toMatchObject({ status: 'waiting', position: 2 });
  const promotedMail = context.mailer.sent.filter((mail) => mail.to === firstWaiting!.email).at(-1)!;
  expect(promotedMail.subject).toMatch(/^Une place s’est libérée/);

  // A waiting volunteer withdraws: those behind move up; no place changes hands.
  await context.signUps.withdraw(secondWaiting!.id, secondWaiting!.token);
  expect(await context.signUps.getOwn(thirdWaiting!.id, thirdWaiting!.token)).toMatchObject({ status: 'waiting', position: 1 });
  const stored = await context.store.signUpsOfShift(context.tenant.id, shift.missionId, shift.shiftId);
  expect(stored.filter((signUp) => signUp.status === 'confirmed')).toHaveLength(2);
  // Withdrawing twice is not an error, and changes nothing more.
  expect(await context.signUps.withdraw(confirmed!.id, confirmed!.token)).toEqual({ status: 'withdrawn' });
  expect((await context.missions.getPublic(shift.missionId)).shifts[0]).toMatchObject({ placesLeft: 0, waiting: 1 });
  expect(context.stats.totals(context.tenant.id)).toMatchObject({ 'volunteers.withdrawn': 2, 'volunteers.promoted': 1 });
});
