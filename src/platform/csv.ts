import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/**
 * Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage
 * return before one) as a formula — so a downloaded CSV could carry `=HYPERLINK(…)` from any text
 * a user typed. Every CSV Equalis writes goes through `csvText`, which puts an apostrophe in front
 * of such a cell (the OWASP advice; spreadsheets then show the text as typed). `withoutFormulaGuard`
 * takes it off again, so our importers read their own exports back unchanged.
 */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);

/** How many apostrophes open the cell, when a formula character follows them; -1 when none does. */
function apostrophesBeforeFormula(cell: string): number {
  let count = 0;
  while (cell[count] === "'") count += 1;
  return count < cell.length && FORMULA_START.has(cell[count]!) ? count : -1;
}

/**
 * Guards a cell. A cell that already starts with apostrophes before a formula character gets one
 * more too, so that reading back is exact even for text someone typed as `'=`.
 */
export function neutraliseFormula(cell: string): string {
  return apostrophesBeforeFormula(cell) >= 0 ? `'${cell}` : cell;
}

export function withoutFormulaGuard(cell: string): string {
  return apostrophesBeforeFormula(cell) > 0 ? cell.slice(1) : cell;
}

function asCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  // A number is written as a number ("-7.9"): it cannot be a formula, and the guard would make it text.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return neutraliseFormula(typeof value === 'string' ? value : String(value));
}

/**
 * Rows as CSV text, every cell guarded. `header` adds a first row of column names; `byteOrderMark`
 * makes Excel open the file as UTF-8 (so "–" and "’" survive).
 */
export function csvText(
  rows: readonly (readonly unknown[])[],
  options: { header?: readonly string[]; byteOrderMark?: boolean } = {},
): string {
  const all = options.header ? [options.header, ...rows] : rows;
  const text = stringify(all.map((row) => row.map(asCell)));
  return options.byteOrderMark ? `\ufeff${text}` : text;
}

/** Rows of a CSV someone sent, or where it stops being CSV, as a located problem rather than an error. */
export type CsvRead = { rows: string[][] } | { problem: { line: number; message: string } };

/**
 * Reads CSV text (a byte order mark aside, rows of any length) for an importer. A broken file
 * (an unclosed quotation mark, a truncated upload) is answered with the line it breaks at, so
 * every importer words that problem the same way.
 */
export function readCsvRows(text: string, options: { skipEmpty?: boolean } = {}): CsvRead {
  const body = text.replace(/^\uFEFF/, '');
  if ((options.skipEmpty ?? true) && isPlainCsv(body)) return { rows: splitPlainCsv(body) };
  try {
    return {
      rows: parse(body, {
        relax_column_count: true,
        skip_empty_lines: options.skipEmpty ?? true,
      }) as string[][],
    };
  } catch (error) {
    return {
      problem: {
        line: Number((error as { lines?: number }).lines) || 1,
        message: 'The file stops being readable as CSV here (often a quotation mark that is never closed)',
      },
    };
  }
}

/**
 * Text with no quotation mark and one kind of line ending throughout (LF, or CRLF): every comma
 * separates cells and every line ends a row, so it can be split directly, several times faster
 * than the full parser and meaning the same. Anything else (a lone carriage return, endings
 * mixed, which the parser reads by the first ending it meets) goes to the parser.
 */
function isPlainCsv(body: string): boolean {
  if (body.includes('"')) return false;
  if (!body.includes('\r')) return true;
  return !/\r(?!\n)|(?<!\r)\n/.test(body);
}

function splitPlainCsv(body: string): string[][] {
  const rows: string[][] = [];
  for (const line of body.split(body.includes('\r') ? '\r\n' : '\n'))
    if (line.length) rows.push(line.split(','));
  return rows;
}

/**
 * Calls `onRow` with each row of CSV text someone sent and its line, keeping none of them: for
 * files of a million rows, where holding every row at once would be most of the memory. Text with
 * no quotation marks at all (most exports of plain answers) is split directly, which is several
 * times faster and means the same. Empty lines are skipped. Returns where the file stops being
 * CSV, or null.
 */
export function eachCsvRow(
  text: string,
  onRow: (cells: string[], line: number) => void,
): { line: number; message: string } | null {
  const body = text.replace(/^\uFEFF/, '');
  if (!body.includes('"')) {
    let line = 0;
    for (const raw of body.split(/\r?\n/)) {
      line += 1;
      if (raw.length) onRow(raw.split(','), line);
    }
    return null;
  }
  try {
    parse(body, {
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (record: string[], context: { lines: number }) => {
        onRow(record, context.lines);
        return null;
      },
    });
    return null;
  } catch (error) {
    return {
      line: Number((error as { lines?: number }).lines) || 1,
      message: 'The file stops being readable as CSV here (often a quotation mark that is never closed)',
    };
  }
}

/** The rows after the first as records keyed by the first row's headings. */
export function recordsOf(rows: readonly string[][]): Record<string, string>[] {
  const [heading = [], ...rest] = rows;
  return rest.map((cells) => Object.fromEntries(heading.map((name, index) => [name, cells[index] ?? ''])));
}
