import { TOO_COMPLEX, UnreadableFileError } from './unreadable-file-error.ts';
import { inflateEntry, OFFICE_LIMITS, zipEntries, type ZipEntry } from './zip-archive.ts';

/**
 * The cells of an Excel workbook (.xlsx) as the person sees them, read straight from the
 * archive's XML. A general spreadsheet library builds a full object model (styles, fonts, every
 * cell as an object) that an import never uses; reading only the shared strings, the date formats
 * and the cell values costs a fraction of that, which matters for a plan or a dataset of
 * thousands of rows. Everything here is linear in the size of the file, and the caps below are
 * checked before anything is sized by what the file claims.
 *
 * What a cell becomes:
 * - text as written (shared, inline or rich text joined; `_x000D_` escapes decoded);
 * - numbers as JavaScript writes them (`12`, `0.25`); true/false; an error as its code (`#N/A`);
 * - a number formatted as a date is the ISO date (`2010-09-30`), in either date system;
 * - a formula is its last calculated result (a workbook saved by Excel always carries one);
 * - a vertical merge repeats the value at its top in every row it covers (the Word rule); a
 *   horizontal merge spans, so only its first cell holds the value.
 */
export interface SheetLimits {
  rows: number;
  columns: number;
  cells: number;
}

export interface SheetCells {
  name: string;
  /** Rows from row 1 to the last filled row, each as wide as the widest; '' for empty cells. */
  rows: string[][];
}

/** A cell beyond the caps: the caller says so in its own words, naming the cell. */
export class CellBeyondLimitsError extends UnreadableFileError {
  constructor(
    readonly sheet: string,
    readonly cell: string,
  ) {
    super(`Sheet '${sheet}' has something in cell ${cell}, beyond what Equalis reads.`);
    this.name = 'CellBeyondLimitsError';
  }
}

const notAWorkbook = () =>
  new UnreadableFileError(
    'This file could not be opened as an Excel workbook. Save it again as .xlsx and try once more.',
  );

/** Excel's name for a column number: 1 is A, 16,384 is XFD. */
export function columnName(column: number): string {
  let name = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26))
    name = String.fromCharCode(65 + ((rest - 1) % 26)) + name;
  return name;
}

/** "B12" → { column: 2, row: 12 }; null for anything else. */
function cellAddress(reference: string): { column: number; row: number } | null {
  const match = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(reference.toUpperCase());
  if (!match) return null;
  let column = 0;
  for (const letter of match[1]!) column = column * 26 + (letter.charCodeAt(0) - 64);
  return { column, row: Number(match[2]) };
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML character data as text: entities and character references, then OOXML's `_xHHHH_` escapes. */
function xmlText(raw: string): string {
  if (!raw.includes('&') && !raw.includes('_x')) return raw; // most cells: nothing to decode
  return raw
    .replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/g, (whole, name: string) => {
      if (name[0] !== '#') return ENTITY[name] ?? whole;
      const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    })
    .replace(/_x([0-9a-fA-F]{4})_/g, (_whole, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** An element's attributes, by local name (a prefix such as `r:` is dropped). */
function attributes(source: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of source.matchAll(/(?:[\w.-]+:)?([\w.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
    found.set(match[1]!, xmlText(match[2] ?? match[3] ?? ''));
  return found;
}

/**
 * A cell's or row's own attributes (address, style and type), read without building a map: a
 * sheet has tens of thousands of cells and these three are all a value needs.
 */
function cellAttributes(source: string): { r: string; s: string; t: string } {
  const found = { r: '', s: '', t: '' };
  for (const match of source.matchAll(/(?:^|\s)([rst])\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
    found[match[1] as 'r' | 's' | 't'] = match[2] ?? match[3] ?? '';
  return found;
}

/** Element names may carry a namespace prefix (`x:c`), as some generators write them. */
const P = '(?:[\\w.-]+:)?';
interface Element {
  attrs: string;
  /** What is between the tags; undefined for a self-closing element. */
  inner: string | undefined;
  start: number;
  end: number;
}

/**
 * Every `<name …>…</name>` (or `<name …/>`) in `xml`, in order, in one pass: each element's end is
 * found with indexOf from its start, and the next search begins after it, so an element that is
 * never closed is refused at once instead of being searched for from every opening (which a
 * crafted sheet of unclosed rows would turn into minutes). Elements of one name do not nest here.
 */
function* elementsIn(xml: string, name: string): Generator<Element> {
  const opening = new RegExp(`<(${P}${name})(?=[\\s/>])`, 'g');
  for (let match = opening.exec(xml); match; match = opening.exec(xml)) {
    const tagEnd = xml.indexOf('>', match.index);
    if (tagEnd < 0) throw notAWorkbook();
    const attrs = xml.slice(match.index + match[0].length, tagEnd);
    if (attrs.endsWith('/')) {
      yield { attrs: attrs.slice(0, -1), inner: undefined, start: match.index, end: tagEnd + 1 };
      opening.lastIndex = tagEnd + 1;
      continue;
    }
    const closing = xml.indexOf(`</${match[1]}`, tagEnd + 1);
    const closingEnd = closing < 0 ? -1 : xml.indexOf('>', closing);
    if (closingEnd < 0) throw notAWorkbook();
    yield { attrs, inner: xml.slice(tagEnd + 1, closing), start: match.index, end: closingEnd + 1 };
    opening.lastIndex = closingEnd + 1;
  }
}

const INLINE_STRING = new RegExp(`<${P}is\\b[^>]*>([\\s\\S]*?)</${P}is\\s*>`);
const VALUE = new RegExp(`<${P}v\\b[^>]*>([\\s\\S]*?)</${P}v\\s*>|<${P}v\\b[^>]*/>`);
const SHEET_DATA = new RegExp(`<${P}sheetData\\b[^>]*>([\\s\\S]*?)</${P}sheetData\\s*>`);

/** The text of the `<t>` runs in a string item, leaving out phonetic guides (`<rPh>`). */
function runText(xml: string): string {
  let withoutPhonetics = xml;
  if (xml.includes('rPh')) {
    withoutPhonetics = '';
    let from = 0;
    for (const phonetic of elementsIn(xml, 'rPh')) {
      withoutPhonetics += xml.slice(from, phonetic.start);
      from = phonetic.end;
    }
    withoutPhonetics += xml.slice(from);
  }
  let text = '';
  for (const run of elementsIn(withoutPhonetics, 't')) text += xmlText(run.inner ?? '');
  return text;
}

/** Built-in number formats that show a date (ECMA-376 §18.8.30 and the East Asian ones). */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** A custom format shows a date when, outside quotes, escapes and [colour] blocks, it has d, m, y, h or s. */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .split(';')[0]!;
  return /[dmyhs]/i.test(bare) && !/^General$/i.test(bare.trim());
}

/** For each cell style index, whether it formats numbers as dates. */
function dateStyles(stylesXml: string | null): boolean[] {
  if (!stylesXml) return [];
  const custom = new Map<number, string>();
  for (const format of elementsIn(stylesXml, 'numFmt')) {
    const attrs = attributes(format.attrs);
    custom.set(Number(attrs.get('numFmtId')), attrs.get('formatCode') ?? '');
  }
  const cellXfs =
    new RegExp(`<${P}cellXfs\\b[^>]*>([\\s\\S]*?)</${P}cellXfs\\s*>`).exec(stylesXml)?.[1] ?? '';
  const styles: boolean[] = [];
  for (const match of cellXfs.matchAll(new RegExp(`<${P}xf\\b([^>]*?)/?>`, 'g'))) {
    const id = Number(attributes(match[1]!).get('numFmtId') ?? 0);
    styles.push(custom.has(id) ? isDateFormat(custom.get(id)!) : BUILT_IN_DATE_FORMATS.has(id));
  }
  return styles;
}

/** A date serial as an ISO date: day 1 is 1900-01-01 (with Excel's phantom 29 February 1900) or 1904-01-02. */
export function serialDate(serial: number, date1904: boolean): string {
  const days = date1904 ? serial + 1462 : serial;
  const date = new Date(Math.round((days - 25569) * 86_400_000));
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}

function numberText(value: string): string {
  const number = Number(value);
  return value.trim() === '' || Number.isNaN(number) ? value : String(number);
}

interface Workbook {
  entries: Map<string, ZipEntry>;
  budget: number;
}

function part(buffer: Buffer, book: Workbook, name: string): string | null {
  const entry = book.entries.get(name);
  if (!entry) return null;
  const data = inflateEntry(buffer, entry, book.budget);
  book.budget -= data.length;
  if (book.budget < 0) throw new UnreadableFileError(TOO_COMPLEX);
  const text = data.toString('utf8');
  // A document type declaration can define entities that expand without end; Excel never writes one.
  if (/<!DOCTYPE/i.test(text.slice(0, 1024))) throw notAWorkbook();
  return text;
}

/** Where a relationship target points, from the folder of the part that names it. */
function resolveTarget(folder: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const segments = folder.split('/').filter(Boolean);
  for (const segment of target.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.') segments.push(segment);
  }
  return segments.join('/');
}

/** Every worksheet's filled cells, in the workbook's order (chart sheets and empty sheets left out). */
export function readXlsxSheets(buffer: Buffer, limits: SheetLimits): SheetCells[] {
  const book: Workbook = {
    entries: new Map(zipEntries(buffer, OFFICE_LIMITS).map((entry) => [entry.name, entry])),
    budget: OFFICE_LIMITS.maxTotalBytes,
  };
  const workbookXml = part(buffer, book, 'xl/workbook.xml');
  if (!workbookXml) throw notAWorkbook();
  const relationships = new Map<string, string>();
  for (const relationship of elementsIn(
    part(buffer, book, 'xl/_rels/workbook.xml.rels') ?? '',
    'Relationship',
  )) {
    const attrs = attributes(relationship.attrs);
    if (/\/worksheet$/.test(attrs.get('Type') ?? ''))
      relationships.set(attrs.get('Id') ?? '', resolveTarget('xl', attrs.get('Target') ?? ''));
  }
  const workbookPr = new RegExp(`<${P}workbookPr\\b([^>]*)>`).exec(workbookXml);
  const date1904 = /^(1|true)$/.test(attributes(workbookPr?.[1] ?? '').get('date1904') ?? '');
  const sharedStrings: string[] = [];
  for (const item of elementsIn(part(buffer, book, 'xl/sharedStrings.xml') ?? '', 'si'))
    sharedStrings.push(runText(item.inner ?? ''));
  const dates = dateStyles(part(buffer, book, 'xl/styles.xml'));

  let cellsRead = 0;
  const sheets: SheetCells[] = [];
  for (const sheet of elementsIn(workbookXml, 'sheet')) {
    const attrs = attributes(sheet.attrs);
    const path = relationships.get(attrs.get('id') ?? '');
    if (!path) continue; // a chart sheet or a dialog sheet
    const name = attrs.get('name') ?? '';
    const xml = part(buffer, book, path);
    if (xml === null) throw notAWorkbook();
    const rows = sheetRows(name, xml);
    if (rows.length > 0) sheets.push({ name, rows });
  }
  return sheets;

  function cellValue(attrs: { s: string; t: string }, inner: string): string | null {
    const type = attrs.t || 'n';
    if (type === 'inlineStr') {
      const is = INLINE_STRING.exec(inner);
      return is ? runText(is[1]!) : null;
    }
    const v = VALUE.exec(inner);
    if (!v) return null; // a styled empty cell, or a formula never calculated
    const raw = xmlText(v[1] ?? '');
    switch (type) {
      case 's': {
        const text = sharedStrings[Number(raw)];
        if (text === undefined) throw notAWorkbook();
        return text;
      }
      case 'b':
        return raw === '1' || raw === 'true' ? 'true' : 'false';
      case 'str':
      case 'e':
        return raw;
      case 'd':
        return raw.slice(0, 10);
      default: {
        const style = Number(attrs.s || 0);
        return dates[style] && raw.trim() !== '' && Number.isFinite(Number(raw))
          ? serialDate(Number(raw), date1904)
          : numberText(raw);
      }
    }
  }

  function sheetRows(name: string, xml: string): string[][] {
    const data = SHEET_DATA.exec(xml)?.[1] ?? '';
    const filled = new Map<number, string[]>();
    let lastRow = 0;
    let lastColumn = 1;
    let rowNumber = 0;
    for (const row of elementsIn(data, 'row')) {
      rowNumber = Number(cellAttributes(row.attrs).r || rowNumber + 1);
      let column = 0;
      for (const cell of elementsIn(row.inner ?? '', 'c')) {
        const attrs = cellAttributes(cell.attrs);
        const address = cellAddress(attrs.r);
        if (address) {
          column = address.column;
          rowNumber = address.row;
        } else column += 1;
        if (!Number.isInteger(rowNumber) || rowNumber < 1) throw notAWorkbook();
        const text = cellValue(attrs, cell.inner ?? '');
        if (text === null) continue;
        if (rowNumber > limits.rows || column > limits.columns)
          throw new CellBeyondLimitsError(name, `${columnName(column)}${rowNumber}`);
        cellsRead += 1;
        if (cellsRead > limits.cells) throw new UnreadableFileError(TOO_COMPLEX);
        let cells = filled.get(rowNumber);
        if (!cells) filled.set(rowNumber, (cells = []));
        cells[column - 1] = text;
        lastRow = Math.max(lastRow, rowNumber);
        lastColumn = Math.max(lastColumn, column);
      }
    }
    const rows = Array.from({ length: lastRow }, (_, index) => {
      const cells = filled.get(index + 1);
      return Array.from({ length: lastColumn }, (_, column) => cells?.[column] ?? '');
    });
    for (const merge of elementsIn(xml, 'mergeCell'))
      fillVerticalMerge(rows, attributes(merge.attrs).get('ref') ?? '');
    return rows;
  }
}

/** A merge covering several rows repeats its top-left value down its first column. */
function fillVerticalMerge(rows: string[][], range: string): void {
  const [from, to] = range.split(':').map(cellAddress);
  if (!from || !to || to.row <= from.row) return;
  const value = rows[from.row - 1]?.[from.column - 1];
  if (value === undefined || value === '') return;
  for (let row = from.row + 1; row <= Math.min(to.row, rows.length); row += 1) {
    const cells = rows[row - 1]!;
    if (from.column - 1 < cells.length && cells[from.column - 1] === '') cells[from.column - 1] = value;
  }
}
