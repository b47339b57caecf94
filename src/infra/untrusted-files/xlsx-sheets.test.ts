import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zipOf } from '../../../test/helpers/crafted-files.ts';
import { CellBeyondLimitsError, isDateFormat, readXlsxSheets, serialDate } from './xlsx-sheets.ts';
import { UnreadableFileError } from './unreadable-file-error.ts';
import { hasControlCharacter } from '../../platform/control-characters.ts';

const LIMITS = { rows: 1000, columns: 50, cells: 100_000 };

async function written(build: (book: ExcelJS.Workbook) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  build(book);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The same workbook as exceljs reads it, cell by cell: the independent reading to compare with. */
async function exceljsRows(buffer: Buffer): Promise<{ name: string; rows: string[][] }[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as ArrayBuffer);
  return book.worksheets
    .map((sheet) => {
      const cells: { row: number; column: number; text: string }[] = [];
      sheet.eachRow({ includeEmpty: false }, (row, rowNumber) =>
        row.eachCell({ includeEmpty: false }, (cell, column) => {
          const value: unknown = cell.value;
          const inner = value && typeof value === 'object' && 'result' in value ? value.result : value;
          const text =
            inner instanceof Date
              ? inner.toISOString().slice(0, 10)
              : typeof inner === 'number' || typeof inner === 'boolean' || typeof inner === 'string'
                ? String(inner)
                : cell.text;
          cells.push({ row: rowNumber, column, text });
        }),
      );
      const width = Math.max(1, ...cells.map((cell) => cell.column));
      const height = Math.max(0, ...cells.map((cell) => cell.row));
      const rows = Array.from({ length: height }, () => new Array<string>(width).fill(''));
      for (const cell of cells) rows[cell.row - 1]![cell.column - 1] = cell.text;
      return { name: sheet.name, rows };
    })
    .filter((sheet) => sheet.rows.length > 0);
}

const cellValue = fc.oneof(
  fc.constant(null),
  fc
    .string({ maxLength: 12 })
    .filter((text) => !text.includes('_') && !hasControlCharacter(text, { allowLineBreaksAndTabs: false })),
  fc.constantFrom(
    'Jane Harris & Co',
    '<b>not markup</b>',
    '"quoted"',
    "it's",
    'Ysgol Gymraeg – café',
    '1.10',
  ),
  fc.integer({ min: -100_000, max: 100_000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc
    .date({
      min: new Date('1950-01-01T00:00:00Z'),
      max: new Date('2090-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()))),
  // exceljs reads a formula whose result is 0 as having none; the hand-written test covers 0.
  fc.record({ formula: fc.constant('1+1'), result: fc.integer({ min: 1, max: 99 }) }),
);

describe('reading an Excel workbook', () => {
  it('reads every cell as exceljs does, for random sheets of text, numbers, dates, booleans and formulas', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.array(cellValue, { maxLength: 6 }), { maxLength: 8 }), {
          minLength: 1,
          maxLength: 3,
        }),
        async (sheets) => {
          const buffer = await written((book) =>
            sheets.forEach((rows, index) => {
              const sheet = book.addWorksheet(`Sheet ${index + 1}`);
              rows.forEach((row, rowIndex) =>
                row.forEach((value, column) => {
                  if (value !== null) sheet.getCell(rowIndex + 1, column + 1).value = value;
                }),
              );
            }),
          );
          expect(readXlsxSheets(buffer, LIMITS)).toEqual(await exceljsRows(buffer));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('repeats a vertical merge down the rows it covers; a horizontal merge spans its first cell only', async () => {
    const buffer = await written((book) => {
      const sheet = book.addWorksheet('Plan');
      sheet.addRow(['Area 1: Knowing our communities']);
      sheet.mergeCells('A1:C1');
      sheet.addRow(['1.1', 'Publish the profile', 'Policy team']);
      sheet.addRow(['1.2', 'Share the data', '']);
      sheet.mergeCells('C2:C3');
    });
    expect(readXlsxSheets(buffer, LIMITS)).toEqual([
      {
        name: 'Plan',
        rows: [
          ['Area 1: Knowing our communities', '', ''],
          ['1.1', 'Publish the profile', 'Policy team'],
          ['1.2', 'Share the data', 'Policy team'],
        ],
      },
    ]);
  });

  /** A workbook written by hand, as other generators write them: prefixes, inline strings, no addresses. */
  function handWritten(sheetXml: string, extra: { workbookPr?: string; styles?: string } = {}): Buffer {
    const part = (name: string, xml: string) => ({ name, data: Buffer.from(xml, 'utf8') });
    return zipOf([
      part(
        'xl/workbook.xml',
        `<?xml version="1.0"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${extra.workbookPr ?? ''}<x:sheets><x:sheet name="Action plan &amp; progress" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`,
      ),
      part(
        'xl/_rels/workbook.xml.rels',
        `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/one.xml"/></Relationships>`,
      ),
      part('xl/styles.xml', extra.styles ?? '<styleSheet/>'),
      part('xl/worksheets/one.xml', sheetXml),
    ]);
  }

  it('reads namespace prefixes, inline strings, cells without addresses, escaped characters and a formula whose result is 0', () => {
    const buffer = handWritten(
      `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
        <x:row r="2"><x:c t="inlineStr"><x:is><x:t>Ref</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:r><x:t>What we </x:t></x:r><x:r><x:t>will do</x:t></x:r></x:is></x:c></x:row>
        <x:row><x:c t="inlineStr"><x:is><x:t>1.1</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t xml:space="preserve">Line one_x000D_&#10;Line two &amp; more</x:t></x:is></x:c><x:c t="b"><x:v>1</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c><x:c><x:f>C3-C3</x:f><x:v>0</x:v></x:c><x:c><x:f>D1</x:f></x:c></x:row>
      </x:sheetData></x:worksheet>`,
    );
    expect(readXlsxSheets(buffer, LIMITS)).toEqual([
      {
        name: 'Action plan & progress',
        rows: [
          ['', '', '', '', ''],
          ['Ref', 'What we will do', '', '', ''],
          ['1.1', 'Line one\r\nLine two & more', 'true', '#N/A', '0'],
        ],
      },
    ]);
  });

  it('turns date-formatted numbers into ISO dates, in the 1900 and the 1904 date systems', () => {
    const styles = `<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>`;
    const sheet = `<worksheet><sheetData><row r="1"><c r="A1" s="1"><v>40451</v></c><c r="B1" s="2"><v>40451.5</v></c><c r="C1"><v>40451</v></c></row></sheetData></worksheet>`;
    expect(readXlsxSheets(handWritten(sheet, { styles }), LIMITS)[0]!.rows).toEqual([
      ['2010-09-30', '2010-09-30', '40451'],
    ]);
    expect(
      readXlsxSheets(handWritten(sheet, { styles, workbookPr: '<workbookPr date1904="1"/>' }), LIMITS)[0]!
        .rows[0]![0],
    ).toBe('2014-10-01');
  });

  it('knows a date format from a number format', () => {
    expect(isDateFormat('dd/mm/yyyy')).toBe(true);
    expect(isDateFormat('[$-809]d mmmm yyyy;@')).toBe(true);
    expect(isDateFormat('0.00')).toBe(false);
    expect(isDateFormat('#,##0 "days"')).toBe(false);
    expect(isDateFormat('General')).toBe(false);
    expect(serialDate(61, false)).toBe('1900-03-01');
  });

  it('names the first cell beyond the limits, and refuses too many cells', async () => {
    const buffer = await written((book) => {
      const sheet = book.addWorksheet('Plan');
      sheet.getCell('A1').value = 'Ref';
      sheet.getCell('BA7').value = 'stray';
    });
    expect(() => readXlsxSheets(buffer, LIMITS)).toThrow(CellBeyondLimitsError);
    expect(() => readXlsxSheets(buffer, LIMITS)).toThrow(/cell BA7/);
    expect(() => readXlsxSheets(buffer, { ...LIMITS, columns: 100, cells: 1 })).toThrow(
      /too large or too complex/,
    );
  });

  it('refuses rows and cells that are never closed, in one pass rather than a search from each', () => {
    const unclosedRows = handWritten(
      `<worksheet><sheetData>${'<row r="1">'.repeat(50_000)}</sheetData></worksheet>`,
    );
    expect(() => readXlsxSheets(unclosedRows, LIMITS)).toThrow(/could not be opened as an Excel workbook/);
    const unclosedCells = handWritten(
      `<worksheet><sheetData><row r="1">${'<c r="A1">'.repeat(50_000)}</row></sheetData></worksheet>`,
    );
    expect(() => readXlsxSheets(unclosedCells, LIMITS)).toThrow(/could not be opened as an Excel workbook/);
  });

  it('refuses a workbook without its parts, a document type declaration, or a missing shared string', () => {
    const noWorkbook = zipOf([{ name: 'xl/other.xml', data: Buffer.from('<x/>') }]);
    expect(() => readXlsxSheets(noWorkbook, LIMITS)).toThrow(UnreadableFileError);
    const doctype = handWritten('<!DOCTYPE worksheet [<!ENTITY a "aaaa">]><worksheet/>');
    expect(() => readXlsxSheets(doctype, LIMITS)).toThrow(/could not be opened as an Excel workbook/);
    const missing = handWritten(
      '<worksheet><sheetData><row><c t="s"><v>7</v></c></row></sheetData></worksheet>',
    );
    expect(() => readXlsxSheets(missing, LIMITS)).toThrow(/could not be opened as an Excel workbook/);
  });
});
