/**
 * The directory's tenant, a producer's listing, and the property of "who delivers to me" (random
 * listings and zones, random points, against a brute force over the records), for core's tests on
 * the in-memory store and the adapter's on the embedded DynamoDB alike.
 */
import fc from 'fast-check';
import {
  deliversTo,
  destination,
  distanceKm,
  isListingPublic,
  listingService,
  type CreateListingInput,
  type LatLon,
  type ListingStore,
  type RateLimiter,
} from '@entraide/core';
import { CapturingMailer, FixedClock, SequenceRandom } from './core-fakes.js';
import { courbevoieTenant } from './tenants.js';

/** Deux-Sèvres with a directory section, an ended one and one of posts (the clock's day is 2025-03-02). */
export const directoryTenant = (id = 'deux-sevres') =>
  courbevoieTenant({
    id,
    name: 'Département des Deux-Sèvres',
    area: { center: { lat: 46.555, lon: -0.317 }, radiusKm: 60 },
    sections: [
      { id: 'producteurs', type: 'directory', title: { fr: 'Producteurs', en: 'Producers' } },
      { id: 'paques-2024', type: 'directory', title: { fr: 'Pâques 2024', en: 'Easter 2024' }, endsOn: '2024-04-01' },
      { id: 'entraide', title: { fr: 'Entraide', en: 'Help' } },
    ],
    customCategories: [{ id: 'producteurs', label: { fr: 'Producteurs locaux', en: 'Local producers' } }],
    categories: ['producteurs', 'groceries', 'other'],
  });

export const niort: LatLon = { lat: 46.3237, lon: -0.4588 };
const unlimited: RateLimiter = { consume: async () => ({ allowed: true, retryAfterSeconds: 0 }) };
export const listingOrigin = { sourceIp: '192.0.2.10' };

export const listingInput = (overrides: Partial<CreateListingInput> = {}): CreateListingInput => ({
  section: 'producteurs',
  name: 'Ferme des Prés',
  description: 'Agneau, œufs et fromages de chèvre.',
  categories: ['producteurs'],
  address: '12 route de Coulon, 79000 Niort',
  location: niort,
  deliveryZone: { radiusKm: 10 },
  deliveryDays: ['sat'],
  ordering: { phone: '05 49 00 00 00', website: 'https://ferme-des-pres.example' },
  delivery: true,
  author: { name: 'Jeanne Prés', email: 'jeanne@ferme-des-pres.example' },
  ...overrides,
});

/** The listing service of `tenant` on `store`, and helpers that enter a listing and confirm it by its mailed link. */
export function directorySetup<Store extends ListingStore>(store: Store, tenant = directoryTenant()) {
  const mailer = new CapturingMailer();
  const clock = new FixedClock();
  const listings = listingService({
    tenant,
    listingStore: store,
    mailer,
    clock,
    random: new SequenceRandom(),
    rateLimiter: unlimited,
    siteUrl: 'https://entraide.example/',
  });
  async function created(overrides: Partial<CreateListingInput> = {}) {
    const { id } = await listings.create(listingInput(overrides), listingOrigin);
    const token = /gerer-commerce\.html\?listing=[^&]+&token=([A-Za-z0-9_-]+)/.exec(mailer.sent.at(-1)!.text)?.[1];
    if (!token) throw new Error('no link in the mail');
    return { id, token };
  }
  async function published(overrides: Partial<CreateListingInput> = {}) {
    const listing = await created(overrides);
    await listings.verify(listing.id, listing.token);
    return listing;
  }
  return { store, mailer, clock, listings, created, published, tenant };
}

const listingSpec = fc.record({
  distanceKm: fc.double({ min: 0, max: 40, noNaN: true }),
  bearing: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
  radiusKm: fc.option(fc.double({ min: 1, max: 50, noNaN: true }), { nil: undefined }),
  communes: fc.option(fc.subarray(['79191', '79109', '79049'], { minLength: 1 }), { nil: undefined }),
  paused: fc.boolean(),
});
const pointSpec = fc.record({
  distanceKm: fc.double({ min: 0, max: 55, noNaN: true }),
  bearing: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
  commune: fc.option(fc.constantFrom('79191', '79109', '79049', '79329'), { nil: undefined }),
  limit: fc.integer({ min: 1, max: 7 }),
});

/**
 * `deliversTo` read page after page equals the brute force over every listing entered (read back
 * from the store): the same ids, nearest first, none twice. `newStore(run)` gives each run a store
 * of its own.
 */
export async function checkWhoDeliversTo(
  newStore: (run: number) => { store: ListingStore; tenantId?: string },
  options: { numRuns: number; maxListings: number },
): Promise<void> {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(listingSpec, { minLength: 1, maxLength: options.maxListings }), pointSpec, async (specs, where) => {
      const made = newStore(run++);
      const { listings, store, published, clock, tenant } = directorySetup(made.store, directoryTenant(made.tenantId));
      const ids: string[] = [];
      for (const spec of specs) {
        const location = destination(tenant.area.center, spec.distanceKm, spec.bearing);
        const zone = { ...(spec.radiusKm ? { radiusKm: spec.radiusKm } : {}), ...(spec.communes ? { communes: spec.communes } : {}) };
        const { id, token } = await published({ location, deliveryZone: zone.radiusKm || zone.communes ? zone : { radiusKm: 5 } });
        if (spec.paused) await listings.edit(id, token, { paused: true });
        ids.push(id);
      }
      const point = destination(tenant.area.center, where.distanceKm, where.bearing);
      const records = await Promise.all(ids.map((id) => store.get(tenant.id, id)));
      const expected = records
        .filter((listing) => listing && isListingPublic(listing, clock.now()) && deliversTo(listing, point, where.commune))
        .map((listing) => ({ id: listing!.id, distance: distanceKm(point, listing!.content!.location) }))
        .sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id))
        .map((listing) => listing.id);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listings.list({
          deliversTo: point,
          limit: where.limit,
          ...(where.commune ? { commune: where.commune } : {}),
          ...(cursor ? { cursor } : {}),
        });
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      if (JSON.stringify(seen) !== JSON.stringify(expected)) {
        throw new Error(`deliversTo returned ${JSON.stringify(seen)}, the brute force ${JSON.stringify(expected)}`);
      }
    }),
    { numRuns: options.numRuns },
  );
}
