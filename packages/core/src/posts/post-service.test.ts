import { publishingToAlerts } from '../alerts/index.js';
import { distanceKm, type LatLon } from '../geo/index.js';
import { ConcurrentUpdateError, type RateLimiter } from '../shared/index.js';
import type { TenantConfig } from '../tenant/index.js';
import { courbevoieTenant } from '../../../../test/support/tenants.js';
import type { CreatePostInput } from './post-schemas.js';
import { postService } from './post-service.js';
import {
  CapturingMailer,
  domainError,
  FixedClock,
  MemoryAlertStore,
  MemoryPostStore,
  SequenceRandom,
} from '../../../../test/support/core-fakes.js';

// ---------- fakes ----------

// ---------- tenants and inputs ----------

const courbevoie = courbevoieTenant();
const moderatedBefore = courbevoieTenant({ id: 'courbevoie-moderee', features: { contactRelay: true, moderation: 'before' } });
const withSections = courbevoieTenant({
  id: 'courbevoie-rubriques',
  sections: [
    { id: 'entraide', title: { fr: 'Entraide entre habitants', en: 'Help between residents' } },
    { id: 'commerces', title: { fr: 'Commerces qui livrent', en: 'Shops that deliver' } },
    { id: 'paques-2020', title: { fr: 'Votre table de Pâques', en: 'Your Easter table' }, endsOn: '2020-04-13' },
    // The clock's day is 2025-03-02: Easter 2025 is on 20 April, the summer market opens in June.
    { id: 'paques-2025', title: { fr: 'Votre table de Pâques', en: 'Your Easter table' }, endsOn: '2025-04-21' },
    { id: 'marche-ete', title: { fr: 'Marché d’été', en: 'Summer market' }, startsOn: '2025-06-01', endsOn: '2025-08-31' },
    { id: 'fin-de-semaine', title: { fr: 'Cette semaine', en: 'This week' }, endsOn: '2025-03-04' },
    { id: 'producteurs', type: 'directory', title: { fr: 'Producteurs', en: 'Producers' } },
  ],
  customCategories: [{ id: 'masques', label: { fr: 'Masques', en: 'Masks' } }],
  categories: ['groceries', 'masques', 'other'],
});
const groceriesOnly = courbevoieTenant({ id: 'courbevoie-courses', categories: ['groceries', 'other'] });

const home: LatLon = { lat: 48.899, lon: 2.254 };
const email = 'camille.martin@example.org';
const authorName = 'Camille Martin';

const input = (overrides: Partial<CreatePostInput> = {}): CreatePostInput => ({
  kind: 'request',
  category: 'groceries',
  title: 'Courses pour ma voisine âgée',
  description: 'Une fois par semaine, le mardi matin.',
  location: home,
  author: { name: authorName, email },
  ...overrides,
});

/** Limits are tested on their own (rate-limits.test.ts); here every request is within them. */
const unlimited: RateLimiter = { consume: async () => ({ allowed: true, retryAfterSeconds: 0 }) };
const origin = { sourceIp: '192.0.2.10' };

function setup(tenant: TenantConfig = courbevoie) {
  const store = new MemoryPostStore();
  const mailer = new CapturingMailer();
  const clock = new FixedClock();
  const posts = postService(
    publishingToAlerts({
      tenant,
      store,
      mailer,
      clock,
      random: new SequenceRandom(),
      rateLimiter: unlimited,
      alertStore: new MemoryAlertStore(),
      siteUrl: 'https://entraide.example/',
    }),
  );

  /** Creates a post and reads the secret token back from the mail, as its author would. */
  async function createPost(overrides: Partial<CreatePostInput> = {}) {
    const { id } = await posts.create(input(overrides), origin);
    const mail = mailer.sent.at(-1)!;
    const token = new RegExp(`verifier\\.html\\?post=${id}&token=([A-Za-z0-9_-]+)`).exec(mail.text)?.[1];
    if (!token) throw new Error(`no verify link in the mail:\n${mail.text}`);
    return { id, token, mail };
  }

  async function publishedPost(overrides: Partial<CreatePostInput> = {}) {
    const created = await createPost(overrides);
    await posts.verify(created.id, created.token);
    return created;
  }

  return { store, mailer, clock, posts, createPost, publishedPost };
}

// ---------- tests ----------

describe('creating a post', () => {
  it('stores it unpublished and mails its author a link to confirm it and one to manage it', async () => {
    const { posts, store, mailer } = setup();
    const created = await posts.create(input(), origin);

    expect(created).toEqual({ id: expect.any(String), status: 'pending_verification' });
    expect(store.stored(created.id).status).toBe('pending_verification');
    expect(mailer.sent).toHaveLength(1);
    const mail = mailer.sent[0]!;
    expect(mail.to).toBe(email);
    const verifyLink = /https:\/\/entraide\.example\/t\/courbevoie\/verifier\.html\?post=([^&\s]+)&token=([^\s]+)/.exec(mail.text);
    expect(verifyLink?.[1]).toBe(created.id);
    const token = verifyLink?.[2];
    expect(token).toBeDefined();
    expect(mail.text).toContain(`https://entraide.example/t/courbevoie/gerer.html?post=${created.id}&token=${token}`);
  });

  it('keeps the token only in the mail: the store holds a hash of it', async () => {
    const { store, createPost } = setup();
    const { id, token } = await createPost();
    expect(JSON.stringify(store.stored(id))).not.toContain(token);
  });

  it('is not public before it is confirmed', async () => {
    const { posts, createPost } = setup();
    const { id } = await createPost();
    expect((await domainError(posts.getPublic(id))).status).toBe(404);
    expect((await posts.listPublic({})).items).toEqual([]);
  });

  it('refuses a category the tenant does not offer, storing and sending nothing', async () => {
    const { posts, store, mailer } = setup(groceriesOnly);
    const error = await domainError(posts.create(input({ category: 'childcare' }), origin));
    expect(error.status).toBe(400);
    expect(error.code).toBe('category_not_enabled');
    expect(error.details.map((detail) => detail.path)).toEqual(['category']);
    expect(store.records.size).toBe(0);
    expect(mailer.sent).toHaveLength(0);
  });

  it('refuses a place outside the tenant’s area, storing and sending nothing', async () => {
    const { posts, store, mailer } = setup();
    const error = await domainError(posts.create(input({ location: { lat: 48.8566, lon: 2.3522 } }), origin));
    expect(error.status).toBe(422);
    expect(error.code).toBe('outside_area');
    expect(error.details.map((detail) => detail.path)).toEqual(['location']);
    expect(store.records.size).toBe(0);
    expect(mailer.sent).toHaveLength(0);
  });

  it('files a post under one of the tenant’s open sections, shown to the public and the author', async () => {
    const { posts, store, createPost } = setup(withSections);
    const { id, token } = await createPost({ section: 'commerces' });
    await posts.verify(id, token);
    expect(store.stored(id).section).toBe('commerces');
    expect((await posts.getPublic(id)).section).toBe('commerces');
    expect((await posts.getOwn(id, token)).section).toBe('commerces');
    expect((await posts.edit(id, token, { section: 'entraide' })).section).toBe('entraide');
  });

  it('refuses an unknown section or one that has ended, naming the field, storing and sending nothing', async () => {
    const { posts, store, mailer } = setup(withSections);
    const unknown = await domainError(posts.create(input({ section: 'marche-de-noel' }), origin));
    expect([unknown.status, unknown.code]).toEqual([400, 'unknown_section']);
    expect(unknown.details).toEqual([{ path: 'section', message: 'one of: entraide, commerces, paques-2025, fin-de-semaine' }]);
    const ended = await domainError(posts.create(input({ section: 'paques-2020' }), origin));
    expect([ended.status, ended.code]).toEqual([400, 'section_not_open']);
    expect(ended.details).toEqual([{ path: 'section', message: 'closed: ended on 2020-04-13' }]);
    const upcoming = await domainError(posts.create(input({ section: 'marche-ete' }), origin));
    expect([upcoming.status, upcoming.code]).toEqual([400, 'section_not_open']);
    expect(upcoming.details).toEqual([{ path: 'section', message: 'not open yet: opens on 2025-06-01' }]);
    // A directory takes listings, not posts.
    const directory = await domainError(posts.create(input({ section: 'producteurs' }), origin));
    expect([directory.status, directory.code, directory.details[0]?.path]).toEqual([400, 'unknown_section', 'section']);
    expect(store.records.size).toBe(0);
    expect(mailer.sent).toHaveLength(0);
    // A tenant without sections takes posts without one, and refuses any.
    expect((await domainError(setup().posts.create(input({ section: 'commerces' }), origin))).details).toEqual([
      { path: 'section', message: 'this tenant has no sections for this' },
    ]);
  });

  it('refuses a move into an ended section, and lists an ended section’s posts but not a directory’s', async () => {
    const { posts, clock, publishedPost } = setup(withSections);
    const { id, token } = await publishedPost({ section: 'fin-de-semaine' });
    clock.advanceDays(3);
    expect((await domainError(posts.edit(id, token, { section: 'fin-de-semaine' }))).code).toBe('section_not_open');
    // Its day is over, its posts are still there to read until they expire.
    expect((await posts.listPublic({ section: 'fin-de-semaine' })).items.map((post) => post.id)).toEqual([id]);
    const directory = await domainError(posts.listPublic({ section: 'producteurs' }));
    expect([directory.code, directory.details[0]?.path]).toEqual(['unknown_section', 'query.section']);
  });

  it('keeps a post in a section until the section’s last day is over in the tenant’s time zone, never less than the lifetime', async () => {
    const { posts, clock, createPost, publishedPost } = setup(withSections);
    // Easter: 50 days away, longer than the 30-day lifetime; the post lasts until 21 April ends in Paris (22:00 UTC, summer time).
    const easter = await createPost({ section: 'paques-2025' });
    expect((await posts.getOwn(easter.id, easter.token)).expiresAt).toBe('2025-04-21T22:00:00.000Z');
    // A section ending in two days: the tenant's 30 days still hold.
    const week = await publishedPost({ section: 'fin-de-semaine' });
    expect(Date.parse((await posts.getOwn(week.id, week.token)).expiresAt) - clock.now().getTime()).toBe(30 * 24 * 60 * 60 * 1000);
    // Moved into the Easter section, it lasts as long as a new post there.
    expect((await posts.edit(week.id, week.token, { section: 'paques-2025' })).expiresAt).toBe('2025-04-21T22:00:00.000Z');
  });

  it('takes the tenant’s own categories, refuses one it does not offer, naming the field', async () => {
    const { posts, publishedPost, mailer } = setup(withSections);
    const { id } = await publishedPost({ category: 'masques' });
    expect((await posts.getPublic(id)).category).toBe('masques');
    expect(mailer.sent[0]!.text).toContain('Masques');
    expect(posts.publicConfig().categories).toEqual([
      { id: 'groceries', label: { fr: 'Courses', en: 'Groceries' } },
      { id: 'masques', label: { fr: 'Masques', en: 'Masks' } },
      { id: 'other', label: { fr: 'Autre', en: 'Other' } },
    ]);
    const refused = await domainError(posts.create(input({ category: 'childcare' }), origin));
    expect([refused.status, refused.code, refused.details[0]?.path]).toEqual([400, 'category_not_enabled', 'category']);
  });

  it('tells GET /config which sections are open today', () => {
    const { posts } = setup(withSections);
    expect(Object.fromEntries(posts.publicConfig().sections.map((section) => [section.id, section.state]))).toEqual({
      entraide: 'open',
      commerces: 'open',
      'paques-2020': 'ended',
      'paques-2025': 'open',
      'marche-ete': 'upcoming',
      'fin-de-semaine': 'open',
      producteurs: 'open',
    });
  });

  it('expires after the tenant’s post lifetime', async () => {
    const { posts, clock, createPost } = setup();
    const { id, token } = await createPost();
    const own = await posts.getOwn(id, token);
    expect(Date.parse(own.expiresAt) - clock.now().getTime()).toBe(30 * 24 * 60 * 60 * 1000);
  });
});

describe('confirming a post with the link from the mail', () => {
  it('publishes it where the tenant moderates after publication', async () => {
    const { posts, createPost } = setup();
    const { id, token } = await createPost();
    expect(await posts.verify(id, token)).toEqual({ id, status: 'published' });
    expect((await posts.getPublic(id)).title).toBe('Courses pour ma voisine âgée');
  });

  it('queues it for the staff, still hidden, where the tenant moderates before publication', async () => {
    const { posts, createPost } = setup(moderatedBefore);
    const { id, token, mail } = await createPost();
    expect(mail.text).toContain('après relecture');
    expect(await posts.verify(id, token)).toEqual({ id, status: 'pending_moderation' });
    expect((await domainError(posts.getPublic(id))).status).toBe(404);
  });

  it('works once: a second use is refused and changes nothing', async () => {
    const { posts, store, clock, createPost } = setup();
    const { id, token } = await createPost();
    await posts.verify(id, token);
    const afterFirst = store.stored(id);
    clock.advanceMinutes(5);

    const error = await domainError(posts.verify(id, token));
    expect(error.status).toBe(403);
    expect(error.code).toBe('token_already_used');
    expect(store.stored(id)).toEqual(afterFirst);
  });

  it('refuses a wrong token and changes nothing', async () => {
    const { posts, store, createPost } = setup();
    const { id } = await createPost();
    const { token: otherPostsToken } = await createPost();
    const before = store.stored(id);

    const error = await domainError(posts.verify(id, otherPostsToken));
    expect(error.status).toBe(403);
    expect(error.code).toBe('invalid_token');
    expect(store.stored(id)).toEqual(before);
  });

  it('answers 404 for a post that does not exist', async () => {
    const { posts, createPost } = setup();
    const { token } = await createPost();
    expect((await domainError(posts.verify('post999999', token))).status).toBe(404);
  });

  it('is refused once the post has expired', async () => {
    const { posts, clock, createPost } = setup();
    const { id, token } = await createPost();
    clock.advanceDays(31);
    expect((await domainError(posts.verify(id, token))).code).toBe('post_expired');
  });
});

describe('what the public sees', () => {
  it('never contains the author’s email, nor the exact place', async () => {
    const { posts, publishedPost } = setup();
    const { id } = await publishedPost();

    const shown = await posts.getPublic(id);
    expect(JSON.stringify(shown)).not.toContain(email);
    expect(JSON.stringify(shown)).not.toContain('camille.martin');
    expect(distanceKm(shown.location, home)).toBeGreaterThanOrEqual(0.5);

    const listed = await posts.listPublic({});
    expect(listed.items.map((post) => post.id)).toEqual([id]);
    expect(JSON.stringify(listed)).not.toContain(email);
    expect(distanceKm(listed.items[0]!.location, home)).toBeGreaterThanOrEqual(0.5);
  });

  it('shows the same blurred place every time, so it cannot be averaged away', async () => {
    const { posts, publishedPost } = setup();
    const { id } = await publishedPost();
    expect((await posts.getPublic(id)).location).toEqual((await posts.getPublic(id)).location);
  });

  it('lists the newest first, without the expired ones', async () => {
    const { posts, clock, publishedPost } = setup();
    const oldest = await publishedPost({ title: 'La plus ancienne' });
    clock.advanceDays(10);
    const middle = await publishedPost({ title: 'Celle du milieu' });
    clock.advanceDays(10);
    const newest = await publishedPost({ title: 'La plus récente' });
    expect((await posts.listPublic({})).items.map((post) => post.id)).toEqual([newest.id, middle.id, oldest.id]);

    clock.advanceDays(11); // the oldest is now 31 days old
    expect((await posts.listPublic({})).items.map((post) => post.id)).toEqual([newest.id, middle.id]);
  });

  it('hides an expired post, while its author still sees it as expired', async () => {
    const { posts, clock, publishedPost } = setup();
    const { id, token } = await publishedPost();
    clock.advanceDays(31);

    expect((await domainError(posts.getPublic(id))).status).toBe(404);
    expect((await posts.getOwn(id, token)).status).toBe('expired');
    const error = await domainError(posts.edit(id, token, { title: 'Encore besoin' }));
    expect(error.status).toBe(409);
    expect(error.code).toBe('post_expired');
  });

  it('answers 404 for a post that does not exist', async () => {
    const { posts } = setup();
    expect((await domainError(posts.getPublic('post999999'))).status).toBe(404);
  });
});

describe('the author, with the token from the mail', () => {
  it('reads their own post, email and exact place included', async () => {
    const { posts, createPost } = setup();
    const { id, token } = await createPost();
    const own = await posts.getOwn(id, token);
    expect(own).toMatchObject({ id, status: 'pending_verification', location: home, author: { name: authorName, email } });
  });

  it('is refused with another post’s token', async () => {
    const { posts, createPost } = setup();
    const { id } = await createPost();
    const other = await createPost();
    const error = await domainError(posts.getOwn(id, other.token));
    expect(error.status).toBe(403);
    expect(error.code).toBe('invalid_token');
  });

  it('edits the title, and the public sees the change', async () => {
    const { posts, store, publishedPost } = setup();
    const { id, token } = await publishedPost();
    const versionBefore = store.stored(id).version;

    const edited = await posts.edit(id, token, { title: 'Courses le mardi' });
    expect(edited.title).toBe('Courses le mardi');
    expect(edited.status).toBe('published');
    expect((await posts.getPublic(id)).title).toBe('Courses le mardi');
    expect(store.stored(id).version).toBe(versionBefore + 1);
  });

  it('sends an edited post back to the staff where the tenant moderates before publication', async () => {
    const { posts, store, publishedPost } = setup(moderatedBefore);
    const { id, token } = await publishedPost();
    store.update(id, (post) => ({ ...post, status: 'published', publishedAt: post.updatedAt })); // what staff approval does
    expect((await posts.getPublic(id)).title).toBe('Courses pour ma voisine âgée');

    const edited = await posts.edit(id, token, { title: 'Un texte qui n’a pas été relu' });
    expect(edited.status).toBe('pending_moderation');
    expect((await domainError(posts.getPublic(id))).status).toBe(404);
  });

  it('cannot edit before confirming, nor with a wrong token, and nothing changes', async () => {
    const { posts, store, createPost } = setup();
    const { id, token } = await createPost();
    const other = await createPost();
    const before = store.stored(id);

    expect((await domainError(posts.edit(id, token, { title: 'Changé' }))).code).toBe('not_verified');
    await posts.verify(id, token);
    const published = store.stored(id);
    expect((await domainError(posts.edit(id, other.token, { title: 'Changé' }))).code).toBe('invalid_token');
    expect(store.stored(id)).toEqual(published);
    expect(before.content).toEqual(published.content);
  });

  it('cannot move the post outside the area, nor into a category the tenant does not offer', async () => {
    const { posts, store, publishedPost } = setup(groceriesOnly);
    const { id, token } = await publishedPost();
    const before = store.stored(id);
    expect((await domainError(posts.edit(id, token, { location: { lat: 48.8566, lon: 2.3522 } }))).code).toBe('outside_area');
    expect((await domainError(posts.edit(id, token, { category: 'medicines' }))).code).toBe('category_not_enabled');
    expect(store.stored(id)).toEqual(before);
  });

  it('moving the post draws a new blurred place near the new one', async () => {
    const { posts, publishedPost } = setup();
    const { id, token } = await publishedPost();
    const newPlace = { lat: 48.89, lon: 2.24 };
    await posts.edit(id, token, { location: newPlace });
    const shown = (await posts.getPublic(id)).location;
    expect(distanceKm(shown, newPlace)).toBeGreaterThanOrEqual(0.5);
    expect(distanceKm(shown, newPlace)).toBeLessThanOrEqual(1.01);
  });

  it('closes the post with a reason: hidden from the public, and closing again is a conflict', async () => {
    const { posts, publishedPost } = setup();
    const { id, token } = await publishedPost();

    const closed = await posts.close(id, token, 'fulfilled');
    expect(closed).toMatchObject({ status: 'closed', closedReason: 'fulfilled' });
    expect((await domainError(posts.getPublic(id))).status).toBe(404);
    expect((await posts.listPublic({})).items).toEqual([]);
    expect((await posts.getOwn(id, token)).status).toBe('closed');

    const again = await domainError(posts.close(id, token, 'no_longer_needed'));
    expect(again.status).toBe(409);
    expect((await posts.getOwn(id, token)).closedReason).toBe('fulfilled');
    expect((await domainError(posts.edit(id, token, { title: 'Rouvert ?' }))).status).toBe(409);
  });

  it('deletes the post: the author’s personal data is erased and the token is dead', async () => {
    const { posts, store, publishedPost } = setup();
    const { id, token } = await publishedPost();
    await posts.close(id, token, 'no_longer_needed');

    await posts.remove(id, token);

    const stored = store.stored(id);
    expect(stored.status).toBe('deleted');
    expect(stored.content).toBeNull();
    expect(stored.tokenHash).toBeNull();
    const storedText = JSON.stringify(stored);
    for (const personal of [email, 'camille.martin', authorName, 'Courses pour ma voisine', 'mardi matin', String(home.lat)]) {
      expect(storedText).not.toContain(personal);
    }
    expect(stored).not.toHaveProperty('closedReason');
    // What remains feeds the figures.
    expect(stored).toMatchObject({ kind: 'request', category: 'groceries' });

    expect((await domainError(posts.getOwn(id, token))).status).toBe(404);
    expect((await domainError(posts.getPublic(id))).status).toBe(404);
    expect((await domainError(posts.verify(id, token))).status).toBe(404);
    expect((await domainError(posts.edit(id, token, { title: 'Revenu' }))).status).toBe(404);
    expect((await domainError(posts.close(id, token, 'fulfilled'))).status).toBe(404);
    expect((await domainError(posts.remove(id, token))).status).toBe(404);
  });

  it('can delete an expired post too', async () => {
    const { posts, store, clock, publishedPost } = setup();
    const { id, token } = await publishedPost();
    clock.advanceDays(40);
    await posts.remove(id, token);
    expect(store.stored(id).content).toBeNull();
  });

  it('cannot delete with a wrong token', async () => {
    const { posts, store, publishedPost } = setup();
    const { id } = await publishedPost();
    const other = await publishedPost();
    const error = await domainError(posts.remove(id, other.token));
    expect(error.code).toBe('invalid_token');
    expect(store.stored(id).content).not.toBeNull();
  });
});

describe('two writes at once', () => {
  it('an edit that loses the race is retried on the fresh record, keeping both changes', async () => {
    const { posts, store, publishedPost } = setup();
    const { id, token } = await publishedPost();
    store.beforeNextReplace = () =>
      store.update(id, (post) => ({ ...post, content: { ...post.content!, description: 'Changée dans un autre onglet' } }));

    const edited = await posts.edit(id, token, { title: 'Titre changé ici' });

    expect(store.replaceCalls).toBe(3); // verify, the lost attempt, the retry
    expect(edited).toMatchObject({ title: 'Titre changé ici', description: 'Changée dans un autre onglet' });
    expect(store.stored(id).content).toMatchObject({ title: 'Titre changé ici', description: 'Changée dans un autre onglet' });
  });

  it('a retried verify sees that the other request already used the token', async () => {
    const { posts, store, createPost } = setup();
    const { id, token } = await createPost();
    store.beforeNextReplace = () => store.update(id, (post) => ({ ...post, status: 'published', publishedAt: post.createdAt }));

    expect((await domainError(posts.verify(id, token))).code).toBe('token_already_used');
  });

  it('a record that keeps changing is not overwritten', async () => {
    const { posts, store, publishedPost } = setup();
    const { id, token } = await publishedPost();
    const interfere = () => {
      store.update(id, (post) => ({ ...post, content: { ...post.content!, description: `autre écriture ${post.version}` } }));
      store.beforeNextReplace = interfere;
    };
    store.beforeNextReplace = interfere;

    await expect(posts.edit(id, token, { title: 'Jamais écrit' })).rejects.toBeInstanceOf(ConcurrentUpdateError);
    store.beforeNextReplace = undefined;
    expect(store.stored(id).content?.title).toBe('Courses pour ma voisine âgée');
  });
});

describe('the public config', () => {
  it('never shows the staff addresses', async () => {
    const { posts } = setup();
    const config = posts.publicConfig();
    expect(JSON.stringify(config)).not.toContain('staff@');
    expect(config.categories).toContainEqual({ id: 'groceries', label: { fr: 'Courses', en: 'Groceries' } });
  });

  it('gives the local government’s public contact when its file has one', () => {
    const contact = { phone: '01 99 00 92 40', address: 'Hôtel de ville, place de l’Hôtel de Ville' };
    expect(setup(courbevoieTenant({ contact })).posts.publicConfig().contact).toEqual(contact);
    expect(setup().posts.publicConfig()).not.toHaveProperty('contact');
  });
});
