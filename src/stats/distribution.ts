/**
 * Where one figure sits among others: quantiles (linear between order statistics, the common
 * "type 7" definition spreadsheets use) and the share of the others below it. Pure.
 */
export function quantile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * Math.min(1, Math.max(0, p));
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

/** The share (0–100) of `values` below `value`, counting ties as half: its percentile rank. */
export function percentileRank(values: readonly number[], value: number): number | null {
  if (values.length === 0) return null;
  const below = values.filter((one) => one < value).length;
  const equal = values.filter((one) => one === value).length;
  return (100 * (below + equal / 2)) / values.length;
}

export interface Spread {
  count: number;
  lowerQuartile: number | null;
  median: number | null;
  upperQuartile: number | null;
}

export function spreadOf(values: readonly number[]): Spread {
  return {
    count: values.length,
    lowerQuartile: quantile(values, 0.25),
    median: quantile(values, 0.5),
    upperQuartile: quantile(values, 0.75),
  };
}
