/**
 * Clustered, realistic posts around a tenant's centre for the geographic benchmark: a dense town
 * centre, smaller towns around it, a thin countryside, every post at its public (blurred, stored)
 * point. Deterministic: a seeded generator, so two runs compare the same posts.
 */
import { categoryIds, destination, postKindIds, type LatLon, type PostRecord } from '@entraide/core';

export const benchTenant = {
  id: 'bench-geo',
  // Orléans Métropole's centre and radius (20 km): room for a 20 km search.
  center: { lat: 47.903, lon: 1.9093 } satisfies LatLon,
  radiusKm: 20,
};

/** A small fast PRNG (mulberry32): the same seed gives the same posts. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const gaussian = (random: () => number): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

/** Towns: [distance from the centre in km, bearing in degrees, spread σ in km, share of posts]. */
const towns: [number, number, number, number][] = [
  [0, 0, 1.2, 0.4],
  [4, 30, 0.6, 0.08],
  [6, 140, 0.7, 0.08],
  [8, 250, 0.5, 0.06],
  [11, 320, 0.8, 0.07],
  [14, 90, 0.6, 0.05],
  [16, 200, 0.9, 0.06],
  [3, 190, 0.4, 0.05],
];
const countrysideShare = 1 - towns.reduce((sum, town) => sum + town[3], 0);

const round4 = (value: number): number => Math.round(value * 1e4) / 1e4;

/** A point drawn from the tenant's population: mostly in towns, some in the countryside. */
export function populatedPoint(random: () => number): LatLon {
  let pick = random();
  if (pick < countrysideShare) {
    return destination(benchTenant.center, benchTenant.radiusKm * Math.sqrt(random()), random() * 2 * Math.PI);
  }
  pick -= countrysideShare;
  for (const [distance, bearing, sigma, share] of towns) {
    if (pick < share) {
      const town = destination(benchTenant.center, distance, (bearing * Math.PI) / 180);
      return destination(town, Math.abs(gaussian(random)) * sigma, random() * 2 * Math.PI);
    }
    pick -= share;
  }
  return benchTenant.center;
}

/** `count` published posts; ids carry `prefix` so that loads can be told apart. */
export function benchPosts(
  count: number,
  seed: number,
  options: { prefix?: string; where?: (random: () => number) => LatLon } = {},
): PostRecord[] {
  const random = seededRandom(seed);
  const now = Date.parse('2026-11-01T12:00:00.000Z');
  const posts: PostRecord[] = [];
  for (let index = 0; index < count; index++) {
    const at = (options.where ?? populatedPoint)(random);
    const publicLocation = { lat: round4(at.lat), lon: round4(at.lon) };
    const published = new Date(now - Math.floor(random() * 25 * 86_400_000)).toISOString();
    posts.push({
      tenantId: benchTenant.id,
      id: `${options.prefix ?? 'p'}${String(index).padStart(8, '0')}`,
      kind: postKindIds[Math.floor(random() * postKindIds.length)]!,
      category: categoryIds[Math.floor(random() * categoryIds.length)]!,
      status: 'published',
      content: {
        title: `Annonce ${index}`,
        description: 'Je peux aider pour les courses du samedi matin, à pied ou à vélo, dans le quartier.',
        location: { lat: publicLocation.lat + 0.006, lon: publicLocation.lon },
        publicLocation,
        author: { name: 'Camille', email: `camille${index}@example.org` },
      },
      tokenHash: null,
      createdAt: published,
      updatedAt: published,
      publishedAt: published,
      expiresAt: '2099-01-01T00:00:00.000Z',
      version: 2,
    });
  }
  return posts;
}
