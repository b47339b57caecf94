import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentileRank, quantile, spreadOf } from './distribution.ts';

describe('where a figure sits among others', () => {
  it('gives spreadsheet quantiles and percentile ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantile([], 0.5)).toBeNull();
    expect(percentileRank([1, 2, 3, 4], 3)).toBe(62.5);
    expect(spreadOf([3, 1, 2])).toEqual({ count: 3, lowerQuartile: 1.5, median: 2, upperQuartile: 2.5 });
  });

  it('keeps quantiles in order and within the values, and ranks between 0 and 100', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: -60, max: 60, noNaN: true }),
        (values, value) => {
          const { lowerQuartile, median, upperQuartile } = spreadOf(values);
          expect(lowerQuartile!).toBeLessThanOrEqual(median!);
          expect(median!).toBeLessThanOrEqual(upperQuartile!);
          expect(lowerQuartile!).toBeGreaterThanOrEqual(Math.min(...values));
          expect(upperQuartile!).toBeLessThanOrEqual(Math.max(...values));
          const rank = percentileRank(values, value)!;
          expect(rank).toBeGreaterThanOrEqual(0);
          expect(rank).toBeLessThanOrEqual(100);
        },
      ),
    );
  });
});
