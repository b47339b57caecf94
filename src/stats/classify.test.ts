import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classCount, classify, classOf, classRanges, CLASS_METHODS, type ClassMethod } from './classify.ts';

const values = fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 1, maxLength: 60 });

/** Least within-class squared deviation over every way of cutting the sorted values into k runs. */
function bruteForceJenksCost(sorted: number[], k: number): number {
  const cost = (run: number[]) => {
    const mean = run.reduce((a, b) => a + b, 0) / run.length;
    return run.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  };
  let best = Infinity;
  const cut = (start: number, left: number, sum: number) => {
    if (left === 1) {
      best = Math.min(best, sum + cost(sorted.slice(start)));
      return;
    }
    for (let end = start + 1; end <= sorted.length - left + 1; end++)
      cut(end, left - 1, sum + cost(sorted.slice(start, end)));
  };
  cut(0, k, 0);
  return best;
}

function costOf(sorted: number[], method: ClassMethod, k: number) {
  const classing = classify(sorted, k, method)!;
  const groups = new Map<number, number[]>();
  for (const value of sorted)
    groups.set(classOf(classing, value), [...(groups.get(classOf(classing, value)) ?? []), value]);
  let total = 0;
  for (const run of groups.values()) {
    const mean = run.reduce((a, b) => a + b, 0) / run.length;
    total += run.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  }
  return total;
}

describe('classes for a map', () => {
  it('cuts at quantiles, equal widths and natural breaks', () => {
    const data = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(classify(data, 5, 'quantile')!.breaks).toEqual([2, 4, 6, 8]);
    expect(classify(data, 2, 'equal')!.breaks).toEqual([5.5]);
    expect(classify([1, 1.1, 1.2, 5, 5.1, 9, 9.2], 3, 'jenks')!.breaks).toEqual([1.2, 5.1]);
    const classing = classify(data, 5, 'quantile')!;
    expect(data.map((value) => classOf(classing, value))).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    expect(classRanges(classing)[0]).toEqual({ lower: 1, upper: 2 });
    expect(classify([], 5, 'jenks')).toBeNull();
  });

  it('never makes more classes than there are distinct values', () => {
    expect(classCount(classify([3, 3, 3], 5, 'quantile')!)).toBe(1);
    expect(classCount(classify([1, 1, 1, 1, 9], 4, 'quantile')!)).toBe(2);
    expect(classCount(classify([1, 2], 5, 'jenks')!)).toBe(2);
  });

  it('keeps breaks ascending inside the range, every value in a class, classes in value order', () => {
    fc.assert(
      fc.property(
        values,
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom(...CLASS_METHODS),
        (data, k, method) => {
          const classing = classify(data, k, method)!;
          expect(classCount(classing)).toBeLessThanOrEqual(k);
          for (let i = 1; i < classing.breaks.length; i++)
            expect(classing.breaks[i]!).toBeGreaterThan(classing.breaks[i - 1]!);
          for (const edge of classing.breaks) {
            expect(edge).toBeGreaterThanOrEqual(classing.min);
            expect(edge).toBeLessThan(classing.max);
          }
          const sorted = [...data].sort((a, b) => a - b);
          const classes = sorted.map((value) => classOf(classing, value));
          for (let i = 1; i < classes.length; i++)
            expect(classes[i]!).toBeGreaterThanOrEqual(classes[i - 1]!);
          for (const index of classes) expect(index).toBeLessThan(classCount(classing));
          // Quantile and natural-break classes are never empty: each boundary is one of the values.
          if (method !== 'equal') expect(new Set(classes).size).toBe(classCount(classing));
        },
      ),
    );
  });

  it('finds the least within-class deviation for natural breaks, as trying every cut does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 4, maxLength: 11 }),
        fc.integer({ min: 2, max: 4 }),
        (data, k) => {
          const sorted = [...data].sort((a, b) => a - b);
          if (new Set(sorted).size < k) return;
          expect(costOf(sorted, 'jenks', k)).toBeCloseTo(bruteForceJenksCost(sorted, k), 6);
        },
      ),
    );
  });
});
