import fc from 'fast-check';
import { distanceKm, destination } from '../geo/index.js';
import { newPostRecord, postService, type CreatePostInput, type PostRecord } from '../posts/index.js';
import { healthWorkersTenant } from '../../../../test/support/tenants.js';
import {
  CapturingMailer,
  domainError,
  FixedClock,
  MemoryNearbyIndex,
  MemoryPostStore,
  SequenceRandom,
} from '../../../../test/support/core-fakes.js';
import { housingQuerySchema } from './health-worker-schemas.js';
import { housingSearchService } from './housing-search.js';
import { equipmentTotals } from './equipment-totals.js';
import { parseInput } from '../shared/index.js';

const tenant = healthWorkersTenant();
const clock = new FixedClock(); // 2025-03-02
const unlimited = { consume: async () => ({ allowed: true, retryAfterSeconds: 0 }) };
const day = (offset: number) => new Date(Date.UTC(2025, 2, 2 + offset)).toISOString().slice(0, 10);

const housingOffer = (overrides: Partial<CreatePostInput> = {}): CreatePostInput => ({
  kind: 'offer',
  category: 'hebergement',
  section: 'soignants',
  title: 'Studio près de l’hôpital',
  description: 'Pour une personne.',
  location: { lat: 48.9, lon: 2.25 },
  author: { name: 'Claire', email: 'claire@example.org' },
  housing: { availableFrom: day(1), availableTo: day(20), capacity: 1, type: 'flat' },
  ...overrides,
});

describe('a housing offer to health workers', () => {
  const setup = () => {
    const store = new MemoryPostStore();
    const posts = postService({
      tenant,
      store,
      mailer: new CapturingMailer(),
      clock,
      random: new SequenceRandom(),
      rateLimiter: unlimited,
      siteUrl: 'https://entraide.example',
      publication: { postPublished: async () => undefined },
    });
    return { store, posts };
  };
  const origin = { sourceIp: '192.0.2.1' };

  it('keeps its days, capacity and type, and its distance to each hospital from the exact point, rounded up to the km', async () => {
    const { store, posts } = setup();
    const exact = { lat: 48.9, lon: 2.25 };
    const { id } = await posts.create(housingOffer({ location: exact }), origin);
    const stored = (await store.get(tenant.id, id))!;
    const expected = (hospital: number) => Math.max(1, Math.ceil(distanceKm(exact, tenant.hospitals[hospital]!.point)));
    expect(stored.content!.housing).toEqual({
      availableFrom: day(1),
      availableTo: day(20),
      capacity: 1,
      type: 'flat',
      hospitalDistancesKm: { nord: expected(0), sud: expected(1) },
    });
    // The public point stays the blurred one, never the exact one.
    expect(stored.content!.publicLocation).not.toEqual(exact);
    expect(distanceKm(stored.content!.publicLocation, exact)).toBeGreaterThanOrEqual(0.5);
  });

  it('refuses days in the past, or reversed, naming the field; a request, or a section for everyone, cannot carry housing; nothing stored', async () => {
    const { store, posts } = setup();
    const refusals = [
      [housingOffer({ housing: { availableFrom: day(-1), availableTo: day(3), capacity: 1, type: 'room' } }), 'housing.availableFrom'],
      [housingOffer({ kind: 'request' }), 'kind'],
      [housingOffer({ section: 'entraide' }), 'housing'],
      [housingOffer({ equipment: { quantity: 10, dropAt: 'nord' } }), 'equipment'],
      [housingOffer({ housing: undefined, equipment: { quantity: 10, dropAt: 'ailleurs' } }), 'equipment.dropAt'],
    ] as const;
    for (const [input, path] of refusals) {
      const error = await domainError(posts.create(input, origin));
      expect([error.status, error.details.map((detail) => detail.path)]).toEqual([400, [path]]);
    }
    expect(store.records.size).toBe(0);
    // Reversed days: refused by the schema, at the field.
    const reversed = housingQuerySchema.safeParse({ hospital: 'nord', from: day(5), to: day(2) });
    expect(reversed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['to']);
  });

  it('moved, measures its distances again; a title edit keeps days already past', async () => {
    const { store, posts } = setup();
    const { id } = await posts.create(housingOffer({ location: { lat: 48.9, lon: 2.25 } }), origin);
    const token = 'secret-0001-abcdefghijklmnopqrstuvwxyz';
    await posts.verify(id, token);
    const nearNord = tenant.hospitals[0]!.point;
    await posts.edit(id, token, { location: { lat: nearNord.lat + 0.001, lon: nearNord.lon } });
    expect((await store.get(tenant.id, id))!.content!.housing!.hospitalDistancesKm.nord).toBe(1);
    clock.advanceDays(5);
    try {
      const edited = await posts.edit(id, token, { title: 'Studio, draps fournis' });
      expect(edited.housing?.availableFrom).toBe(day(1));
    } finally {
      clock.advanceDays(-5);
    }
  });
});

/** Posts in memory whose entries in the geographic index follow every write and repair, as the DynamoDB adapter's do. */
class IndexedPostStore extends MemoryPostStore {
  readonly index = new MemoryNearbyIndex();
  reindexed: string[] = [];

  override async insert(post: PostRecord): Promise<void> {
    await super.insert(post);
    this.index.write(post);
  }

  override async reindex(post: PostRecord): Promise<void> {
    this.reindexed.push(post.id);
    this.index.write(post);
  }
}

describe('GET /housing: near a hospital, free over the days asked', () => {
  const setup = () => {
    const store = new IndexedPostStore();
    return { store, search: housingSearchService({ tenant, store, nearbyIndex: store.index, clock }) };
  };

  it('refuses an unknown hospital, a section not for health workers, and reversed days, naming the field', async () => {
    const { search } = setup();
    const query = (raw: Record<string, string>) => parseInput(housingQuerySchema, raw, 'query');
    const unknown = await domainError(search.search(query({ hospital: 'ailleurs', from: day(1), to: day(2) })));
    expect(unknown.details.map((detail) => detail.path)).toEqual(['query.hospital']);
    const notForThem = await domainError(search.search(query({ hospital: 'nord', from: day(1), to: day(2), section: 'entraide' })));
    expect(notForThem.details.map((detail) => detail.path)).toEqual(['query.section']);
    expect(() => query({ hospital: 'nord', from: day(3), to: day(2) })).toThrow(/query\.to/);
    expect(() => query({ hospital: 'nord', from: day(1), to: day(2), radiusKm: '2.5' })).toThrow(/query\.radiusKm/);
  });

  it('returns exactly the offers a brute force over every offer finds (random offers, days and queries)', async () => {
    const offerArbitrary = fc.record({
      distance: fc.double({ min: 0, max: 3, noNaN: true }),
      bearing: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
      from: fc.integer({ min: 0, max: 30 }),
      length: fc.integer({ min: 0, max: 30 }),
      kind: fc.constantFrom('offer' as const, 'offer' as const, 'request' as const),
      section: fc.constantFrom('soignants', 'soignants', 'entraide'),
      housing: fc.boolean(),
      // Closed, or expired: not found.
      state: fc.constantFrom('published', 'published', 'published', 'closed', 'expired'),
      // Its index entry written before entries carried the section and housing: judged on the post, then written again.
      entryBefore: fc.boolean(),
    });
    const queryArbitrary = fc.record({
      hospital: fc.constantFrom('nord', 'sud'),
      from: fc.integer({ min: 0, max: 40 }),
      length: fc.integer({ min: 0, max: 20 }),
      radiusKm: fc.integer({ min: 1, max: 5 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(offerArbitrary, { maxLength: 25 }), queryArbitrary, async (offers, raw) => {
        const { store, search } = setup();
        const random = new SequenceRandom([0.2, 0.7, 0.4]);
        const exactPoints = new Map<string, { lat: number; lon: number }>();
        for (const offer of offers) {
          const location = destination(tenant.area.center, offer.distance, offer.bearing);
          const withHousing = offer.housing && offer.kind === 'offer' && offer.section === 'soignants';
          const { post } = newPostRecord(
            tenant,
            housingOffer({
              kind: offer.kind,
              section: offer.section,
              location,
              ...(withHousing
                ? { housing: { availableFrom: day(offer.from), availableTo: day(offer.from + offer.length), capacity: 2, type: 'room' } }
                : { housing: undefined }),
            }),
            clock.now(),
            random,
          );
          exactPoints.set(post.id, location);
          const stored: PostRecord = {
            ...post,
            status: offer.state === 'closed' ? 'closed' : 'published',
            publishedAt: clock.now().toISOString(),
            ...(offer.state === 'expired' ? { expiresAt: new Date(clock.now().getTime() - 1000).toISOString() } : {}),
          };
          await store.insert(stored);
          if (offer.entryBefore) store.index.writeAsBefore(stored);
        }
        const query = { hospital: raw.hospital, from: day(raw.from), to: day(raw.from + raw.length), radiusKm: raw.radiusKm };
        const hospitalPoint = tenant.hospitals.find((hospital) => hospital.id === raw.hospital)!.point;
        const expected = [...store.records.values()]
          .filter((post) => post.status === 'published' && post.expiresAt > clock.now().toISOString())
          .filter((post) => post.section === 'soignants' && post.kind === 'offer' && post.content?.housing)
          .filter((post) => Math.max(1, Math.ceil(distanceKm(exactPoints.get(post.id)!, hospitalPoint))) <= raw.radiusKm)
          .filter((post) => post.content!.housing!.availableFrom <= query.from && post.content!.housing!.availableTo >= query.to)
          .map((post) => post.id)
          .sort();
        const found = await search.search(query);
        expect(found.complete).toBe(true);
        expect(found.items.map((item) => item.id).sort()).toEqual(expected);
        // Nearest first, and never the exact point.
        const distances = found.items.map((item) => item.distanceKm);
        expect(distances).toEqual([...distances].sort((a, b) => a - b));
        for (const item of found.items) expect(item.location).not.toEqual(exactPoints.get(item.id));
        // The same answer again, every entry now in the format that carries the housing.
        const again = await search.search(query);
        expect(again.items).toEqual(found.items);
        for (const id of store.reindexed) expect(store.index.isFull(id)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('finds an offer whose blurred public point lies beyond the radius while its own point is within it, and shows only the public point', async () => {
    const { store, search } = setup();
    const nord = tenant.hospitals[0]!.point;
    // 1.9 km from the hospital: 2 km rounded up. Blurred outward (~0.9 km): its public point is ~2.8 km away.
    const exact = destination(nord, 1.9, 0);
    const { post } = newPostRecord(tenant, housingOffer({ location: exact }), clock.now(), new SequenceRandom([0.85, 0]));
    await store.insert({ ...post, status: 'published', publishedAt: clock.now().toISOString() });
    expect(distanceKm(nord, post.content!.publicLocation)).toBeGreaterThan(2.5);
    const found = await search.search({ hospital: 'nord', from: day(2), to: day(5), radiusKm: 2 });
    expect(found.items.map((item) => [item.id, item.distanceKm, item.section, item.housing?.capacity])).toEqual([
      [post.id, 2, 'soignants', 1],
    ]);
    expect(found.items[0]!.location).toEqual(post.content!.publicLocation);
    expect(found.complete).toBe(true);
  });
});

describe('staff’s totals of the equipment offered to health workers', () => {
  it('counts and sums the published equipment offers by the hospital they are dropped at; a closed one no longer counts', async () => {
    const store = new MemoryPostStore();
    const random = new SequenceRandom();
    const donations = [
      { quantity: 200, dropAt: 'nord', status: 'published' },
      { quantity: 35, dropAt: 'nord', status: 'published' },
      { quantity: 12, dropAt: 'sud', status: 'published' },
      { quantity: 500, dropAt: 'sud', status: 'closed' },
    ] as const;
    for (const donation of donations) {
      const { post } = newPostRecord(
        tenant,
        housingOffer({ category: 'other', housing: undefined, equipment: { quantity: donation.quantity, dropAt: donation.dropAt } }),
        clock.now(),
        random,
      );
      await store.insert({ ...post, status: donation.status, publishedAt: clock.now().toISOString() });
    }
    // A housing offer and a post of another section are not equipment.
    const { post: housing } = newPostRecord(tenant, housingOffer(), clock.now(), random);
    await store.insert({ ...housing, status: 'published', publishedAt: clock.now().toISOString() });
    expect(await equipmentTotals({ tenant, store, clock })).toEqual({
      hospitals: [
        { id: 'nord', name: 'Hôpital Nord', offers: 2, quantity: 235 },
        { id: 'sud', name: 'Hôpital Sud', offers: 1, quantity: 12 },
      ],
      offers: 3,
      quantity: 247,
      complete: true,
    });
  });
});
