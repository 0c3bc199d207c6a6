import fc from 'fast-check';
import { blurLocation, distanceKm, minimumBlurKm, type LatLon } from './distance.js';

const paris: LatLon = { lat: 48.8566, lon: 2.3522 };
const courbevoie: LatLon = { lat: 48.8973, lon: 2.2522 };

const point = fc.record({
  lat: fc.double({ min: -80, max: 80, noNaN: true }),
  lon: fc.double({ min: -180, max: 180, noNaN: true }),
});
const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe('distanceKm', () => {
  // From the demo tenants' centres: 4.5 km north-south and 7.3 km east-west, so 8.6 km.
  it('measures the centre of Paris to the centre of Courbevoie at about 8.6 km', () => {
    expect(distanceKm(paris, courbevoie)).toBeGreaterThan(8.4);
    expect(distanceKm(paris, courbevoie)).toBeLessThan(8.8);
  });

  it('measures Paris to London at about 344 km', () => {
    expect(distanceKm(paris, { lat: 51.5074, lon: -0.1278 })).toBeCloseTo(343.5, 0);
  });

  it('measures a degree of latitude at about 111 km', () => {
    expect(distanceKm({ lat: 45, lon: 3 }, { lat: 46, lon: 3 })).toBeCloseTo(111.2, 0);
  });

  it('is zero from a point to itself and the same both ways', () => {
    fc.assert(
      fc.property(point, point, (from, to) => {
        expect(distanceKm(from, from)).toBe(0);
        expect(distanceKm(from, to)).toBeCloseTo(distanceKm(to, from), 9);
      }),
    );
  });

  it('measures short across the antimeridian', () => {
    expect(distanceKm({ lat: 0, lon: 179.99 }, { lat: 0, lon: -179.99 })).toBeLessThan(2.3);
  });
});

describe('blurLocation: what the public sees of a post’s place', () => {
  it('is never closer than 500 m to the real point, nor much further than 1 km', () => {
    fc.assert(
      fc.property(point, fraction, fraction, (exact, distanceDraw, bearingDraw) => {
        const shown = distanceKm(exact, blurLocation(exact, [distanceDraw, bearingDraw]));
        expect(shown).toBeGreaterThanOrEqual(minimumBlurKm);
        expect(shown).toBeLessThanOrEqual(1.01);
      }),
      { numRuns: 1000 },
    );
  });

  it('holds at the extreme draws, where rounding could bring it under 500 m', () => {
    for (const exact of [paris, courbevoie, { lat: 79.9999, lon: 179.9999 }, { lat: -79.9999, lon: -179.9999 }]) {
      for (const bearingDraw of [0, 0.125, 0.25, 0.5, 0.75, 0.9999999]) {
        expect(distanceKm(exact, blurLocation(exact, [0, bearingDraw]))).toBeGreaterThanOrEqual(minimumBlurKm);
        expect(distanceKm(exact, blurLocation(exact, [0.9999999, bearingDraw]))).toBeLessThanOrEqual(1.01);
      }
    }
  });

  it('goes in a different direction for a different draw', () => {
    const north = blurLocation(paris, [0.5, 0]);
    const south = blurLocation(paris, [0.5, 0.5]);
    expect(north.lat).toBeGreaterThan(paris.lat);
    expect(south.lat).toBeLessThan(paris.lat);
  });

  it('shows no more than four decimals (about 10 m)', () => {
    fc.assert(
      fc.property(point, fraction, fraction, (exact, distanceDraw, bearingDraw) => {
        const shown = blurLocation(exact, [distanceDraw, bearingDraw]);
        expect(Math.round(shown.lat * 1e4) / 1e4).toBe(shown.lat);
        expect(Math.round(shown.lon * 1e4) / 1e4).toBe(shown.lon);
        expect(Math.abs(shown.lon)).toBeLessThanOrEqual(180);
      }),
    );
  });
});
