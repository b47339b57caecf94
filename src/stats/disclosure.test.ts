import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DISCLOSURE_PRESETS,
  publishCount,
  publishedShare,
  publishTable,
  roundToBase,
  type DisclosurePolicy,
} from './disclosure.ts';

const {
  'suppress-1-7-round-5': round5Hide7,
  'suppress-under-5-secondary': under5,
  'suppress-under-10-secondary': under10,
  'round-5': round5,
} = DISCLOSURE_PRESETS;

/**
 * An attacker who knows every published figure and that each row and column adds to its total:
 * which hidden entries can they work out? Each line gives one equation over the hidden entries
 * (the shown ones are constants). An entry is determined exactly when its unit vector lies in
 * the row space of those equations: in reduced row echelon form, a row with a single non-zero.
 */
function recoverable(counts: number[][], hidden: boolean[][]): [number, number][] {
  const rows = counts.length;
  const columns = counts[0]!.length;
  const unknowns: [number, number][] = [];
  hidden.forEach((line, r) => line.forEach((isHidden, c) => isHidden && unknowns.push([r, c])));
  const index = new Map(unknowns.map(([r, c], i) => [`${r},${c}`, i]));
  // Grid with margins: entry (r, columns) is row r's total; (rows, c) column c's; (rows, columns) the grand total.
  const equations: number[][] = [];
  const lineEquation = (entries: [number, number][], totalEntry: [number, number]) => {
    const row = new Array(unknowns.length).fill(0);
    for (const [r, c] of entries) if (index.has(`${r},${c}`)) row[index.get(`${r},${c}`)!] += 1;
    if (index.has(`${totalEntry[0]},${totalEntry[1]}`))
      row[index.get(`${totalEntry[0]},${totalEntry[1]}`)!] -= 1;
    equations.push(row);
  };
  for (let r = 0; r <= rows; r += 1)
    lineEquation(
      Array.from({ length: columns }, (_, c) => [r, c] as [number, number]),
      [r, columns],
    );
  for (let c = 0; c <= columns; c += 1)
    lineEquation(
      Array.from({ length: rows }, (_, r) => [r, c] as [number, number]),
      [rows, c],
    );
  // Gaussian elimination to reduced row echelon form.
  let pivotRow = 0;
  for (let col = 0; col < unknowns.length && pivotRow < equations.length; col += 1) {
    const found = equations.findIndex((eq, i) => i >= pivotRow && Math.abs(eq[col]!) > 1e-9);
    if (found < 0) continue;
    [equations[pivotRow], equations[found]] = [equations[found]!, equations[pivotRow]!];
    const pivot = equations[pivotRow]![col]!;
    equations[pivotRow] = equations[pivotRow]!.map((v) => v / pivot);
    for (let i = 0; i < equations.length; i += 1) {
      if (i === pivotRow) continue;
      const factor = equations[i]![col]!;
      if (Math.abs(factor) > 1e-9)
        equations[i] = equations[i]!.map((v, j) => v - factor * equations[pivotRow]![j]!);
    }
    pivotRow += 1;
  }
  return equations
    .filter((eq) => eq.filter((v) => Math.abs(v) > 1e-9).length === 1)
    .map((eq) => unknowns[eq.findIndex((v) => Math.abs(v) > 1e-9)]!);
}

function hiddenGrid(counts: number[][], policy: DisclosurePolicy) {
  const table = publishTable(counts, policy);
  return [
    ...table.cells.map((row, r) => [
      ...row.map((f) => f.hidden !== null),
      table.rowTotals[r]!.hidden !== null,
    ]),
    [...table.columnTotals.map((f) => f.hidden !== null), table.grandTotal.hidden !== null],
  ];
}

/** Random tables of small counts, where suppression has work to do. */
const tables = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }))
  .chain(([rows, columns]) =>
    fc.array(
      fc.array(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 400 })), {
        minLength: columns,
        maxLength: columns,
      }),
      {
        minLength: rows,
        maxLength: rows,
      },
    ),
  );

describe('disclosure control', () => {
  it('hides small counts and rounds the rest as each preset says', () => {
    expect(publishCount(0, round5Hide7)).toEqual({ value: 0, hidden: null });
    expect(publishCount(7, round5Hide7)).toEqual({ value: null, hidden: 'primary' });
    expect(publishCount(8, round5Hide7)).toEqual({ value: 10, hidden: null });
    expect(publishCount(12, round5Hide7)).toEqual({ value: 10, hidden: null });
    expect(publishCount(13, round5)).toEqual({ value: 15, hidden: null });
    expect(publishCount(3, round5)).toEqual({ value: 5, hidden: null });
    expect(publishCount(4, under5)).toEqual({ value: null, hidden: 'primary' });
    expect(publishCount(5, under5)).toEqual({ value: 5, hidden: null });
    expect(publishCount(9, under10).hidden).toBe('primary');
    expect(roundToBase(12.5, 5)).toBe(15);
    expect(() => publishCount(-1, under5)).toThrow(RangeError);
    expect(() => publishCount(2.5, under5)).toThrow(RangeError);
  });

  it('hides a second cell in the row and column of a small one, the smallest it can', () => {
    // Women 3 (hidden) in the first row: the row total would give it away, so another cell goes.
    const table = publishTable(
      [
        [3, 40, 57],
        [20, 30, 50],
      ],
      under5,
    );
    expect(table.cells[0]![0]!.hidden).toBe('primary');
    expect(table.cells[0]![1]!.hidden).toBe('secondary'); // 40 < 57 in the same row
    expect(table.cells[1]![0]!.hidden).toBe('secondary'); // 20 < the total in the same column
    expect(table.cells[1]![1]!.hidden).toBe('secondary'); // closes the rectangle
    expect(table.rowTotals.every((total) => total.hidden === null)).toBe(true);
    expect(table.grandTotal).toEqual({ value: 200, hidden: null });
  });

  it('hides a total when its line has nothing else to hide', () => {
    // One column: hiding 3 means hiding 30 as well, since the column adds to a shown total; two
    // unknowns with a known sum keep each other hidden.
    const table = publishTable([[3], [30]], under5);
    expect(table.cells[0]![0]!.hidden).toBe('primary');
    expect(table.rowTotals[0]!.hidden).not.toBeNull(); // the row's total is the cell itself
    expect(table.cells[1]![0]!.hidden).toBe('secondary');
    expect(table.rowTotals[1]!.hidden).toBe('secondary'); // row 2's only other entry
    expect(recoverable([[3], [30]], hiddenGrid([[3], [30]], under5))).toEqual([]);
  });

  it('has an attacker that does find what primary suppression alone leaves exposed', () => {
    const counts = [
      [3, 40, 57],
      [20, 30, 50],
    ];
    const primaryOnly = hiddenGrid(counts, { ...under5, secondary: false });
    expect(recoverable(counts, primaryOnly)).toEqual([[0, 0]]);
  });

  it('leaves no hidden entry that rows, columns and totals can recover, on random tables', () => {
    fc.assert(
      fc.property(tables, fc.constantFrom(under5, under10), (counts, policy) => {
        const hidden = hiddenGrid(counts, policy);
        // Every small count is hidden…
        counts.forEach((row, r) =>
          row.forEach((value, c) => {
            if (value > 0 && value <= policy.suppressUpTo) expect(hidden[r]![c]).toBe(true);
          }),
        );
        // …and no hidden entry can be worked out, however the equations are combined.
        expect(recoverable(counts, hidden)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('publishes every figure it shows exactly (or rounded) and nothing it hides, on random tables', () => {
    fc.assert(
      fc.property(tables, fc.constantFrom(round5Hide7, round5, under5), (counts, policy) => {
        const table = publishTable(counts, policy);
        table.cells.forEach((row, r) =>
          row.forEach((figure, c) => {
            if (figure.hidden) expect(figure.value).toBeNull();
            else {
              expect(figure.value! % policy.roundTo).toBe(0);
              expect(Math.abs(figure.value! - counts[r]![c]!)).toBeLessThanOrEqual(policy.roundTo / 2);
            }
          }),
        );
      }),
    );
  });

  it('works shares out from published figures only', () => {
    const table = publishTable([[3, 97]], round5Hide7);
    expect(publishedShare(table.cells[0]![0]!, table.grandTotal)).toBeNull();
    expect(publishedShare(table.cells[0]![1]!, table.grandTotal)).toBe(95 / 100);
    expect(publishedShare({ value: 5, hidden: null }, { value: 0, hidden: null })).toBeNull();
  });
});
