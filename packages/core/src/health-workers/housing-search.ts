import { publicPointReachKm } from '../geo/index.js';
import { publicPostOfEntry, readDisc, type NearbyIndex } from '../nearby/index.js';
import {
  isHealthWorkersSection,
  isPubliclyVisible,
  toPublicPost,
  type HousingDetails,
  type PostRecord,
  type PostStore,
  type PublicPost,
} from '../posts/index.js';
import { invalidInput, type Clock } from '../shared/index.js';
import { sectionOfType, type TenantConfig } from '../tenant/index.js';
import type { HousingQuery } from './health-worker-schemas.js';

/** The sections' published posts read for one answer, at most (50 a page): beyond, the answer says it stopped. */
export const maxHealthWorkersPostsRead = 2000;
const readPageSize = 50;

/**
 * Every published post of `sections` (sections for health workers), newest first, section after
 * section, through the posts' section list: at most `maxHealthWorkersPostsRead`. False when it stopped there.
 */
export async function readHealthWorkersPosts(
  deps: { tenant: TenantConfig; store: PostStore; clock: Clock },
  sections: string[],
  visit: (post: PostRecord) => void,
): Promise<boolean> {
  const now = deps.clock.now();
  let read = 0;
  for (const section of sections) {
    let cursor: string | undefined;
    do {
      if (read >= maxHealthWorkersPostsRead) return false;
      const page = await deps.store.listPublished(deps.tenant.id, { limit: readPageSize, section, now, ...(cursor ? { cursor } : {}) });
      read += page.items.length;
      page.items.forEach(visit);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return true;
}

/** The tenant's sections for health workers. */
export const healthWorkersSections = (tenant: TenantConfig): string[] =>
  tenant.sections.filter((section) => section.audience === 'health_workers').map((section) => section.id);

/** A housing offer found near a hospital: its public view and how far it is from that hospital (whole km, rounded up). */
export type HousingHit = PublicPost & { distanceKm: number };

export interface HousingSearchDeps {
  tenant: TenantConfig;
  store: PostStore;
  nearbyIndex: NearbyIndex;
  clock: Clock;
}

type HousingTerms = Pick<HousingQuery, 'hospital' | 'from' | 'to' | 'radiusKm'>;

/**
 * Whether an offer's housing is free every day of [from, to] within `radiusKm` of `hospital`: by
 * the distance stored at write, rounded up to the whole km (posts' health-offers.ts).
 */
const housingFits = (kind: PostRecord['kind'], housing: HousingDetails | undefined, query: HousingTerms): boolean => {
  if (kind !== 'offer' || !housing) return false;
  const distance = housing.hospitalDistancesKm[query.hospital];
  return distance !== undefined && distance <= query.radiusKm && housing.availableFrom <= query.from && housing.availableTo >= query.to;
};

/** Whether a published post is a housing offer free every day of [from, to] within `radiusKm` of `hospital`. */
export const housingMatches = (post: PostRecord, query: HousingTerms): boolean => housingFits(post.kind, post.content?.housing, query);

/**
 * "Near hospital X, free from D1 to D2": the housing offers of the sections for health workers,
 * every one (no page), nearest first.
 *
 * It reads the offers of the geographic index (the posts' search index, kind `offer`) in the disc
 * around the hospital that can hold them: the stored distance is measured from the exact point,
 * the index holds the public point, at most `publicPointReachKm` from it, so the disc's radius is
 * the radius asked plus that. Each entry carries the post's section and housing, judged there; an
 * entry written before entries carried them is judged on its post, read, and written again.
 */
export function housingSearchService(deps: HousingSearchDeps) {
  const { tenant } = deps;
  return {
    async search(query: HousingQuery): Promise<{
      hospital: { id: string; name: string };
      items: HousingHit[];
      /** Always true since the search reads the disc whole (kept for clients of the API before). */
      complete: boolean;
    }> {
      const hospital = tenant.hospitals.find((candidate) => candidate.id === query.hospital);
      if (!hospital) {
        throw invalidInput([
          { path: 'query.hospital', message: `one of: ${tenant.hospitals.map((candidate) => candidate.id).join(', ') || 'none here'}` },
        ]);
      }
      if (query.section !== undefined) {
        sectionOfType(tenant, query.section, 'posts', 'query.section');
        if (!isHealthWorkersSection(tenant, query.section)) {
          throw invalidInput([{ path: 'query.section', message: 'not a section for health workers' }]);
        }
      }
      const sections = new Set(query.section !== undefined ? [query.section] : healthWorkersSections(tenant));
      const now = deps.clock.now();
      const { hits } = await readDisc(deps.nearbyIndex, {
        tenantId: tenant.id,
        near: hospital.point,
        radiusKm: query.radiusKm + publicPointReachKm,
        filter: { kind: 'offer' },
        now,
      });
      const found = await Promise.all(
        hits.map(async ({ entry }): Promise<PublicPost | undefined> => {
          if (entry.full)
            return sections.has(entry.section ?? '') && housingFits(entry.kind, entry.housing, query)
              ? publicPostOfEntry(entry)
              : undefined;
          // An entry of the format before: the post says, and its entries are written again in the format now.
          const post = await deps.store.get(tenant.id, entry.postId);
          if (!post || !isPubliclyVisible(post, now)) return undefined;
          await deps.store.reindex(post);
          return sections.has(post.section ?? '') && housingMatches(post, query) ? toPublicPost(post) : undefined;
        }),
      );
      const items = found
        .flatMap((post) => (post ? [{ ...post, distanceKm: post.housing!.hospitalDistancesKm[query.hospital]! }] : []))
        // Nearest first; then the one free soonest; then by id, so the order is total.
        .sort(
          (a, b) =>
            a.distanceKm - b.distanceKm || a.housing!.availableFrom.localeCompare(b.housing!.availableFrom) || a.id.localeCompare(b.id),
        );
      return { hospital: { id: hospital.id, name: hospital.name }, items, complete: true };
    },
  };
}

export type HousingSearchService = ReturnType<typeof housingSearchService>;
