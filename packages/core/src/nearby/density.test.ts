import { cellBox, curveIndexOf, destination, distanceKm } from '../geo/index.js';
import { CountedCells, DensityMap, densityCellOf, densityDepth, steeringOf } from './density.js';
import { areaCenter } from '../../../../test/support/nearby-fixtures.js';

const cellAround = (km: number, bearing: number) => densityCellOf(curveIndexOf(destination(areaCenter, km, bearing)));

describe('density summary', () => {
  it('gives each counted cell near the point its bounds, and leaves out the cells beyond the radius', () => {
    const near = cellAround(0.5, 0);
    const far = cellAround(9, 2);
    const map = new DensityMap(
      new Map([
        [near, 3],
        [far, 5],
        [cellAround(1, 1), 0],
      ]),
    );
    expect(map.posts).toBe(8);
    const cells = map.cellsWithin(areaCenter, 2);
    expect([...cells.counts]).toEqual([3]);
    const box = cellBox({ prefix: near, depth: densityDepth });
    const middle = { lat: (box.minLat + box.maxLat) / 2, lon: (box.minLon + box.maxLon) / 2 };
    expect(cells.mins[0]).toBeLessThanOrEqual(distanceKm(areaCenter, middle));
    expect(cells.maxs[0]).toBeGreaterThanOrEqual(distanceKm(areaCenter, middle));
    // Within a metre of the exact great-circle distances.
    const corner = distanceKm(areaCenter, { lat: box.maxLat, lon: box.maxLon });
    expect(
      Math.abs(
        cells.maxs[0]! -
          Math.max(
            corner,
            distanceKm(areaCenter, { lat: box.maxLat, lon: box.minLon }),
            distanceKm(areaCenter, { lat: box.minLat, lon: box.maxLon }),
            distanceKm(areaCenter, { lat: box.minLat, lon: box.minLon }),
          ),
      ),
    ).toBeLessThan(0.001);
    expect(map.cellsWithin(areaCenter, 10)).toHaveLength(2);
  });

  it('counts a cell across the reach for the share of its area inside, and finds the reach that holds a number of posts', () => {
    const cells = new CountedCells(Float64Array.of(1, 0), Float64Array.of(2, 0.5), Float64Array.of(10, 6));
    expect(cells.within(0.5)).toBe(6);
    expect(cells.within(3)).toBe(16);
    // Half the first cell's area lies within √2.5 km: 6 + 5 posts.
    expect(cells.within(Math.sqrt(2.5))).toBeCloseTo(11, 9);
    expect(cells.reach(11, 0, 20)).toBeCloseTo(Math.sqrt(2.5), 2);
    expect(cells.reach(11, 0, 20)).toBeGreaterThanOrEqual(Math.sqrt(2.5));
    // More than the counts hold: the whole radius.
    expect(cells.reach(17, 0, 20)).toBe(20);
  });

  it('steers only where it knows something and the point is not already in a full cell', () => {
    const point = curveIndexOf(areaCenter);
    expect(steeringOf(new DensityMap(new Map()), areaCenter, 5, 20)).toBeUndefined();
    expect(steeringOf(new DensityMap(new Map([[densityCellOf(point), 20]])), areaCenter, 5, 20)).toBeUndefined();
    const steering = steeringOf(new DensityMap(new Map([[cellAround(2, 1), 30]])), areaCenter, 5, 20);
    expect(steering?.cells.length).toBe(1);
    // 24 of the 30 posts lie within the reach, about 2 km away: a density of about 24 / (π 2²).
    expect(steering!.density).toBeGreaterThan(24 / (Math.PI * 2.3 ** 2));
    expect(steering!.density).toBeLessThan(24 / (Math.PI * 1.7 ** 2));
  });
});
