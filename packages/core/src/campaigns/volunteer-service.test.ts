import { type DomainError, type RateLimiter, campaignService, volunteerService } from '@entraide/core';
import { CapturingMailer, FixedClock, MemoryCampaignStore, SequenceRandom } from '../../../../test/support/core-fakes.js';
import { campaignTenant } from '../../../../test/support/tenants.js';

const unlimited: RateLimiter = { consume: async () => ({ allowed: true, retryAfterSeconds: 0 }) };
const origin = { sourceIp: '192.0.2.10' };

function setUp() {
  const store = new MemoryCampaignStore();
  const mailer = new CapturingMailer();
  const clock = new FixedClock();
  const deps = {
    tenant: campaignTenant(),
    store,
    mailer,
    clock,
    random: new SequenceRandom(),
    rateLimiter: unlimited,
    siteUrl: 'https://entraide.example/',
  };
  return { store, mailer, clock, volunteers: volunteerService(deps), kits: campaignService(deps) };
}

const linkIn = (text: string) => {
  const url = new URL(/https:\/\/\S+\/benevole\.html\?\S+/.exec(text)![0]);
  return { volunteerId: url.searchParams.get('benevole')!, token: url.searchParams.get('token')! };
};

const failure = async (promise: Promise<unknown>): Promise<DomainError> =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as DomainError,
  );

describe('volunteers of a campaign', () => {
  it('sign up, get a link by mail (their name escaped), and count once their address is confirmed', async () => {
    const { volunteers, mailer, kits } = setUp();
    const signedUp = await volunteers.signUp(
      'masques',
      { name: 'Zoé <b>Martin</b>', email: 'zoe@example.org', pickupPoint: 'mediatheque' },
      origin,
    );
    expect(signedUp.status).toBe('pending_verification');
    const mail = mailer.sent[0]!;
    expect(mail.to).toBe('zoe@example.org');
    expect(mail.html).toContain('Zoé &lt;b&gt;Martin&lt;/b&gt;');
    expect(mail.text).toContain('Médiathèque, 1 place Gambetta (mer. et sam. 10 h–18 h)');
    const { volunteerId, token } = linkIn(mail.text);
    expect(volunteerId).toBe(signedUp.id);
    expect((await kits.figures('masques')).volunteers).toBe(0);
    expect(await volunteers.verify('masques', volunteerId, token)).toMatchObject({
      status: 'active',
      pickupPoint: 'mediatheque',
      kits: { kitsOut: 0 },
    });
    expect(await volunteers.verify('masques', volunteerId, token)).toMatchObject({ status: 'active' });
    expect((await kits.figures('masques')).volunteers).toBe(1);
    expect(await failure(volunteers.own('masques', volunteerId, 'not-the-token-at-all'))).toMatchObject({ status: 403 });
    expect(await failure(volunteers.own('blouses', volunteerId, token))).toMatchObject({ status: 404 });
  });

  it('refuse an unknown pick-up point (the field named) without storing or mailing anything', async () => {
    const { volunteers, mailer, store } = setUp();
    expect(
      await failure(volunteers.signUp('masques', { name: 'Zoé', email: 'zoe@example.org', pickupPoint: 'gare' }, origin)),
    ).toMatchObject({
      status: 400,
      details: [{ path: 'pickupPoint', message: 'one of: hotel-de-ville, mediatheque' }],
    });
    expect(mailer.sent).toEqual([]);
    expect(store.volunteers.size).toBe(0);
  });

  it('are reminded in one click after the campaign’s delay with kits out and nothing returned, each by a mail of their own, once', async () => {
    const { volunteers, mailer, kits, clock } = setUp();
    const ids: string[] = [];
    for (const name of ['Anne', 'Bilal']) {
      await volunteers.signUp('masques', { name, email: `${name.toLowerCase()}@example.org`, pickupPoint: 'hotel-de-ville' }, origin);
      const { volunteerId, token } = linkIn(mailer.sent.at(-1)!.text);
      await volunteers.verify('masques', volunteerId, token);
      ids.push(volunteerId);
    }
    await kits.receiveStock('masques', { kits: 5 });
    await kits.handOut('masques', ids[0]!, { kits: 2, pickupPoint: 'hotel-de-ville' });
    await kits.handOut('masques', ids[1]!, { kits: 1, pickupPoint: 'hotel-de-ville' });
    await kits.recordReturn('masques', ids[1]!, { items: 30, unusedKits: 0, pickupPoint: 'hotel-de-ville' });
    clock.advanceDays(9);
    expect(await volunteers.sendReminders('masques')).toEqual({ sent: 0 });
    clock.advanceDays(2);
    expect((await kits.roster('masques')).map((entry) => [entry.name, entry.reminderDue])).toEqual([
      ['Anne', true],
      ['Bilal', false],
    ]);
    const before = mailer.sent.length;
    expect(await volunteers.sendReminders('masques')).toEqual({ sent: 1 });
    const reminder = mailer.sent.at(-1)!;
    expect(mailer.sent.length).toBe(before + 1);
    expect(reminder.to).toBe('anne@example.org');
    expect(reminder.text).toContain('Vous avez 2 kit(s) de « Couture de masques »');
    expect(reminder.text).not.toContain('bilal@example.org');
    expect(await volunteers.sendReminders('masques')).toEqual({ sent: 0 });
  });
});
