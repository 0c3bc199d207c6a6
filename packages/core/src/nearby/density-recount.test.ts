import fc from 'fast-check';
import { distanceKm } from '../geo/index.js';
import { postSpecs, postsFrom, searchNow } from '../../../../test/support/nearby-fixtures.js';
import { MemoryDensitySummary, MemoryNearbyIndex } from '../../../../test/support/core-fakes.js';
import { courbevoieTenant } from '../../../../test/support/tenants.js';
import { densityRecountJob } from './density-recount.js';

describe('the density summary’s recount (the expiry job’s correction)', () => {
  it('whatever the counts had drifted to, leaves exactly the counts of the unexpired published posts, and a second run changes nothing', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        postSpecs(30),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: -3, max: 3 })), { maxLength: 20 }),
        async (specs, drift) => {
          const tenant = { ...courbevoieTenant(), id: `recount${run++}` };
          // Posts of the area: a post's point is in it, its public point within a kilometre of that.
          const posts = postsFrom(tenant.id, specs).filter(
            (post) => distanceKm(tenant.area.center, post.content?.publicLocation ?? tenant.area.center) <= tenant.area.radiusKm + 1,
          );
          const summary = MemoryDensitySummary.of(
            posts.map((post) => ({ ...post, expiresAt: '2099-01-01T00:00:00.000Z' })),
            searchNow,
          );
          // Drift: counts pushed up or down in cells that hold posts (expired ones still counted, as before the recount).
          const cells = [...summary.cells.keys()];
          for (const [at, delta] of drift) if (cells.length > 0) summary.cells.set(cells[at % cells.length]!, Math.max(0, delta + 1));
          const recount = densityRecountJob({
            tenant,
            nearbyIndex: new MemoryNearbyIndex(posts),
            densitySummary: summary,
            clock: { now: () => searchNow },
          });
          await recount();
          const truth = MemoryDensitySummary.of(posts, searchNow);
          const nonZero = (map: Map<string, number>) => new Map([...map].filter(([, count]) => count > 0));
          expect(nonZero(summary.cells)).toEqual(nonZero(truth.cells));
          expect((await recount()).corrected).toBe(0);
        },
      ),
      { numRuns: 50 },
    );
  });
});
