import type { OutgoingMail, Mailer } from '../mail/index.js';
import { DomainError, type RateLimiter } from '../shared/index.js';
import type { TenantConfig } from '../tenant/index.js';
import { courbevoieTenant } from '../../../../test/support/tenants.js';
import { FixedClock, MemoryPostStore, SequenceRandom } from '../../../../test/support/core-fakes.js';
import { expiryReminderService } from './expiry-reminders.js';
import { postService } from './post-service.js';
import type { PostRecord } from './post-record.js';

const unlimited: RateLimiter = { consume: async () => ({ allowed: true, retryAfterSeconds: 0 }) };

/** A mailer whose next sends fail, as a queue that is down would. */
class FlakyMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];
  failures = 0;
  async send(mail: OutgoingMail): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('queue unavailable');
    }
    this.sent.push(mail);
  }
}

// Courbevoie's posts last 30 days; the reminder goes 3 days before, two extensions at most.
function setup(tenant: TenantConfig = courbevoieTenant()) {
  const store = new MemoryPostStore();
  const mailer = new FlakyMailer();
  const clock = new FixedClock();
  const deps = {
    tenant,
    store,
    mailer,
    clock,
    random: new SequenceRandom(),
    rateLimiter: unlimited,
    publication: { postPublished: async () => undefined },
    siteUrl: 'https://entraide.example/',
  };
  const posts = postService(deps);
  const reminders = expiryReminderService(deps);

  async function publishedPost(title = 'Courses pour ma voisine âgée') {
    const { id } = await posts.create(
      {
        kind: 'request',
        category: 'groceries',
        title,
        description: 'Le mardi matin.',
        location: { lat: 48.899, lon: 2.254 },
        author: { name: 'Camille <b>Martin</b>', email: 'camille@example.org' },
      },
      { sourceIp: '192.0.2.1' },
    );
    const token = /verifier\.html\?post=\w+&token=([\w-]+)/.exec(mailer.sent.at(-1)!.text)![1]!;
    await posts.verify(id, token);
    return { id, token };
  }

  /** The secret of the last "still needed?" mail, read from its link as its reader would. */
  function reminderToken(): string {
    const mail = mailer.sent.at(-1)!;
    const token = /encore\.html\?post=\w+&token=([\w-]+)/.exec(mail.text)?.[1];
    if (!token) throw new Error(`no reminder link in:\n${mail.text}`);
    return token;
  }
  const reminderMails = () => mailer.sent.filter((mail) => mail.text.includes('encore.html'));

  return { store, mailer, clock, posts, reminders, publishedPost, reminderToken, reminderMails };
}

/** Copies of a published post, each created later and expiring 30 days after (other authors' posts). */
const publishedPostFrom =
  (post: PostRecord | undefined) =>
  (index: number, now: Date): PostRecord => ({
    ...post!,
    id: `newer${String(index).padStart(5, '0')}`,
    createdAt: new Date(now.getTime() + index).toISOString(),
    publishedAt: new Date(now.getTime() + index).toISOString(),
    expiresAt: new Date(now.getTime() + index + 30 * 86_400_000).toISOString(),
  });

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};

describe('"still needed?" reminders', () => {
  it('reads the posts by expiry: the one expiring first is reminded however many newer posts the tenant has', async () => {
    const { clock, store, reminders, publishedPost, reminderMails } = setup();
    const { id: oldest } = await publishedPost('La plus ancienne');
    clock.advanceDays(5);
    // More newer posts than one run reads: read newest first, the oldest would never be reached.
    const newer = publishedPostFrom(await store.get(courbevoieTenant().id, oldest));
    for (let index = 0; index < 60; index++) await store.insert(newer(index, clock.now()));
    clock.advanceDays(22);
    expect(await reminders.sendDueReminders(50)).toMatchObject({ read: 1, due: 1, sent: 1 });
    expect(reminderMails().map((mail) => mail.subject)).toEqual([expect.stringContaining('La plus ancienne')]);
  });

  it('mails the author once, three days before expiry, in French then English, with the user text escaped', async () => {
    const { clock, reminders, publishedPost, reminderMails } = setup();
    await publishedPost();
    clock.advanceDays(26);
    expect(await reminders.sendDueReminders()).toMatchObject({ due: 0, sent: 0 });
    clock.advanceDays(1);
    expect(await reminders.sendDueReminders()).toMatchObject({ due: 1, sent: 1 });
    const [mail] = reminderMails();
    expect(mail!.to).toBe('camille@example.org');
    expect(mail!.text).toContain('expire le');
    expect(mail!.text).toContain('Prolongez-la de 30 jours');
    expect(mail!.text.indexOf('Bonjour')).toBeLessThan(mail!.text.indexOf('Hello'));
    expect(mail!.html).toContain('Camille &lt;b&gt;Martin&lt;/b&gt;');
    expect(mail!.html).not.toContain('<b>Martin');
    // The next days' runs send nothing more.
    clock.advanceDays(1);
    expect(await reminders.sendDueReminders()).toMatchObject({ sent: 0 });
    expect(reminderMails()).toHaveLength(1);
  });

  it('extends the post by its lifetime once per mail, and refuses past the maximum', async () => {
    const { store, clock, reminders, publishedPost, reminderToken, reminderMails } = setup();
    const { id } = await publishedPost();
    const firstExpiry = store.stored(id).expiresAt;
    clock.advanceDays(27);
    await reminders.sendDueReminders();
    const first = reminderToken();
    const extended = await reminders.answer(id, { token: first, answer: 'extend' });
    expect(extended).toMatchObject({ status: 'published', extensionsLeft: 1 });
    expect(Date.parse(extended.expiresAt) - Date.parse(firstExpiry)).toBe(30 * 86_400_000);
    // The same link again changes nothing.
    expect((await refusal(reminders.answer(id, { token: first, answer: 'extend' }))).code).toBe('reminder_used');
    expect(store.stored(id).expiresAt).toBe(extended.expiresAt);

    // The new expiry gets its own mail; the second extension is the last.
    clock.advanceDays(30);
    await reminders.sendDueReminders();
    expect(reminderMails()).toHaveLength(2);
    expect((await reminders.answer(id, { token: reminderToken(), answer: 'extend' })).extensionsLeft).toBe(0);
    // The first mail's link does not open the second expiry.
    expect((await refusal(reminders.answer(id, { token: first, answer: 'extend' }))).code).toBe('invalid_token');

    clock.advanceDays(30);
    await reminders.sendDueReminders();
    const third = reminderMails().at(-1)!;
    expect(third.text).toContain('déjà été prolongée autant que possible');
    const refused = await refusal(reminders.answer(id, { token: reminderToken(), answer: 'extend' }));
    expect(refused).toMatchObject({ status: 409, code: 'extension_limit' });
    expect(store.stored(id).extensions).toBe(2);
    // Closing from that mail still works.
    expect((await reminders.answer(id, { token: reminderToken(), answer: 'fulfilled' })).status).toBe('closed');
    expect(store.stored(id).closedReason).toBe('fulfilled');
  });

  it('refuses a wrong token, with nothing changed', async () => {
    const { store, clock, reminders, publishedPost } = setup();
    const { id, token } = await publishedPost();
    clock.advanceDays(27);
    await reminders.sendDueReminders();
    const before = store.stored(id);
    // The author's own management token is not the reminder's.
    expect((await refusal(reminders.answer(id, { token, answer: 'extend' }))).status).toBe(403);
    expect(store.stored(id)).toEqual(before);
  });

  it('a send that failed is sent by the next run, and the link of the mail that went out works', async () => {
    const { store, mailer, clock, reminders, publishedPost, reminderToken, reminderMails } = setup();
    const { id } = await publishedPost();
    clock.advanceDays(27);
    mailer.failures = 1;
    expect(await reminders.sendDueReminders()).toMatchObject({ due: 1, sent: 0, failed: 1 });
    expect(store.stored(id).expiryReminder?.sentAt).toBeNull();
    clock.advanceDays(1);
    expect(await reminders.sendDueReminders()).toMatchObject({ sent: 1 });
    expect(reminderMails()).toHaveLength(1);
    expect((await reminders.answer(id, { token: reminderToken(), answer: 'extend' })).status).toBe('published');
  });

  it('a mail queued whose mark was lost: the next attempt keeps the first link working', async () => {
    const { store, clock, reminders, publishedPost, reminderToken, reminderMails } = setup();
    const { id } = await publishedPost();
    clock.advanceDays(27);
    await reminders.sendDueReminders();
    const firstLink = reminderToken();
    // As if the write after the send had failed: the post still waits for its mail.
    store.update(id, (post) => ({ ...post, expiryReminder: { ...post.expiryReminder!, sentAt: null } }));
    await reminders.sendDueReminders();
    // The queue's ledger lets one of the two out (same idempotency key); either link works.
    expect(new Set(reminderMails().map((mail) => mail.idempotencyKey))).toEqual(
      new Set([`expiry-reminder:${id}:${store.stored(id).expiresAt}`]),
    );
    expect(store.stored(id).expiryReminder?.sentAt).not.toBeNull();
    expect((await reminders.answer(id, { token: firstLink, answer: 'extend' })).extensionsLeft).toBe(1);
  });

  it('closing a post with an outcome, and its author reopening it within the tenant’s days', async () => {
    const { store, clock, posts, reminders, publishedPost, reminderToken } = setup();
    const { id, token } = await publishedPost();
    clock.advanceDays(27);
    await reminders.sendDueReminders();
    expect((await reminders.answer(id, { token: reminderToken(), answer: 'no_longer_needed' })).status).toBe('closed');
    expect((await posts.reopen(id, token)).status).toBe('published');
    expect(store.stored(id).closedReason).toBeUndefined();
    expect((await posts.getPublic(id)).title).toBe('Courses pour ma voisine âgée');

    // Closed again by its author, too late to reopen eight days later (Courbevoie: 7).
    const other = await publishedPost('Promenade au parc');
    await posts.close(other.id, other.token, 'fulfilled');
    clock.advanceDays(8);
    expect((await refusal(posts.reopen(other.id, other.token))).code).toBe('reopen_too_late');
    // A post that is not closed cannot be reopened.
    expect((await refusal(posts.reopen(id, token))).code).toBe('post_not_closed');
  });
});
