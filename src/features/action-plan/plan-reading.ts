import { parse as parseCsv } from 'csv-parse/sync';
import { withoutFormulaGuard } from '../../platform/csv.ts';
import { TOO_COMPLEX, UnreadableFileError } from '../../infra/untrusted-files/unreadable-file-error.ts';
import { checkZipArchive, looksLikeZip } from '../../infra/untrusted-files/zip-archive.ts';
import { CellBeyondLimitsError, readXlsxSheets } from '../../infra/untrusted-files/xlsx-sheets.ts';
import { blocksFromRows, blocksFromText, type PlanBlock } from './plan-blocks.ts';
import { blocksFromHtml } from './plan-html.ts';
import {
  decodeAs,
  decodeText,
  DELIMITER_NAMES,
  detectDelimiter,
  type Delimiter,
  type TextEncodingName,
} from './plan-text-decoding.ts';
import { PlanFileError } from './plan-file-error.ts';
import { formatOf, PLAN_FORMATS, SHEET_LIMITS } from './plan-files.ts';
import { parsePlan, type ParsedPlan } from './plan-parser.ts';
import type { ColumnChoice } from './plan-columns.ts';

/**
 * Reading a plan file: the half that runs inside the isolated worker (see plan-files.ts, which
 * the rest of Equalis calls). The parsers for Word, HTML and spreadsheets load here only, so the
 * server's own thread never pays for them.
 */
function asText(buffer: Buffer, kind: string): { text: string; encoding: string } {
  const decoded = decodeText(buffer);
  if (!decoded) throw new PlanFileError(`This file is not a ${kind} file: it contains binary data.`);
  return decoded;
}

/**
 * Every worksheet's rows as text (see infra/untrusted-files/xlsx-sheets.ts for what a cell
 * becomes: dates as ISO dates, formulas as their results, vertical merges repeated).
 */
function xlsxSheets(buffer: Buffer): { name: string; rows: string[][] }[] {
  try {
    return readXlsxSheets(buffer, SHEET_LIMITS);
  } catch (error) {
    if (error instanceof CellBeyondLimitsError)
      throw new PlanFileError(
        `Sheet '${error.sheet}' has something in cell ${error.cell}, beyond what a plan can use (${SHEET_LIMITS.columns} columns, ${SHEET_LIMITS.rows.toLocaleString('en-GB')} rows). Delete what is there, or copy the plan into a new sheet, and try again.`,
      );
    if (error instanceof UnreadableFileError) throw new PlanFileError(error.message);
    throw error;
  }
}

/** The parts each Office format must have: without them it is a zip, not that document. */
const REQUIRED_PART: Partial<Record<keyof typeof PLAN_FORMATS, string>> = {
  '.docx': 'word/document.xml',
  '.xlsx': 'xl/workbook.xml',
};

/** How the person asked a text file to be read, overriding what Equalis detected. */
export interface TextReading {
  encoding?: TextEncodingName;
  delimiter?: Delimiter;
}

/** Reduces an uploaded or saved file to blocks, by its extension, after checking its content. */
export async function planBlocks(
  buffer: Buffer,
  fileName: string,
  reading: TextReading = {},
): Promise<{ blocks: PlanBlock[]; format: string }> {
  const { extension, format } = formatOf(fileName);
  if (buffer.length === 0) throw new PlanFileError('The file is empty.');
  const requiredPart = REQUIRED_PART[extension];
  if (requiredPart) {
    const notReal = () =>
      new PlanFileError(
        `This file is named ${extension} but is not a real ${format} file. Open it in ${format} and save it again.`,
      );
    if (!looksLikeZip(buffer)) throw notReal();
    // Structure and decompressed size are checked before any library allocates for the file.
    let parts: string[];
    try {
      parts = checkZipArchive(buffer);
    } catch (error) {
      if (error instanceof UnreadableFileError && error.message === TOO_COMPLEX) throw error;
      throw notReal();
    }
    if (!parts.includes(requiredPart)) throw notReal();
  }
  if (extension === '.docx') {
    let html: string;
    try {
      // Pictures play no part in a plan: leave them out rather than inline them as data.
      const { default: mammoth } = await import('mammoth'); // only the worker reads Word files
      const convertImage = mammoth.images.imgElement(async () => ({ src: '' }));
      html = (await mammoth.convertToHtml({ buffer }, { convertImage })).value;
    } catch {
      throw new PlanFileError(
        'This file could not be opened as a Word document. Save it again as .docx and try once more.',
      );
    }
    return { blocks: blocksFromHtml(html, 'Word table'), format };
  }
  if (extension === '.xlsx') {
    const sheets = xlsxSheets(buffer);
    return {
      blocks: sheets.flatMap((sheet) =>
        blocksFromRows(sheet.rows, (row) => `Sheet '${sheet.name}', row ${row}`),
      ),
      format,
    };
  }
  if (looksLikeZip(buffer))
    throw new PlanFileError(
      `This file is named ${extension} but is a compressed document. Check you chose the right file.`,
    );
  const { text, encoding } = reading.encoding
    ? { text: decodeAs(buffer, reading.encoding), encoding: reading.encoding }
    : asText(buffer, format);
  const described = encoding === 'UTF-8' ? format : `${format}, ${encoding}`;
  if (extension === '.csv') {
    const delimiter = reading.delimiter ?? detectDelimiter(text);
    try {
      return {
        blocks: blocksFromRows(
          (
            parseCsv(text, {
              delimiter,
              relax_column_count: true,
              relax_quotes: true,
              skip_empty_lines: false,
            }) as string[][]
          ).map((row) => row.map(withoutFormulaGuard)),
          (row) => `CSV line ${row}`,
        ),
        format: `CSV, ${encoding}, separated by ${DELIMITER_NAMES[delimiter]}`,
      };
    } catch (error) {
      throw new PlanFileError(
        `This CSV file could not be read: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  if (extension === '.html' || extension === '.htm')
    return { blocks: blocksFromHtml(text), format: described };
  return { blocks: blocksFromText(text), format: described };
}

export interface PlanReading {
  parsed: ParsedPlan;
  format: string;
  /** The file as neutral blocks, kept with the preview so it can be read again with other columns. */
  blocks: PlanBlock[];
}

type Choices = ReadonlyMap<string, ColumnChoice>;

/** Reads a plan file in this thread. Only for the isolated worker: callers use readPlanBuffer. */
export async function readPlanInThisThread(
  buffer: Buffer,
  fileName: string,
  choices?: Choices,
  reading?: TextReading,
  keepBlocks = true,
): Promise<PlanReading> {
  const { blocks, format } = await planBlocks(buffer, fileName, reading);
  // Sending the blocks back costs a copy; only a preview (which may be read again) needs them.
  return { parsed: parsePlan(blocks, { choices }), format, blocks: keepBlocks ? blocks : [] };
}

/** Reads stored blocks again with new column choices. Only for the isolated worker. */
export function rereadPlanInThisThread(
  blocks: PlanBlock[],
  choices: Choices,
  toBeConfirmedAsNone = false,
): ParsedPlan {
  return parsePlan(blocks, { choices, toBeConfirmedAsNone });
}

/**
 * Pasted text: what Word puts on the clipboard as HTML (tables) reads better than its plain-text
 * version, so a paste with a table is read as HTML. Only for the isolated worker.
 */
export function readPastedPlanInThisThread(text: string, choices?: Choices): PlanReading {
  const html = /<table[\s>]/i.test(text);
  const blocks = html ? blocksFromHtml(text) : blocksFromText(text);
  return { parsed: parsePlan(blocks, { choices }), format: html ? 'HTML' : 'text', blocks };
}
