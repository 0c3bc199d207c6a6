import { curveIndexOf, destination } from '../geo/index.js';
import { DensityMap, densityCountsOf } from './density.js';
import { maxQueriesPerPage } from './nearby-search.js';
import { nearbyService } from './nearby-service.js';
import type { DensitySummaryReader } from './ports.js';
import { courbevoieTenant, publishedPostRecord } from '../../../../test/support/tenants.js';
import { FixedClock, MemoryNearbyIndex, MemoryPostStore } from '../../../../test/support/core-fakes.js';

describe('nearby service and the density summary', () => {
  const tenant = courbevoieTenant();
  const center = tenant.area.center;
  // A village of 60 posts 1.5 km from the centre: a search from the centre is steered there.
  const posts = Array.from({ length: 60 }, (_, index) => {
    const at = destination(destination(center, 1.5, 1), 0.3 * Math.sqrt((index * 0.618034) % 1), index * 2.399963);
    const publicLocation = { lat: Math.round(at.lat * 1e4) / 1e4, lon: Math.round(at.lon * 1e4) / 1e4 };
    return publishedPostRecord(tenant, {
      id: `post${String(index).padStart(6, '0')}`,
      category: index % 2 ? 'groceries' : 'childcare',
      content: { ...publishedPostRecord(tenant).content!, location: publicLocation, publicLocation },
    });
  });
  const counts = densityCountsOf(posts.map((post) => curveIndexOf(post.content!.publicLocation)));

  function service(summary: DensitySummaryReader) {
    const clock = new FixedClock();
    return nearbyService({
      tenant,
      store: new MemoryPostStore(),
      nearbyIndex: new MemoryNearbyIndex(posts),
      densitySummary: summary,
      clock,
    });
  }

  it('reads the summary for a first page without a filter, counts what that cost, and answers the same posts', async () => {
    const reads: string[] = [];
    const summary: DensitySummaryReader = {
      read: async (tenantId) => {
        reads.push(tenantId);
        return { map: new DensityMap(counts), queries: 0, itemsRead: 0 };
      },
    };
    const steered = await service(summary).search({ near: center, radiusKm: 3 });
    expect(reads).toEqual([tenant.id]);
    const plain = await service({ read: () => Promise.reject(new Error('not read')) }).search({ near: center, radiusKm: 3 });
    // What reading it cost is the page's, within its budget of queries; a container that kept it pays nothing.
    const costly = await service({ read: async () => ({ map: new DensityMap(counts), queries: 5, itemsRead: 1000 }) }).search({
      near: center,
      radiusKm: 3,
    });
    expect(costly.stats.itemsRead).toBeGreaterThanOrEqual(1000);
    expect(costly.stats.queries).toBeGreaterThan(5);
    expect(costly.stats.queries).toBeLessThanOrEqual(maxQueriesPerPage);
    expect(costly.items).toEqual(steered.items);
    expect([costly.stats, steered.stats]).toMatchObject([{ summary: 'read' }, { summary: 'kept' }]);
    expect(steered.stats.itemsRead).toBeLessThan(1000);
    expect(steered.items.map((post) => post.id)).toEqual(plain.items.map((post) => post.id));
    expect(steered.items).toHaveLength(20);

    // A filtered search and a next page are not steered: the summary is not read.
    await service(summary).search({ near: center, radiusKm: 3, category: 'groceries' });
    await service(summary).search({ near: center, radiusKm: 3, cursor: steered.nextCursor! });
    expect(reads).toHaveLength(1);
  });

  it('searches as before when the summary cannot be read', async () => {
    const failing = await service({ read: () => Promise.reject(new Error('throttled')) }).search({ near: center, radiusKm: 3 });
    expect(failing.items).toHaveLength(20);
    // Said in the log's figures, so that a summary that keeps failing shows.
    expect(failing.stats).toMatchObject({ summary: 'failed' });
  });
});
