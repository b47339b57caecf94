import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { difference, differsFrom, indexAgainst, proportion, ratio } from './proportions.ts';

/** A count and a total it cannot exceed. */
const countOfTotal = fc
  .integer({ min: 1, max: 100_000 })
  .chain((total) => fc.tuple(fc.integer({ min: 0, max: total }), fc.constant(total)));

describe('a proportion with its Wilson interval', () => {
  it('matches the textbook value and the edges exactly', () => {
    // 81 of 263 (Newcombe 1998, example): 0.3080, Wilson 0.2553 to 0.3662.
    const share = proportion(81, 263)!;
    expect(share.estimate).toBeCloseTo(0.308, 4);
    expect(share.lower).toBeCloseTo(0.2553, 4);
    expect(share.upper).toBeCloseTo(0.3662, 4);
    expect(proportion(0, 10)!.lower).toBe(0);
    expect(proportion(10, 10)!.upper).toBe(1);
    expect(proportion(0, 0)).toBeNull();
    expect(() => proportion(11, 10)).toThrow(RangeError);
  });

  it('holds its estimate, stays within 0 and 1, mirrors, and narrows with more people', () => {
    fc.assert(
      fc.property(countOfTotal, ([count, total]) => {
        const share = proportion(count, total)!;
        expect(share.lower).toBeLessThanOrEqual(share.estimate + 1e-12);
        expect(share.upper).toBeGreaterThanOrEqual(share.estimate - 1e-12);
        expect(share.lower).toBeGreaterThanOrEqual(0);
        expect(share.upper).toBeLessThanOrEqual(1);
        const mirror = proportion(total - count, total)!;
        expect(mirror.lower).toBeCloseTo(1 - share.upper, 9);
        const tenTimes = proportion(count * 10, total * 10)!;
        expect(tenTimes.upper - tenTimes.lower).toBeLessThanOrEqual(share.upper - share.lower + 1e-12);
      }),
    );
  });
});

describe('comparing two proportions', () => {
  it('gives the difference with Newcombe’s interval (his worked example)', () => {
    // 56 of 70 against 48 of 80 (Newcombe 1998, table II): 0.2, interval 0.0524 to 0.3339.
    const d = difference(56, 70, 48, 80)!;
    expect(d.estimate).toBeCloseTo(0.2, 10);
    expect(d.lower).toBeCloseTo(0.0524, 4);
    expect(d.upper).toBeCloseTo(0.3339, 4);
    expect(differsFrom(d, 0)).toBe('above');
  });

  it('keeps each interval around its estimate, and the ratio’s the other way up when swapped', () => {
    fc.assert(
      fc.property(countOfTotal, countOfTotal, ([a, n], [b, m]) => {
        const d = difference(a, n, b, m)!;
        expect(d.lower).toBeLessThanOrEqual(d.estimate + 1e-12);
        expect(d.upper).toBeGreaterThanOrEqual(d.estimate - 1e-12);
        expect(d.lower).toBeGreaterThanOrEqual(-1 - 1e-12);
        expect(d.upper).toBeLessThanOrEqual(1 + 1e-12);
        if (a > 0 && b > 0) {
          const r = ratio(a, n, b, m)!;
          const back = ratio(b, m, a, n)!;
          expect(r.lower).toBeLessThanOrEqual(r.estimate * (1 + 1e-12));
          expect(r.upper).toBeGreaterThanOrEqual(r.estimate * (1 - 1e-12));
          expect(back.estimate).toBeCloseTo(1 / r.estimate, 9);
          expect(back.lower).toBeCloseTo(1 / r.upper, 9);
        }
      }),
    );
  });

  it('gives a representation ratio and an index against a comparator', () => {
    // 30 of 200 service users are disabled against 18% of the population (1,800 of 10,000).
    const r = ratio(30, 200, 1_800, 10_000)!;
    expect(r.estimate).toBeCloseTo(0.15 / 0.18, 10);
    expect(differsFrom(r, 1)).toBe('no clear difference');
    expect(indexAgainst(30, 200, 1_800, 10_000)).toBeCloseTo(83.33, 2);
    expect(differsFrom(ratio(10, 1_000, 1_800, 10_000)!, 1)).toBe('below');
    expect(ratio(0, 10, 0, 10)).toBeNull();
    expect(ratio(0, 100, 50, 100)!.upper).toBeLessThan(1);
    expect(indexAgainst(1, 10, 0, 10)).toBeNull();
  });
});

describe('representation against a known population share', () => {
  it('divides the share and its Wilson interval by the population share', async () => {
    const { representationAgainst } = await import('./proportions.ts');
    const estimate = representationAgainst(30, 600, 0.1)!;
    const share = proportion(30, 600)!;
    expect(estimate.estimate).toBeCloseTo(0.5);
    expect(estimate.lower).toBeCloseTo(share.lower / 0.1);
    expect(estimate.upper).toBeCloseTo(share.upper / 0.1);
    expect(representationAgainst(0, 0, 0.1)).toBeNull();
    expect(representationAgainst(3, 10, 0)).toBeNull();
  });
});
