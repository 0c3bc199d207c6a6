import fc from 'fast-check';
import {
  boxAreaKm2,
  cellBox,
  cellAt,
  cellRange,
  cellsAroundDisc,
  hilbertIndex,
  hilbertSquare,
  rangeAreaKm2,
  curveIndexOf,
} from './cells.js';
import { destination, distanceKm } from './distance.js';

const gridIndex = fc.integer({ min: 0, max: 2 ** 26 - 1 });
const franceish = fc.record({ lat: fc.double({ min: 41, max: 51, noNaN: true }), lon: fc.double({ min: -5, max: 9, noNaN: true }) });
const unit = fc.double({ min: 0, max: 0.999_999, noNaN: true });

describe('the Hilbert curve', () => {
  it("numbers every grid square once: a square's index gives the square back", () => {
    fc.assert(
      fc.property(gridIndex, gridIndex, (column, row) => {
        expect(hilbertSquare(hilbertIndex(column, row))).toEqual({ column, row });
      }),
      { numRuns: 300 },
    );
  });

  it('never jumps: the next index along the curve is a square beside this one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 52 - 2 }), (index) => {
        const here = hilbertSquare(index);
        const next = hilbertSquare(index + 1);
        expect(Math.abs(here.column - next.column) + Math.abs(here.row - next.row)).toBe(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('cells', () => {
  it("a cell's box and its range agree: every point of the box has its key in the range", () => {
    fc.assert(
      fc.property(franceish, fc.integer({ min: 1, max: 52 }), unit, unit, (at, depth, u, v) => {
        const cell = cellAt(curveIndexOf(at), depth);
        const box = cellBox(cell);
        const range = cellRange(cell);
        const inside = { lat: box.minLat + u * (box.maxLat - box.minLat), lon: box.minLon + v * (box.maxLon - box.minLon) };
        expect(curveIndexOf(inside)).toBeGreaterThanOrEqual(range.lo);
        expect(curveIndexOf(inside)).toBeLessThanOrEqual(range.hi);
      }),
      { numRuns: 500 },
    );
  });

  it("a cell's box holds exactly its range's area: one square, or two side by side", () => {
    fc.assert(
      fc.property(franceish, fc.integer({ min: 4, max: 52 }), (at, depth) => {
        const cell = cellAt(curveIndexOf(at), depth);
        const box = cellBox(cell);
        expect(boxAreaKm2(box) / rangeAreaKm2(cellRange(cell), (box.minLat + box.maxLat) / 2)).toBeCloseTo(1, 3);
        const heightToWidth = (box.maxLat - box.minLat) / ((box.maxLon - box.minLon) / 2);
        expect([0.5, 1, 2]).toContain(Math.round(heightToWidth * 2) / 2);
      }),
      { numRuns: 300 },
    );
  });

  it('the cells around a disc hold every point of the disc', () => {
    fc.assert(
      fc.property(
        franceish,
        // Depths and radii as the code pairs them: a partition around a search, the disc index's depths.
        fc.constantFrom([16, 30], [17, 30], [20, 12], [24, 3], [28, 0.8], [32, 0.2]),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        (center, [depth, maxRadiusKm], share, fraction, bearing) => {
          const radiusKm = share * maxRadiusKm!;
          const cells = cellsAroundDisc(center, radiusKm, depth!);
          const somewhere = destination(center, Math.sqrt(fraction) * radiusKm * 0.999, bearing);
          expect(distanceKm(center, somewhere)).toBeLessThanOrEqual(radiusKm);
          const z = curveIndexOf(somewhere);
          expect(cells.some((cell) => z >= cellRange(cell).lo && z <= cellRange(cell).hi)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
