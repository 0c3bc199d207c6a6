import { publicListQuerySchema, type PublicListQuery } from '../posts/index.js';
import { invalidInput, parseInput } from '../shared/index.js';
import { nearbyQuerySchema, type NearbyQuery } from './nearby-service.js';

/** Parameters that only make sense around a point: without `near` they are refused, not ignored. */
export const searchOnlyParameters = ['radiusKm', 'category', 'kind'] as const;

/** Which list `GET /posts` asks for, its query string checked. */
export type PostListQuery = { nearby: NearbyQuery; newest?: never } | { newest: PublicListQuery; nearby?: never };

/**
 * `GET /posts`: nearest first around `near` (the search), else newest first (the public list).
 * A search parameter without `near` is a 400 naming it, not silently a list of the newest posts.
 */
export function postListQuery(query: Record<string, string | undefined>): PostListQuery {
  if (query.near !== undefined) return { nearby: parseInput(nearbyQuerySchema, query, 'query') };
  const misplaced = searchOnlyParameters.filter((name) => query[name] !== undefined);
  if (misplaced.length > 0) {
    throw invalidInput(misplaced.map((name) => ({ path: `query.${name}`, message: 'only with near=LAT,LON' })));
  }
  return { newest: parseInput(publicListQuerySchema, query, 'query') };
}
