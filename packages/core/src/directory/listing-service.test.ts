import { destination, type LatLon } from '../geo/index.js';
import { DomainError, parseInput } from '../shared/index.js';
import { domainError, MemoryListingStore } from '../../../../test/support/core-fakes.js';
import {
  checkWhoDeliversTo,
  directorySetup,
  listingInput as input,
  listingOrigin as origin,
  niort,
  directoryTenant,
} from '../../../../test/support/directory-fixtures.js';
import { createListingSchema } from './listing-schemas.js';
import { openDataColumns, openDataFile } from './open-data.js';

// The clock's day is 2025-03-02 (FixedClock).
const tenant = directoryTenant();
const setup = () => directorySetup(new MemoryListingStore(), tenant);

const refusedPaths = (body: unknown): string[] => {
  try {
    parseInput(createListingSchema, body);
  } catch (error) {
    return (error as DomainError).details.map((detail) => detail.path);
  }
  return [];
};

describe('entering a listing', () => {
  it('is published by the mailed link, shows its ordering contact and never the address that entered it', async () => {
    const { listings, mailer, published } = setup();
    const { id } = await published();
    expect(mailer.sent[0]!.to).toBe('jeanne@ferme-des-pres.example');
    const shown = await listings.getPublic(id);
    expect(shown).toMatchObject({ name: 'Ferme des Prés', ordering: { phone: '05 49 00 00 00' }, section: 'producteurs' });
    expect(JSON.stringify(shown)).not.toContain('jeanne@');
    const page = await listings.list({ deliversTo: { lat: 46.35, lon: -0.45 } });
    expect(page.items.map((item) => item.id)).toEqual([id]);
  });

  it('refuses bad input naming the field: a radius out of range, a javascript: URL, a phone of letters', () => {
    expect(refusedPaths(input({ deliveryZone: { radiusKm: -1 } }))).toEqual(['deliveryZone.radiusKm']);
    expect(refusedPaths(input({ deliveryZone: { radiusKm: 150 } }))).toEqual(['deliveryZone.radiusKm']);
    expect(refusedPaths(input({ ordering: { website: 'javascript:alert(1)' } }))).toEqual(['ordering.website']);
    expect(refusedPaths(input({ ordering: { phone: 'appelez-nous' } }))).toEqual(['ordering.phone']);
    expect(refusedPaths(input({ ordering: { phone: '+33 5 49 00 00 00' } }))).toEqual([]);
  });

  it('refuses an ended section, a section of another type and an unknown commune, storing and sending nothing', async () => {
    const { listings, store, mailer } = setup();
    const ended = await domainError(listings.create(input({ section: 'paques-2024' }), origin));
    expect([ended.status, ended.code, ended.details[0]?.path]).toEqual([400, 'section_not_open', 'section']);
    const posts = await domainError(listings.create(input({ section: 'entraide' }), origin));
    expect([posts.status, posts.code, posts.details[0]?.path]).toEqual([400, 'unknown_section', 'section']);
    const commune = await domainError(listings.create(input({ deliveryZone: { communes: ['79191', 'Atlantis'] } }), origin));
    expect([commune.status, commune.code, commune.details.map((detail) => detail.path)]).toEqual([
      400,
      'unknown_commune',
      ['deliveryZone.communes.1'],
    ]);
    const category = await domainError(listings.create(input({ categories: ['groceries', 'childcare'] }), origin));
    expect([category.code, category.details[0]?.path]).toEqual(['category_not_enabled', 'categories.1']);
    expect(store.records.size).toBe(0);
    expect(mailer.sent).toHaveLength(0);
  });

  it('takes communes by INSEE code or by name, and delivers to a point of those communes', async () => {
    const { listings, published } = setup();
    const { id } = await published({ deliveryZone: { communes: ['Échiré', '79191'] } });
    expect((await listings.getPublic(id)).deliveryZone.communes).toEqual([
      { code: '79109', name: 'Échiré' },
      { code: '79191', name: 'Niort' },
    ]);
    const far: LatLon = { lat: 46.6, lon: -0.2 };
    expect((await listings.list({ deliversTo: far, commune: '79109' })).items.map((item) => item.id)).toEqual([id]);
    expect((await listings.list({ deliversTo: far, commune: '79049' })).items).toEqual([]);
  });

  it('is paused, closed and deleted by its link: out of the directory each time', async () => {
    const { listings, published } = setup();
    const point = { deliversTo: { lat: 46.33, lon: -0.46 } };
    const { id, token } = await published();
    await listings.edit(id, token, { paused: true });
    expect((await listings.list(point)).items).toEqual([]);
    await listings.edit(id, token, { paused: false, deliveryZone: { radiusKm: 2 } });
    expect((await listings.list(point)).items.map((item) => item.id)).toEqual([id]);
    await listings.close(id, token);
    expect((await listings.list(point)).items).toEqual([]);
    await listings.remove(id, token);
    expect((await domainError(listings.getOwn(id, token))).status).toBe(404);
  });

  it('repairs its index when the write after the record failed: opening the link again', async () => {
    const { listings, store, created } = setup();
    const { id, token } = await created();
    store.failBeforeNextIndex = true;
    await expect(listings.verify(id, token)).rejects.toThrow('the index write failed');
    expect((await listings.list({ deliversTo: niort })).items).toEqual([]);
    expect((await domainError(listings.verify(id, token))).code).toBe('token_already_used');
    expect((await listings.list({ deliversTo: niort })).items.map((item) => item.id)).toEqual([id]);
  });
});

describe('who delivers to me', () => {
  it('returns exactly the listings whose zone holds the point, nearest first, across all pages, once each', async () => {
    await checkWhoDeliversTo(() => ({ store: new MemoryListingStore() }), { numRuns: 60, maxListings: 25 });
  });

  it('does not return a listing 100 m outside its radius', async () => {
    const { listings, published } = setup();
    await published({ location: niort, deliveryZone: { radiusKm: 10 } });
    const outside = destination(niort, 10.1, 1);
    const inside = destination(niort, 9.9, 1);
    expect((await listings.list({ deliversTo: outside })).items).toEqual([]);
    expect((await listings.list({ deliversTo: inside })).items).toHaveLength(1);
  });
});

describe('who delivers to me, from the zone entries', () => {
  it('reads only the records of the page it shows, the order and the test made on the entries', async () => {
    const { listings, store, published } = setup();
    const ids: string[] = [];
    for (let index = 0; index < 8; index++) ids.push((await published({ location: destination(niort, index, 1) })).id);
    store.reads.length = 0;
    const first = await listings.list({ deliversTo: niort, limit: 3 });
    expect(first.items.map((item) => item.id)).toEqual(ids.slice(0, 3));
    expect(store.reads.sort()).toEqual(ids.slice(0, 3).sort());
    store.reads.length = 0;
    const second = await listings.list({ deliversTo: niort, limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((item) => item.id)).toEqual(ids.slice(3, 6));
    expect(store.reads.sort()).toEqual(ids.slice(3, 6).sort());
  });

  it('the record wins over an entry its write left behind: a listing moved out of reach is not shown, one moved nearer comes at its new place, and the entries are written again', async () => {
    const { listings, store, published } = setup();
    const near = await published({ location: destination(niort, 1, 0), deliveryZone: { radiusKm: 10 } });
    const middle = await published({ location: destination(niort, 2, 0), deliveryZone: { radiusKm: 10 } });
    const far = await published({ location: destination(niort, 3, 0), deliveryZone: { radiusKm: 10 } });
    // Two edits whose zone entries were never written: the record says one thing, its entries another.
    store.failBeforeNextIndex = true;
    await expect(listings.edit(near.id, near.token, { deliveryZone: { radiusKm: 0.5 } })).rejects.toThrow('the index write failed');
    store.failBeforeNextIndex = true;
    await expect(listings.edit(far.id, far.token, { location: destination(niort, 0.2, 0) })).rejects.toThrow('the index write failed');
    const page = await listings.list({ deliversTo: niort, limit: 2 });
    expect(page.items.map((item) => [item.id, item.distanceKm])).toEqual([
      [far.id, 0.2],
      [middle.id, 2],
    ]);
    expect(page.nextCursor).toBeNull();
    // Repaired: every entry met now says the record's version.
    const { entries } = await store.zoneEntries(tenant.id, niort, undefined);
    for (const entry of entries) expect(entry.version).toBe(store.records.get(entry.listingId)!.version);
    expect(entries.map((entry) => entry.listingId).sort()).toEqual([middle.id, far.id].sort());
  });

  it('an expired listing is not shown though its entries stay until its purge', async () => {
    const { listings, published, clock } = setup();
    await published();
    clock.advanceDays(400);
    expect((await listings.list({ deliversTo: niort })).items).toEqual([]);
  });
});

describe('open data', () => {
  it('holds every public listing and nothing else, with the documented columns and no entering address', async () => {
    const { listings, published, created } = setup();
    const shown = await published();
    await created({ name: 'Pas encore confirmée' });
    const paused = await published({ name: 'En pause' });
    await listings.edit(paused.id, paused.token, { paused: true });
    const every = await listings.everyPublicListing();
    const csv = openDataFile(tenant, every, 'csv');
    const [header, ...rows] = csv.body.trimEnd().split('\r\n');
    expect(header).toBe(openDataColumns.join(','));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.startsWith(`${shown.id},Ferme des Prés,producteurs,producteurs,`)).toBe(true);
    expect(csv.body).not.toContain('jeanne@');
    const json = JSON.parse(openDataFile(tenant, every, 'json').body);
    expect(json.licence.name).toBe('Licence Ouverte / Etalab 2.0');
    expect(json.listings.map((row: { id: string }) => row.id)).toEqual([shown.id]);
    // The same directory gives the same validator; a change gives another.
    expect(openDataFile(tenant, await listings.everyPublicListing(), 'csv').etag).toBe(csv.etag);
    await listings.edit(shown.id, shown.token, { hours: 'Samedi 9 h – 12 h' });
    expect(openDataFile(tenant, await listings.everyPublicListing(), 'csv').etag).not.toBe(csv.etag);
  });
});
