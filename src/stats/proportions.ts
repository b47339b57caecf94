/**
 * Proportions and comparisons between them, each with a confidence interval. Pure and exact
 * about its edge cases (no people, everyone, nobody), because these figures go on public pages.
 *
 * - Wilson score interval for one proportion (Wilson 1927): well-behaved for small counts and
 *   proportions near 0 or 1, unlike the normal ("Wald") interval.
 * - Newcombe's hybrid score interval for a difference of two proportions (Newcombe 1998,
 *   method 10), built from the two Wilson intervals.
 * - The ratio of two proportions (a representation ratio, a relative likelihood) with the
 *   log-scale interval of Katz et al. (1978), with the usual 0.5 correction when a count is zero.
 * - An index against a comparator: 100 × this proportion ÷ the comparator's.
 */

/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

export interface Estimate {
  estimate: number;
  lower: number;
  upper: number;
}

function checkCounts(count: number, total: number): void {
  if (!Number.isFinite(count) || !Number.isFinite(total) || count < 0 || total < 0 || count > total)
    throw new RangeError(`A proportion needs 0 ≤ count ≤ total (got ${count} of ${total})`);
}

/** The share `count / total` with its Wilson score interval; null when there is nobody to count. */
export function proportion(count: number, total: number, z = Z_95): Estimate | null {
  checkCounts(count, total);
  if (total === 0) return null;
  const p = count / total;
  const z2 = z * z;
  const centre = (p + z2 / (2 * total)) / (1 + z2 / total);
  const half = (z / (1 + z2 / total)) * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total));
  // Clamp rounding error at the ends: the interval of 0 of n starts exactly at 0.
  return {
    estimate: p,
    lower: count === 0 ? 0 : Math.max(0, centre - half),
    upper: count === total ? 1 : Math.min(1, centre + half),
  };
}

/** The difference p1 − p2 with Newcombe's hybrid score interval; null if either group is empty. */
export function difference(
  count1: number,
  total1: number,
  count2: number,
  total2: number,
  z = Z_95,
): Estimate | null {
  const a = proportion(count1, total1, z);
  const b = proportion(count2, total2, z);
  if (!a || !b) return null;
  const d = a.estimate - b.estimate;
  return {
    estimate: d,
    lower: d - Math.sqrt((a.estimate - a.lower) ** 2 + (b.upper - b.estimate) ** 2),
    upper: d + Math.sqrt((a.upper - a.estimate) ** 2 + (b.estimate - b.lower) ** 2),
  };
}

/**
 * The ratio p1 ÷ p2 (how many times as likely, or how represented a group is against its share
 * of a comparator) with its log-scale interval. Null when either group is empty or both counts
 * are zero (nothing to compare).
 */
export function ratio(
  count1: number,
  total1: number,
  count2: number,
  total2: number,
  z = Z_95,
): Estimate | null {
  checkCounts(count1, total1);
  checkCounts(count2, total2);
  if (total1 === 0 || total2 === 0 || (count1 === 0 && count2 === 0)) return null;
  const estimate = count2 === 0 ? Infinity : count1 / total1 / (count2 / total2);
  // A zero count gets half an observation, the standard correction, so the interval exists.
  const [a, n1, c, n2] =
    count1 === 0 || count2 === 0
      ? [count1 + 0.5, total1 + 0.5, count2 + 0.5, total2 + 0.5]
      : [count1, total1, count2, total2];
  const logRatio = Math.log(a / n1 / (c / n2));
  const se = Math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2);
  return { estimate, lower: Math.exp(logRatio - z * se), upper: Math.exp(logRatio + z * se) };
}

/** 100 × this share ÷ the comparator's share (100 = the same); null when either is undefined or the comparator is 0. */
export function indexAgainst(
  count: number,
  total: number,
  comparatorCount: number,
  comparatorTotal: number,
): number | null {
  checkCounts(count, total);
  checkCounts(comparatorCount, comparatorTotal);
  if (total === 0 || comparatorTotal === 0 || comparatorCount === 0) return null;
  return (100 * (count / total)) / (comparatorCount / comparatorTotal);
}

/** Whether an interval says a group differs from parity (a ratio of 1, a difference of 0). */
export function differsFrom(interval: Estimate, parity: number): 'above' | 'below' | 'no clear difference' {
  if (interval.lower > parity) return 'above';
  if (interval.upper < parity) return 'below';
  return 'no clear difference';
}

/**
 * How represented a group is against a population share taken as known (a census share of a
 * whole authority): the group's share ÷ the population's, with the Wilson interval of the group's
 * share divided the same way. Null when the group is empty or the population share is 0.
 */
export function representationAgainst(
  count: number,
  total: number,
  populationShare: number,
  z = Z_95,
): Estimate | null {
  const share = proportion(count, total, z);
  if (!share || !(populationShare > 0)) return null;
  return {
    estimate: share.estimate / populationShare,
    lower: share.lower / populationShare,
    upper: share.upper / populationShare,
  };
}
