import * as z from 'zod';
import { distanceKm, type LatLon } from '../geo/index.js';
import { pointParameter, roundDistanceKm } from '../nearby/index.js';
import { assertTenantChoices, type EntryServiceDeps } from '../posts/index.js';
import {
  badCursor,
  decodeCursor,
  DomainError,
  encodeCursor,
  enforceRateLimits,
  forbidden,
  invalidInput,
  mutateVersioned,
  notFound,
  pageQueryShape,
  siteLinks,
  type Page,
  assertLinkToken,
  newLinkSecret,
} from '../shared/index.js';
import { countEvent, counterNames } from '../stats/index.js';
import {
  assertCategoryOffered,
  assertSectionOpen,
  categoryIdSchema,
  entryExpiresAt,
  sectionIdSchema,
  sectionOfType,
} from '../tenant/index.js';
import { resolveCommunes } from './communes.js';
import { listingVerificationMail } from './listing-mails.js';
import {
  effectiveListingStatus,
  isListingPublic,
  toOwnerListing,
  toPublicListing,
  type ListingContent,
  type ListingRecord,
  type OwnerListing,
  type PublicListing,
} from './listing-record.js';
import type { CreateListingInput, EditListingInput } from './listing-schemas.js';
import type { ListingStore } from './ports.js';
import { byDistance, isAfter, whoDeliversPage, type DistanceCursor } from './who-delivers.js';

export interface ListingServiceDeps extends EntryServiceDeps {
  listingStore: ListingStore;
}

const defaultPageSize = 20;
const maxPageSize = 50;

/**
 * `GET /listings`: newest first (of one section if asked); `deliversTo=LAT,LON[&commune=]` the
 * listings whose zone holds the point, nearest first; `near=LAT,LON[&radiusKm=]` those within the
 * radius, nearest first. `category` and `section` filter all three.
 */
export const listingQuerySchema = z
  .strictObject({
    deliversTo: pointParameter.optional(),
    /** The point's commune (INSEE code, as the address search gives it): a zone of communes counts it. */
    commune: z
      .string()
      .regex(/^[0-9][0-9AB][0-9]{3}$/, { error: 'a commune code (INSEE), e.g. 79191' })
      .optional(),
    near: pointParameter.optional(),
    radiusKm: z.coerce.number().positive().max(1000).optional(),
    category: categoryIdSchema.optional(),
    section: sectionIdSchema.optional(),
    ...pageQueryShape(maxPageSize),
  })
  .superRefine((query, context) => {
    if (query.deliversTo && query.near)
      context.addIssue({ code: 'custom', path: ['near'], message: 'either deliversTo or near, not both' });
    if (query.commune && !query.deliversTo) context.addIssue({ code: 'custom', path: ['commune'], message: 'only with deliversTo' });
    if (query.radiusKm !== undefined && !query.near) context.addIssue({ code: 'custom', path: ['radiusKm'], message: 'only with near' });
  });
export type ListingQuery = z.infer<typeof listingQuerySchema>;

/** A page of listings, and what it cost to find (to the log). */
export type ListingPage = Page<PublicListing> & { stats?: { queries: number; itemsRead: number } };

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item) => b.includes(item));

/** One listing's read-change-write, conditional on the version read and retried: every change of a listing (its owner's, staff's) goes through it. */
export function mutateListing(
  deps: Pick<ListingServiceDeps, 'tenant' | 'listingStore' | 'clock'>,
  listingId: string,
  change: (listing: ListingRecord, now: Date) => ListingRecord,
): Promise<ListingRecord> {
  let read: ListingRecord | undefined;
  // The listing store's replace takes the record read (its delivery zone's entries are moved from it).
  const store = {
    get: async (tenantId: string, id: string) => (read = await deps.listingStore.get(tenantId, id)),
    replace: (listing: ListingRecord) => deps.listingStore.replace(listing, read!),
  };
  return mutateVersioned({ store, tenantId: deps.tenant.id, id: listingId, clock: deps.clock, what: 'Listing' }, change);
}

/** The directory's use cases, for businesses and residents. Inputs are already parsed by the edge. */
export function listingService(deps: ListingServiceDeps) {
  const { tenant, listingStore: store, mailer, clock, random, rateLimiter } = deps;
  const links = siteLinks(deps.siteUrl, tenant.id);

  function assertToken(listing: ListingRecord, token: string): void {
    assertLinkToken(token, listing.tokenHash, 'listing');
  }

  /** Categories offered, the point in the area, communes known: what a new or changed listing must meet. */
  function checkedContent(
    fields: { categories?: string[]; location?: LatLon; deliveryZone?: CreateListingInput['deliveryZone'] },
    now: Date,
  ) {
    fields.categories?.forEach((category, index) => assertCategoryOffered(tenant, category, `categories.${index}`));
    if (fields.location) assertTenantChoices(tenant, { location: fields.location }, now);
    if (!fields.deliveryZone) return undefined;
    const communes = fields.deliveryZone.communes ? resolveCommunes(tenant.country, fields.deliveryZone.communes) : undefined;
    return {
      ...(fields.deliveryZone.radiusKm !== undefined ? { radiusKm: fields.deliveryZone.radiusKm } : {}),
      ...(communes ? { communes } : {}),
    };
  }

  const mutate = (listingId: string, change: (listing: ListingRecord, now: Date) => ListingRecord) =>
    mutateListing(deps, listingId, change);

  /** The listing after which a page starts, from a cursor of the same query. */
  function cursorAfter(cursor: string | undefined, queryKey: string): DistanceCursor | undefined {
    if (!cursor) return undefined;
    const decoded = decodeCursor(cursor);
    if (decoded.q !== queryKey || typeof decoded.d !== 'number' || typeof decoded.id !== 'string') throw badCursor();
    return { d: decoded.d, id: decoded.id };
  }

  /** A page in distance order; a cursor holds the last of a page and the query it belongs to. */
  function distancePageOf(page: { listing: ListingRecord; distance: number }[], more: boolean, queryKey: string) {
    const last = page.at(-1);
    return {
      items: page.map(({ listing, distance }) => ({ ...toPublicListing(listing), distanceKm: roundDistanceKm(distance) })),
      nextCursor: last && more ? encodeCursor({ q: queryKey, d: last.distance, id: last.listing.id }) : null,
    };
  }

  /** Ordered by distance then id. */
  function distancePage(matches: ListingRecord[], from: LatLon, queryKey: string, paging: { limit?: number; cursor?: string }) {
    const after = cursorAfter(paging.cursor, queryKey);
    const sorted = matches
      .map((listing) => ({ listing, id: listing.id, distance: distanceKm(from, listing.content!.location) }))
      .filter((entry) => isAfter(entry, after))
      .sort(byDistance);
    const limit = paging.limit ?? defaultPageSize;
    return distancePageOf(sorted.slice(0, limit), sorted.length > limit, queryKey);
  }

  const matchesFilters = (listing: ListingRecord, query: ListingQuery) =>
    (!query.category || listing.categories.includes(query.category)) && (!query.section || listing.section === query.section);

  /** Every public listing (all pages of the newest-first list): the near search and open data read the whole directory. */
  async function everyPublic(section?: string): Promise<ListingRecord[]> {
    const all: ListingRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listPublished(tenant.id, {
        limit: 100,
        now: clock.now(),
        ...(cursor ? { cursor } : {}),
        ...(section ? { section } : {}),
      });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  }

  return {
    /** Stores the listing unpublished and mails the entering address the link that publishes it. */
    async create(input: CreateListingInput, origin: { sourceIp: string }): Promise<{ id: string; status: string }> {
      const now = clock.now();
      const section = assertSectionOpen(tenant, input.section, now, { type: 'directory' });
      const deliveryZone = checkedContent(input, now)!;
      const limits = tenant.rateLimits;
      await enforceRateLimits(
        rateLimiter,
        [
          { subject: `post:ip:${origin.sourceIp}`, max: limits.postsPerHourPerIp, windowSeconds: 3600 },
          { subject: `post:email:${input.author.email.toLowerCase()}`, max: limits.postsPerDayPerEmail, windowSeconds: 86_400 },
        ],
        now,
      );
      const { token, tokenHash } = newLinkSecret(random);
      const content: ListingContent = {
        name: input.name,
        description: input.description,
        address: input.address,
        location: input.location,
        deliveryZone,
        deliveryDays: input.deliveryDays ?? [],
        ...(input.hours ? { hours: input.hours } : {}),
        ordering: input.ordering,
        clickAndCollect: input.clickAndCollect ?? false,
        delivery: input.delivery ?? false,
        author: input.author,
      };
      const listing: ListingRecord = {
        tenantId: tenant.id,
        id: random.id(),
        section: section.id,
        categories: [...new Set(input.categories)],
        status: 'pending_verification',
        content,
        tokenHash,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        expiresAt: entryExpiresAt(tenant, section, now, tenant.postLifetimeDays).toISOString(),
        version: 1,
      };
      await store.insert(listing);
      await mailer.send(listingVerificationMail(tenant, section, listing, token, links));
      await countEvent(deps.stats, tenant, now, {
        [counterNames.listingsCreated]: 1,
        [counterNames.listingsBySection(section.id)]: 1,
        ...Object.fromEntries(listing.categories.map((category) => [counterNames.listingsByCategory(category), 1])),
      });
      return { id: listing.id, status: listing.status };
    },

    /** The mailed link: publishes the listing (or queues it for moderation). Works once; opened again, repairs its index. */
    async verify(listingId: string, token: string): Promise<{ id: string; status: string }> {
      let listing: ListingRecord;
      try {
        listing = await mutate(listingId, (current, now) => {
          assertToken(current, token);
          const status = effectiveListingStatus(current, now);
          if (status === 'expired') throw forbidden('listing_expired', 'This listing has expired');
          if (status !== 'pending_verification') throw forbidden('token_already_used', 'This listing is already confirmed');
          return tenant.features.moderation === 'before'
            ? { ...current, status: 'pending_moderation' }
            : { ...current, status: 'published', publishedAt: now.toISOString() };
        });
      } catch (error) {
        if (error instanceof DomainError && error.code === 'token_already_used') {
          const current = await store.get(tenant.id, listingId);
          if (current && isListingPublic(current, clock.now())) await store.reindex(current);
        }
        throw error;
      }
      await countEvent(deps.stats, tenant, clock.now(), { [counterNames.listingsReachedStatus(listing.status)]: 1 });
      return { id: listing.id, status: listing.status };
    },

    async getPublic(listingId: string): Promise<PublicListing> {
      const listing = await store.get(tenant.id, listingId);
      if (!listing || !isListingPublic(listing, clock.now())) throw notFound('Listing');
      return toPublicListing(listing);
    },

    async getOwn(listingId: string, token: string): Promise<OwnerListing> {
      const listing = await store.get(tenant.id, listingId);
      if (!listing || listing.status === 'deleted' || !listing.content) throw notFound('Listing');
      assertToken(listing, token);
      return toOwnerListing(listing, clock.now());
    },

    async edit(listingId: string, token: string, edit: EditListingInput): Promise<OwnerListing> {
      const deliveryZone = checkedContent(edit, clock.now());
      const listing = await mutate(listingId, (current, now) => {
        assertToken(current, token);
        const status = effectiveListingStatus(current, now);
        if (status === 'closed') throw new DomainError(409, 'listing_closed', 'This listing is closed');
        if (status === 'expired') throw new DomainError(409, 'listing_expired', 'This listing has expired');
        if (status === 'pending_verification') throw forbidden('not_verified', 'Confirm the listing from the email first');
        const { paused, categories, deliveryZone: _zone, ...fields } = edit;
        const content = { ...current.content!, ...fields, ...(deliveryZone ? { deliveryZone } : {}) };
        const changedBeyondPause = Object.keys(edit).some((key) => key !== 'paused');
        return {
          ...current,
          ...(categories && !sameSet(categories, current.categories) ? { categories: [...new Set(categories)] } : {}),
          ...(paused !== undefined ? { paused } : {}),
          // Where staff read before publication, a changed listing is read again.
          status: tenant.features.moderation === 'before' && changedBeyondPause ? 'pending_moderation' : current.status,
          content,
        };
      });
      return toOwnerListing(listing, clock.now());
    },

    async close(listingId: string, token: string): Promise<OwnerListing> {
      const listing = await mutate(listingId, (current) => {
        assertToken(current, token);
        if (current.status === 'closed') throw new DomainError(409, 'listing_closed', 'This listing is already closed');
        return { ...current, status: 'closed' };
      });
      await countEvent(deps.stats, tenant, clock.now(), { [counterNames.listingsReachedStatus('closed')]: 1 });
      return toOwnerListing(listing, clock.now());
    },

    /** Erases everything it said and who entered it; what remains (section, categories, dates) feeds the figures. */
    async remove(listingId: string, token: string): Promise<void> {
      await mutate(listingId, (current) => {
        assertToken(current, token);
        return { ...current, status: 'deleted', content: null, tokenHash: null, paused: false };
      });
      await countEvent(deps.stats, tenant, clock.now(), { [counterNames.listingsReachedStatus('deleted')]: 1 });
    },

    /** `GET /listings`: newest first, or who delivers to a point, or near a point (see listingQuerySchema). */
    async list(query: ListingQuery): Promise<ListingPage> {
      if (query.section !== undefined) sectionOfType(tenant, query.section, 'directory', 'query.section');
      if (query.category !== undefined) assertCategoryOffered(tenant, query.category, 'query.category');
      if (query.deliversTo) {
        const point = query.deliversTo;
        const key = JSON.stringify(['deliversTo', point, query.commune, query.category, query.section]);
        const after = cursorAfter(query.cursor, key);
        const found = await whoDeliversPage(store, tenant.id, clock.now(), {
          point,
          limit: query.limit ?? defaultPageSize,
          ...(query.commune ? { commune: query.commune } : {}),
          ...(query.category ? { category: query.category } : {}),
          ...(query.section ? { section: query.section } : {}),
          ...(after ? { after } : {}),
        });
        return { ...distancePageOf(found.page, found.more, key), stats: { queries: found.queries, itemsRead: found.itemsRead } };
      }
      if (query.near) {
        const point = query.near;
        const radiusKm = query.radiusKm ?? tenant.area.radiusKm;
        if (radiusKm > tenant.area.radiusKm) {
          throw invalidInput([
            { path: 'query.radiusKm', message: `at most ${tenant.area.radiusKm} km, the radius of ${tenant.name}'s area` },
          ]);
        }
        const matches = (await everyPublic(query.section)).filter(
          (listing) => distanceKm(point, listing.content!.location) <= radiusKm && matchesFilters(listing, query),
        );
        return distancePage(matches, point, JSON.stringify(['near', point, radiusKm, query.category, query.section]), query);
      }
      if (query.category !== undefined) throw invalidInput([{ path: 'query.category', message: 'only with deliversTo or near' }]);
      const page = await store.listPublished(tenant.id, {
        limit: query.limit ?? defaultPageSize,
        now: clock.now(),
        ...(query.cursor ? { cursor: query.cursor } : {}),
        ...(query.section ? { section: query.section } : {}),
      });
      return { items: page.items.map(toPublicListing), nextCursor: page.nextCursor };
    },

    /** Every public listing, for the open data (sorted by id: a stable file). */
    async everyPublicListing(): Promise<PublicListing[]> {
      return (await everyPublic()).map(toPublicListing).sort((a, b) => a.id.localeCompare(b.id));
    },
  };
}

export type ListingService = ReturnType<typeof listingService>;
