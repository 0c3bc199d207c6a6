import * as z from 'zod';
import type { LatLon } from '../geo/index.js';
import { type PostStore, isPubliclyVisible, type PublicPost } from '../posts/index.js';
import { invalidInput, notFound, pageQueryShape, type Clock } from '../shared/index.js';
import { assertCategoryOffered, categoryIdSchema, postKindIds, type PostKind, type TenantConfig } from '../tenant/index.js';
import { decodeNearbyCursor, encodeNearbyCursor, type NearbyQueryKey } from './nearby-cursor.js';
import { roundDistanceKm, searchNearby, type NearbyHit } from './nearby-search.js';
import type { DensitySummaryReader, NearbyFilter, NearbyIndex } from './ports.js';

export const defaultNearbyPageSize = 20;
export const maxNearbyPageSize = 50;

/** `near=48.8975,2.2525`: a latitude and a longitude, in degrees, comma-separated. */
export const pointParameter = z
  .string()
  .max(64)
  .transform((text, context): LatLon => {
    const match = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
    const lat = Number(match?.[1]);
    const lon = Number(match?.[2]);
    if (!match || !(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) {
      context.addIssue({ code: 'custom', message: 'a point as LAT,LON in degrees (latitude -90..90, longitude -180..180)' });
      return z.NEVER;
    }
    return { lat, lon };
  });

const pageParameters = pageQueryShape(maxNearbyPageSize);

/** `GET /posts?near=…`: the query string of a search around a point. */
export const nearbyQuerySchema = z.strictObject({
  near: pointParameter,
  radiusKm: z.coerce.number().positive().max(1000).optional(),
  category: categoryIdSchema.optional(),
  kind: z.enum(postKindIds).optional(),
  ...pageParameters,
});
export type NearbyQuery = z.infer<typeof nearbyQuerySchema>;

/** `GET /posts/{id}/matches`: only paging. */
export const matchesQuerySchema = z.strictObject(pageParameters);
export type MatchesQuery = z.infer<typeof matchesQuerySchema>;

/** A post in a search result: its public view and how far it is, to 100 m, from the public point. */
export type NearbyPost = PublicPost & { distanceKm: number };

export interface NearbyServiceDeps {
  tenant: TenantConfig;
  store: PostStore;
  nearbyIndex: NearbyIndex;
  /** Steers the first page of a search with no filter; without it (or when it fails) the search reads as before. */
  densitySummary?: DensitySummaryReader;
  clock: Clock;
}

export const complementaryKind = (kind: PostKind): PostKind => (kind === 'offer' ? 'request' : 'offer');

function toNearbyPost(hit: NearbyHit): NearbyPost {
  const { entry } = hit;
  return {
    id: entry.postId,
    kind: entry.kind,
    category: entry.category,
    title: entry.title,
    description: entry.description,
    location: entry.location,
    distanceKm: roundDistanceKm(hit.distanceKm),
    authorName: entry.authorName,
    createdAt: entry.createdAt,
    expiresAt: entry.expiresAt,
  };
}

/** Search around a point, and the matches of a post: both on the geographic index. */
export function nearbyService(deps: NearbyServiceDeps) {
  const { tenant, nearbyIndex, clock } = deps;

  async function page(key: NearbyQueryKey, filter: NearbyFilter, paging: { limit?: number; cursor?: string }) {
    const after = paging.cursor ? decodeNearbyCursor(paging.cursor, key) : undefined;
    // The summary counts every post whatever its category or kind: it steers only a search without
    // a filter. It only steers, so a summary that cannot be read leaves the search as it was.
    const steered = !after && !filter.category && !filter.kind && deps.densitySummary;
    const summary = steered ? await steered.read(tenant.id).catch(() => undefined) : undefined;
    const result = await searchNearby(nearbyIndex, {
      tenantId: tenant.id,
      near: key.near,
      radiusKm: key.radiusKm,
      filter,
      limit: paging.limit ?? defaultNearbyPageSize,
      ...(after ? { after } : {}),
      now: clock.now(),
      ...(summary ? { density: summary } : {}),
    });
    return {
      items: result.items.map(toNearbyPost),
      nextCursor: result.next ? encodeNearbyCursor(result.next, key) : null,
      // For the log: whether the summary steered this page, read now or kept by the container, or failed.
      stats: { ...result.stats, ...(steered ? { summary: summary ? (summary.queries > 0 ? 'read' : 'kept') : 'failed' } : {}) },
    };
  }

  return {
    /** Published, unexpired posts within `radiusKm` (the tenant's radius by default), nearest first. */
    async search(query: NearbyQuery) {
      const radiusKm = query.radiusKm ?? tenant.area.radiusKm;
      if (radiusKm > tenant.area.radiusKm) {
        throw invalidInput([
          { path: 'query.radiusKm', message: `at most ${tenant.area.radiusKm} km, the radius of ${tenant.name}'s area` },
        ]);
      }
      if (query.category) assertCategoryOffered(tenant, query.category, 'query.category');
      const filter: NearbyFilter = { ...(query.category ? { category: query.category } : {}), ...(query.kind ? { kind: query.kind } : {}) };
      return page({ near: query.near, radiusKm, ...filter }, filter, query);
    },

    /** Offers for a request, requests for an offer: same category, within the tenant's matching distance. */
    async matches(postId: string, query: MatchesQuery) {
      const post = await deps.store.get(tenant.id, postId);
      if (!post || !isPubliclyVisible(post, clock.now()) || !post.content) throw notFound('Post');
      const filter: NearbyFilter = { category: post.category, kind: complementaryKind(post.kind) };
      const key = { scope: `matches:${post.id}`, near: post.content.publicLocation, radiusKm: tenant.matchingDistanceKm, ...filter };
      return page(key, filter, query);
    },
  };
}

export type NearbyService = ReturnType<typeof nearbyService>;
