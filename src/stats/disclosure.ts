/**
 * Statistical disclosure control: what may be published of a count without pointing at a
 * person. A policy is data (chosen per organisation and per output); `publishTable` applies it
 * to a table of counts with its row and column totals, and `publishCount` to a lone figure.
 *
 * - **Primary suppression** hides small counts (for example 1 to 7). Zero is shown unless the
 *   policy says otherwise: "nobody" is rarely disclosive and hiding it hides real gaps.
 * - **Secondary suppression** hides further cells so that no hidden one can be worked out from
 *   the rows, columns and totals, even by combining them: every line of the table (each row and
 *   each column, with its total) ends with no hidden entries or at least two, and every hidden
 *   entry lies on a cycle of hidden entries (rows and columns as the corners). An entry on no
 *   cycle is a "bridge", and a bridge can always be solved for. The cells chosen are the smallest
 *   shown ones, so as little as possible is lost; a total is hidden only when its line has no
 *   other cell to hide.
 * - **Rounding** publishes shown counts to the nearest multiple of the base (5), halves up.
 *   Totals are rounded on their own, so published cells need not add to published totals; that
 *   is the point.
 *
 * Percentages are worked out from what is published, never from the hidden or unrounded
 * counts, so they cannot be used to undo the policy.
 */

export interface DisclosurePolicy {
  id: string;
  /** Counts from 1 (or 0, if `suppressZero`) up to and including this are hidden; 0 for none. */
  suppressUpTo: number;
  suppressZero: boolean;
  /** Hide further cells so a hidden one cannot be recovered from totals. */
  secondary: boolean;
  /** Publish counts rounded to this base (5); 1 for no rounding. */
  roundTo: number;
}

export const DISCLOSURE_PRESETS = {
  /** The NHS and DWP habit: hide 1–7, round the rest to 5 (rounding protects the totals). */
  'suppress-1-7-round-5': {
    id: 'suppress-1-7-round-5',
    suppressUpTo: 7,
    suppressZero: false,
    secondary: false,
    roundTo: 5,
  },
  /** Hide counts under 5, and enough others that none can be recovered. */
  'suppress-under-5-secondary': {
    id: 'suppress-under-5-secondary',
    suppressUpTo: 4,
    suppressZero: false,
    secondary: true,
    roundTo: 1,
  },
  /** Hide counts under 10, and enough others that none can be recovered. */
  'suppress-under-10-secondary': {
    id: 'suppress-under-10-secondary',
    suppressUpTo: 9,
    suppressZero: false,
    secondary: true,
    roundTo: 1,
  },
  /** Round every count to 5, hide nothing. */
  'round-5': { id: 'round-5', suppressUpTo: 0, suppressZero: false, secondary: false, roundTo: 5 },
} as const satisfies Record<string, DisclosurePolicy>;

export type DisclosurePresetId = keyof typeof DISCLOSURE_PRESETS;

export function isDisclosurePresetId(value: unknown): value is DisclosurePresetId {
  return typeof value === 'string' && value in DISCLOSURE_PRESETS;
}

/** The policy an organisation's stored preset id names; the default when it names none. */
export function disclosurePolicyOf(id: string | null | undefined): DisclosurePolicy {
  return isDisclosurePresetId(id) ? DISCLOSURE_PRESETS[id] : DISCLOSURE_PRESETS['suppress-1-7-round-5'];
}

/** Why a figure is not shown. */
export type Hidden = 'primary' | 'secondary';

export interface PublishedFigure {
  /** The count as published (rounded if the policy rounds), or null when hidden. */
  value: number | null;
  hidden: Hidden | null;
}

export interface PublishedTable {
  cells: PublishedFigure[][];
  rowTotals: PublishedFigure[];
  columnTotals: PublishedFigure[];
  grandTotal: PublishedFigure;
}

function checkCount(value: number): void {
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`Counts must be whole and not negative (got ${value})`);
}

function isPrimary(value: number, policy: DisclosurePolicy): boolean {
  if (value === 0) return policy.suppressZero;
  return value <= policy.suppressUpTo;
}

/** Round to the nearest multiple of `base`, halves up (12.5 → 15). */
export function roundToBase(value: number, base: number): number {
  return base <= 1 ? value : Math.floor(value / base + 0.5) * base;
}

/** A lone figure (a headline count) under the policy. */
export function publishCount(value: number, policy: DisclosurePolicy): PublishedFigure {
  checkCount(value);
  return isPrimary(value, policy)
    ? { value: null, hidden: 'primary' }
    : { value: roundToBase(value, policy.roundTo), hidden: null };
}

/**
 * A table of counts (rows × columns) under the policy, with its row, column and grand totals
 * (worked out here from the cells, so they are the true totals).
 */
export function publishTable(counts: number[][], policy: DisclosurePolicy): PublishedTable {
  const rows = counts.length;
  const columns = counts[0]?.length ?? 0;
  for (const row of counts) {
    if (row.length !== columns) throw new RangeError('Every row of a table needs the same number of columns');
    row.forEach(checkCount);
  }
  // The whole grid with its margins: cells, a total column on the right and a total row below.
  const grid: number[][] = counts.map((row) => [...row, row.reduce((sum, v) => sum + v, 0)]);
  const totalRow = Array.from({ length: columns + 1 }, (_, c) => grid.reduce((sum, row) => sum + row[c]!, 0));
  grid.push(totalRow);
  const hidden: (Hidden | null)[][] = grid.map((row) =>
    row.map((value) => (isPrimary(value, policy) ? 'primary' : null)),
  );

  if (policy.secondary) protectLines(grid, hidden, rows, columns);

  const figure = (r: number, c: number): PublishedFigure =>
    hidden[r]![c]
      ? { value: null, hidden: hidden[r]![c]! }
      : { value: roundToBase(grid[r]![c]!, policy.roundTo), hidden: null };
  return {
    cells: Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => figure(r, c))),
    rowTotals: Array.from({ length: rows }, (_, r) => figure(r, columns)),
    columnTotals: Array.from({ length: columns }, (_, c) => figure(rows, c)),
    grandTotal: figure(rows, columns),
  };
}

type Entry = [number, number];

/**
 * Secondary suppression over the grid with margins (row `rows` holds column totals, column
 * `columns` holds row totals). Each line is a sum: its cells add to its total. A line with
 * exactly one hidden entry gives it away, so hide one more there: the smallest shown cell, or,
 * when the line has no shown cell left, its total. Repeat until every line is safe; each step
 * hides one more entry, so it ends.
 */
function protectLines(grid: number[][], hidden: (Hidden | null)[][], rows: number, columns: number): void {
  const all: Entry[] = grid.flatMap((row, r) => row.map((_, c) => [r, c] as Entry));
  const isHidden = ([r, c]: Entry) => hidden[r]![c] !== null;
  const isTotal = ([r, c]: Entry) => r === rows || c === columns;
  // Prefer cells to totals, then the smallest, then the first (so the result is stable).
  const cheapest = (candidates: Entry[]): Entry | undefined =>
    [...candidates].sort(
      (a, b) => Number(isTotal(a)) - Number(isTotal(b)) || grid[a[0]]![a[1]]! - grid[b[0]]![b[1]]!,
    )[0];
  const hide = ([r, c]: Entry) => {
    hidden[r]![c] = 'secondary';
  };
  const lines: Entry[][] = [
    ...Array.from({ length: rows + 1 }, (_, r) => all.filter(([er]) => er === r)),
    ...Array.from({ length: columns + 1 }, (_, c) => all.filter(([, ec]) => ec === c)),
  ];
  for (;;) {
    // A line with exactly one hidden entry gives it away.
    const exposedLine = lines.find((line) => line.filter(isHidden).length === 1);
    if (exposedLine) {
      const choice = cheapest(exposedLine.filter((entry) => !isHidden(entry)));
      if (!choice) return; // a line of one entry: nothing else can hide it (cannot happen with margins)
      hide(choice);
      continue;
    }
    // A hidden entry on no cycle can be solved for by combining lines: close a cycle through it.
    const bridge = all.filter(isHidden).find((entry) => isBridge(entry, all.filter(isHidden)));
    if (!bridge) return;
    const [rowSide, columnSide] = sidesOf(bridge, all.filter(isHidden));
    const closing = all.filter(
      ([r, c]) =>
        !hidden[r]![c] &&
        ((rowSide.has(`r${r}`) && columnSide.has(`c${c}`)) ||
          (columnSide.has(`r${r}`) && rowSide.has(`c${c}`))),
    );
    const choice = cheapest(closing);
    if (!choice) return;
    hide(choice);
  }
}

/** The nodes reachable from `start` over hidden entries (rows as `r…`, columns as `c…`), leaving out `without`. */
function reachable(start: string, entries: Entry[], without: Entry): Set<string> {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length) {
    const node = queue.pop()!;
    for (const entry of entries) {
      if (entry === without) continue;
      const [a, b] = [`r${entry[0]}`, `c${entry[1]}`];
      const next = a === node ? b : b === node ? a : null;
      if (next && !seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

function isBridge(entry: Entry, hiddenEntries: Entry[]): boolean {
  return !reachable(`r${entry[0]}`, hiddenEntries, entry).has(`c${entry[1]}`);
}

/** The two groups of nodes a bridge joins: its row's side and its column's side. */
function sidesOf(bridge: Entry, hiddenEntries: Entry[]): [Set<string>, Set<string>] {
  return [
    reachable(`r${bridge[0]}`, hiddenEntries, bridge),
    reachable(`c${bridge[1]}`, hiddenEntries, bridge),
  ];
}

/**
 * A published share: numerator ÷ denominator as published, or null when either is hidden or
 * there is no one to count. Worked out from published figures only.
 */
export function publishedShare(numerator: PublishedFigure, denominator: PublishedFigure): number | null {
  if (numerator.value === null || denominator.value === null || denominator.value === 0) return null;
  return numerator.value / denominator.value;
}
