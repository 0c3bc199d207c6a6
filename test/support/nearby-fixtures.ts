/**
 * Random posts and searches for the property tests of the geographic search (core's, on the
 * in-memory index, and the adapter's, on the embedded DynamoDB), and the brute-force answer they
 * are checked against. Test-only: index.ts does not export it.
 */
import fc from 'fast-check';
import { categoryIds, postKindIds } from '@entraide/core';
import { destination, distanceKm, type LatLon } from '@entraide/core';
import { cellBox, cellAt, curveIndexOf } from '@entraide/core';
import { compareHits, type NearbyFilter } from '@entraide/core';
import type { PostRecord, StoredStatus } from '@entraide/core';

export const searchNow = new Date('2026-03-10T12:00:00.000Z');
export const areaCenter: LatLon = { lat: 48.8973, lon: 2.2522 };
const areaRadiusKm = 3;

const round4 = (value: number) => Math.round(value * 1e4) / 1e4;
const point = (at: LatLon): LatLon => ({ lat: round4(at.lat), lon: round4(at.lon) });

/** Anywhere in the area or just past its edge (public points are up to 1 km off the exact ones). */
const inArea = fc
  .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }))
  .map(([fraction, bearing]) => point(destination(areaCenter, Math.sqrt(fraction) * (areaRadiusKm + 1), bearing)));

/** Right at the edge of the area. */
const atEdge = fc
  .tuple(
    fc.double({ min: areaRadiusKm - 0.05, max: areaRadiusKm + 0.05, noNaN: true }),
    fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
  )
  .map(([distance, bearing]) => point(destination(areaCenter, distance, bearing)));

/** On either side of the border of a cell (of any size the search may use) near the centre. */
const acrossCellBorder = fc
  .tuple(
    inArea,
    fc.integer({ min: 18, max: 40 }),
    fc.integer({ min: 0, max: 3 }),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.constantFrom(-1, 1),
  )
  .map(([base, depth, side, along, outward]) => {
    const box = cellBox(cellAt(curveIndexOf(base), depth));
    const step = 1e-4 * outward;
    const lat = box.minLat + along * (box.maxLat - box.minLat);
    const lon = box.minLon + along * (box.maxLon - box.minLon);
    const candidates: LatLon[] = [
      { lat: box.minLat + step, lon },
      { lat: box.maxLat + step, lon },
      { lat, lon: box.minLon + step },
      { lat, lon: box.maxLon + step },
    ];
    return point(candidates[side]!);
  });

export const publicPoint = fc.oneof(
  { weight: 3, arbitrary: inArea },
  { weight: 1, arbitrary: atEdge },
  { weight: 2, arbitrary: acrossCellBorder },
);

const status = fc.constantFrom<StoredStatus | 'expired'>(
  'published',
  'published',
  'published',
  'published',
  'closed',
  'expired',
  'pending_verification',
  'deleted',
);

export interface PostSpec {
  location: LatLon;
  status: StoredStatus | 'expired';
  category: (typeof categoryIds)[number];
  kind: (typeof postKindIds)[number];
  /** Minutes before `searchNow`; equal ones make equal dates. */
  ageMinutes: number;
}

const postSpec = fc.record({
  location: publicPoint,
  status,
  category: fc.constantFrom(...categoryIds.slice(0, 3)),
  kind: fc.constantFrom(...postKindIds),
  ageMinutes: fc.integer({ min: 1, max: 40 }),
});

/** Posts, some of them at the very same public point, some mirrored around a meridian (equal distances). */
export const postSpecs = (maxLength: number) =>
  fc
    .tuple(fc.array(postSpec, { minLength: 0, maxLength }), fc.array(fc.nat(), { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 6 }))
    .map(([specs, twins, mirrors]) => {
      const result = [...specs];
      for (const index of twins) if (specs.length > 0) result.push({ ...specs[index % specs.length]!, ageMinutes: (index % 3) + 1 });
      for (const index of mirrors) {
        const original = specs[index % Math.max(1, specs.length)];
        if (original)
          result.push({ ...original, location: { lat: original.location.lat, lon: round4(2 * areaCenter.lon - original.location.lon) } });
      }
      return result;
    });

/**
 * A town: many posts packed around one point (some at the very same point), among sparse ones.
 * Searches from beside it meet a density that their first read did not foresee, which is where
 * reads are stopped short and taken up again.
 */
export const townPostSpecs = fc
  .tuple(
    inArea,
    fc.double({ min: 0.01, max: 0.4, noNaN: true }),
    fc.array(
      fc.tuple(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        fc.integer({ min: 1, max: 40 }),
      ),
      { minLength: 30, maxLength: 150 },
    ),
    postSpecs(30),
  )
  .map(([town, spreadKm, placed, others]): PostSpec[] => [
    ...placed.map(
      ([fraction, bearing, ageMinutes], index): PostSpec => ({
        location: point(destination(town, spreadKm * fraction, bearing)),
        status: index % 9 === 0 ? 'closed' : index % 11 === 0 ? 'expired' : 'published',
        category: categoryIds[index % 3]!,
        kind: postKindIds[index % postKindIds.length]!,
        ageMinutes,
      }),
    ),
    ...others,
  ]);

export interface SearchSpec {
  near: LatLon;
  radiusKm: number;
  filter: NearbyFilter;
  limit: number;
}

export const searchSpec = fc.record({
  near: fc.oneof(inArea, atEdge, fc.constant(areaCenter)),
  radiusKm: fc.oneof(fc.double({ min: 0.05, max: areaRadiusKm, noNaN: true }), fc.constant(areaRadiusKm)),
  filter: fc.record({ category: fc.constantFrom(...categoryIds.slice(0, 3)), kind: fc.constantFrom(...postKindIds) }, { requiredKeys: [] }),
  limit: fc.integer({ min: 1, max: 8 }),
});

/** The post records the specs describe, for `tenantId`, ids in order. */
export function postsFrom(tenantId: string, specs: PostSpec[]): PostRecord[] {
  return specs.map((spec, index) => {
    const created = new Date(searchNow.getTime() - spec.ageMinutes * 60_000).toISOString();
    const expired = spec.status === 'expired';
    const stored: StoredStatus = spec.status === 'expired' ? 'published' : spec.status;
    return {
      tenantId,
      id: `post${String(index).padStart(6, '0')}`,
      kind: spec.kind,
      category: spec.category,
      status: stored,
      content:
        stored === 'deleted'
          ? null
          : {
              title: `Annonce ${index}`,
              description: 'Une annonce de test.',
              location: { lat: spec.location.lat + 0.005, lon: spec.location.lon },
              publicLocation: spec.location,
              author: { name: 'Test', email: `auteur${index}@example.org` },
            },
      tokenHash: null,
      createdAt: created,
      updatedAt: created,
      ...(stored === 'published' ? { publishedAt: created } : {}),
      expiresAt: expired ? new Date(searchNow.getTime() - 60_000).toISOString() : new Date(searchNow.getTime() + 86_400_000).toISOString(),
      version: 1,
    };
  });
}

/** What the search must answer, by brute force: every post checked with the haversine distance. */
export function bruteForce(posts: PostRecord[], search: SearchSpec, now: Date = searchNow): string[] {
  return posts
    .filter((post) => post.status === 'published' && post.content !== null && Date.parse(post.expiresAt) > now.getTime())
    .filter(
      (post) =>
        (!search.filter.category || post.category === search.filter.category) && (!search.filter.kind || post.kind === search.filter.kind),
    )
    .map((post) => ({
      postId: post.id,
      createdAt: post.publishedAt ?? post.createdAt,
      distanceKm: distanceKm(search.near, post.content!.publicLocation),
    }))
    .filter((hit) => hit.distanceKm <= search.radiusKm)
    .sort(compareHits)
    .map((hit) => hit.postId);
}
