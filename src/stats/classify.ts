/**
 * Putting values into classes for a choropleth map: the breaks between classes by quantiles (each
 * class about as many areas), equal intervals (each class as wide), or natural breaks (Jenks:
 * classes as tight as they can be), and which class a value falls in. Pure.
 *
 * A classing is `breaks`: the `k - 1` inner boundaries, ascending, with the minimum and maximum
 * beside them. A value belongs to the first class whose upper boundary it does not exceed, so
 * class `i` holds values in `(breaks[i-1], breaks[i]]` and the first class also holds the minimum.
 */
export type ClassMethod = 'quantile' | 'equal' | 'jenks';

export const CLASS_METHODS: readonly ClassMethod[] = ['quantile', 'equal', 'jenks'];

export interface Classing {
  method: ClassMethod;
  min: number;
  max: number;
  /** Inner boundaries, ascending; fewer than `k - 1` when the values have fewer distinct levels. */
  breaks: number[];
}

export function isClassMethod(value: unknown): value is ClassMethod {
  return typeof value === 'string' && (CLASS_METHODS as readonly string[]).includes(value);
}

export function classify(values: readonly number[], k: number, method: ClassMethod): Classing | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  const classes = Math.max(1, Math.min(Math.floor(k), new Set(sorted).size));
  const raw =
    classes === 1
      ? []
      : method === 'equal'
        ? equalBreaks(min, max, classes)
        : method === 'quantile'
          ? quantileBreaks(sorted, classes)
          : jenksBreaks(sorted, classes);
  // Boundaries that coincide (many equal values) or sit at the maximum would make empty classes.
  const breaks = [...new Set(raw)].filter((value) => value >= min && value < max).sort((a, b) => a - b);
  return { method, min, max, breaks };
}

/** The class (0-based) a value falls in. */
export function classOf(classing: Classing, value: number): number {
  let index = 0;
  while (index < classing.breaks.length && value > classing.breaks[index]!) index++;
  return index;
}

export function classCount(classing: Classing): number {
  return classing.breaks.length + 1;
}

/** Each class's bounds, for a legend. */
export function classRanges(classing: Classing): { lower: number; upper: number }[] {
  const edges = [classing.min, ...classing.breaks, classing.max];
  return edges.slice(0, -1).map((lower, index) => ({ lower, upper: edges[index + 1]! }));
}

function equalBreaks(min: number, max: number, k: number): number[] {
  const width = (max - min) / k;
  return Array.from({ length: k - 1 }, (_, index) => min + width * (index + 1));
}

/** Upper boundaries at the i/k quantiles, taken as order statistics so every boundary is a value. */
function quantileBreaks(sorted: readonly number[], k: number): number[] {
  return Array.from({ length: k - 1 }, (_, index) => {
    const rank = Math.ceil(((index + 1) * sorted.length) / k) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))]!;
  });
}

/**
 * Jenks natural breaks by dynamic programming (Fisher's exact optimisation): the partition of the
 * sorted values into k runs with the least total squared deviation within runs. O(k·n²), which
 * is fine for a map's thousand-odd areas; larger inputs are thinned to their quantiles first.
 */
function jenksBreaks(sortedValues: readonly number[], k: number): number[] {
  const sorted = sortedValues.length > 2000 ? thin(sortedValues, 2000) : sortedValues;
  const n = sorted.length;
  const prefix = [0];
  const prefixSquares = [0];
  for (const value of sorted) {
    prefix.push(prefix[prefix.length - 1]! + value);
    prefixSquares.push(prefixSquares[prefixSquares.length - 1]! + value * value);
  }
  // Squared deviation of sorted[i..j] (inclusive) from its mean.
  const cost = (i: number, j: number) => {
    const count = j - i + 1;
    const sum = prefix[j + 1]! - prefix[i]!;
    return prefixSquares[j + 1]! - prefixSquares[i]! - (sum * sum) / count;
  };
  // best[c][j]: least cost of the first j+1 values in c+1 classes; from[c][j]: where the last class starts.
  const best: number[][] = [Array.from({ length: n }, (_, j) => cost(0, j))];
  const from: number[][] = [Array.from({ length: n }, () => 0)];
  for (let c = 1; c < k; c++) {
    best.push(new Array<number>(n).fill(Infinity));
    from.push(new Array<number>(n).fill(0));
    for (let j = c; j < n; j++) {
      for (let start = c; start <= j; start++) {
        // Equal values always share a class (a value decides its class), so never cut between them.
        if (sorted[start] === sorted[start - 1]) continue;
        const total = best[c - 1]![start - 1]! + cost(start, j);
        if (total < best[c]![j]!) {
          best[c]![j] = total;
          from[c]![j] = start;
        }
      }
    }
  }
  const breaks: number[] = [];
  let end = n - 1;
  for (let c = k - 1; c > 0; c--) {
    const start = from[c]![end]!;
    breaks.unshift(sorted[start - 1]!);
    end = start - 1;
  }
  return breaks;
}

function thin(sorted: readonly number[], size: number): number[] {
  return Array.from(
    { length: size },
    (_, index) => sorted[Math.round((index * (sorted.length - 1)) / (size - 1))]!,
  );
}
