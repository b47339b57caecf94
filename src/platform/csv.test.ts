import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvText, neutraliseFormula, readCsvRows, withoutFormulaGuard } from './csv.ts';

describe('CSV formula guard', () => {
  it.each(['=HYPERLINK("http://evil.example","click")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])(
    'no written cell starts a formula: %j',
    (cell) => {
      const written = (parse(csvText([[cell]])) as string[][])[0]?.[0];
      expect(written).toBe(`'${cell}`);
    },
  );

  it('leaves ordinary text, numbers and dates alone', () => {
    expect(parse(csvText([['1.1', 'Sept 2010', 12, 'Jane Harris', '• a sub-action']]))).toEqual([
      ['1.1', 'Sept 2010', '12', 'Jane Harris', '• a sub-action'],
    ]);
  });

  it('reads back exactly what was written, for any text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string(), fc.string(), fc.string()), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const read = (parse(csvText(rows)) as string[][]).map((row) => row.map(withoutFormulaGuard));
          expect(read).toEqual(rows);
          for (const row of parse(csvText(rows)) as string[][])
            for (const cell of row) expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('an apostrophe the person typed themselves is kept', () => {
    expect(withoutFormulaGuard(neutraliseFormula("'quoted'"))).toBe("'quoted'");
  });
});

describe('reading CSV rows', () => {
  it('reads text without quotation marks as the full parser does, whatever its line endings', () => {
    const cell = fc.stringMatching(/^[a-z0-9 ,;\t£é-]{0,6}$/);
    const line = fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(','));
    const ending = fc.constantFrom('\n', '\r\n', '\r');
    fc.assert(
      fc.property(fc.array(fc.tuple(line, ending), { maxLength: 8 }), fc.boolean(), (lines, bom) => {
        const text = (bom ? '\uFEFF' : '') + lines.map(([text, end]) => text + end).join('');
        const expected = parse(text.replace(/^\uFEFF/, ''), {
          relax_column_count: true,
          skip_empty_lines: true,
        }) as string[][];
        const read = readCsvRows(text);
        expect('rows' in read && read.rows).toEqual(expected);
      }),
    );
  });

  it('reads a quote-free file with one line ending throughout as the parser does', () => {
    const cell = fc.stringMatching(/^[a-z0-9 ;\t£é-]{0,6}$/);
    const line = fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(','));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), (lines, end) => {
        const text = lines.map((one) => one + end).join('');
        const expected = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
        const read = readCsvRows(text);
        expect('rows' in read && read.rows).toEqual(expected);
      }),
    );
  });
});
