import { isHealthWorkersSection, type PostRecord, type PostStore, type PublicPost, toPublicPost } from '../posts/index.js';
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
  clock: Clock;
}

/**
 * Whether a published post is a housing offer free every day of [from, to] within `radiusKm` of
 * `hospitalId`: by the distance stored at write, rounded up to the whole km (posts' health-offers.ts).
 */
export function housingMatches(post: PostRecord, query: Pick<HousingQuery, 'hospital' | 'from' | 'to' | 'radiusKm'>): boolean {
  const housing = post.content?.housing;
  if (post.kind !== 'offer' || !housing) return false;
  const distance = housing.hospitalDistancesKm[query.hospital];
  return distance !== undefined && distance <= query.radiusKm && housing.availableFrom <= query.from && housing.availableTo >= query.to;
}

/**
 * "Near hospital X, free from D1 to D2": the housing offers of the sections for health workers.
 * It reads each such section's published posts (posts' section list, newest first) and keeps those
 * that match: a section holds a town's offers (hundreds), not a region's, so no index of its own.
 */
export function housingSearchService(deps: HousingSearchDeps) {
  const { tenant } = deps;
  return {
    async search(query: HousingQuery): Promise<{ hospital: { id: string; name: string }; items: HousingHit[]; complete: boolean }> {
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
      const sections = query.section !== undefined ? [query.section] : healthWorkersSections(tenant);
      const items: HousingHit[] = [];
      const complete = await readHealthWorkersPosts(deps, sections, (post) => {
        if (housingMatches(post, query)) {
          items.push({ ...toPublicPost(post), distanceKm: post.content!.housing!.hospitalDistancesKm[query.hospital]! });
        }
      });
      // Nearest first; then the one free soonest; then by id, so the order is total.
      items.sort(
        (a, b) =>
          a.distanceKm - b.distanceKm || a.housing!.availableFrom.localeCompare(b.housing!.availableFrom) || a.id.localeCompare(b.id),
      );
      return { hospital: { id: hospital.id, name: hospital.name }, items, complete };
    },
  };
}

export type HousingSearchService = ReturnType<typeof housingSearchService>;
