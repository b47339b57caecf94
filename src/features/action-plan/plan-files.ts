import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { withoutFormulaGuard } from '../../platform/csv.ts';
import { blocksFromRows, blocksFromText, type PlanBlock } from './plan-blocks.ts';
import { blocksFromHtml } from './plan-html.ts';
import { parsePlan, type ParsedPlan } from './plan-parser.ts';

/** A file that cannot be read as a plan at all; the message says why, for the person uploading. */
export class PlanFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanFileError';
  }
}

export const PLAN_FORMATS = {
  '.docx': 'Word',
  '.xlsx': 'Excel',
  '.csv': 'CSV',
  '.txt': 'text',
  '.tsv': 'text',
  '.html': 'HTML',
  '.htm': 'HTML',
} as const;

export const MAX_PLAN_FILE_BYTES = 10 * 1024 * 1024;

function isZip(buffer: Buffer): boolean {
  return (
    buffer.length > 4 && buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04
  );
}

function asText(buffer: Buffer, kind: string): string {
  if (buffer.includes(0))
    throw new PlanFileError(`This file is not a ${kind} file: it contains binary data.`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer).replace(/^\ufeff/, '');
  } catch {
    // Older Excel saves CSV in Windows-1252; read it as that rather than refusing it.
    return new TextDecoder('windows-1252').decode(buffer);
  }
}

async function xlsxRows(buffer: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new PlanFileError(
      'This file could not be opened as an Excel workbook. Save it again as .xlsx and try once more.',
    );
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new PlanFileError('The workbook has no worksheets.');
  const rows: string[][] = [];
  for (let number = 1; number <= sheet.rowCount; number += 1) {
    const row = sheet.getRow(number);
    const values: string[] = [];
    for (let column = 1; column <= Math.max(row.cellCount, 1); column += 1)
      values.push(row.getCell(column).text ?? '');
    rows.push(values);
  }
  return rows;
}

/** The file's format from its extension; anything else is refused with the list of what works. */
function formatOf(fileName: string): { extension: keyof typeof PLAN_FORMATS; format: string } {
  const extension = path.extname(fileName).toLowerCase();
  if (!(extension in PLAN_FORMATS)) {
    throw new PlanFileError(
      `Equalis cannot read ${extension || 'files without an extension'} files. Upload a Word (.docx), Excel (.xlsx), CSV or text file.`,
    );
  }
  const known = extension as keyof typeof PLAN_FORMATS;
  return { extension: known, format: PLAN_FORMATS[known] };
}

/** Reduces an uploaded or saved file to blocks, by its extension, after checking its content. */
export async function planBlocks(
  buffer: Buffer,
  fileName: string,
): Promise<{ blocks: PlanBlock[]; format: string }> {
  const { extension, format } = formatOf(fileName);
  if (buffer.length === 0) throw new PlanFileError('The file is empty.');
  if ((extension === '.docx' || extension === '.xlsx') && !isZip(buffer)) {
    throw new PlanFileError(
      `This file is named ${extension} but is not a real ${format} file. Open it in ${format} and save it again.`,
    );
  }
  if (extension === '.docx') {
    try {
      const { value } = await mammoth.convertToHtml({ buffer });
      return { blocks: blocksFromHtml(value), format };
    } catch {
      throw new PlanFileError(
        'This file could not be opened as a Word document. Save it again as .docx and try once more.',
      );
    }
  }
  if (extension === '.xlsx') return { blocks: blocksFromRows(await xlsxRows(buffer)), format };
  if (isZip(buffer))
    throw new PlanFileError(
      `This file is named ${extension} but is a compressed document. Check you chose the right file.`,
    );
  const text = asText(buffer, format);
  if (extension === '.csv') {
    try {
      return {
        blocks: blocksFromRows(
          (parseCsv(text, { relax_column_count: true, skip_empty_lines: false }) as string[][]).map((row) =>
            row.map(withoutFormulaGuard),
          ),
        ),
        format,
      };
    } catch (error) {
      throw new PlanFileError(
        `This CSV file could not be read: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  if (extension === '.html' || extension === '.htm') return { blocks: blocksFromHtml(text), format };
  return { blocks: blocksFromText(text), format };
}

export async function readPlanBuffer(
  buffer: Buffer,
  fileName: string,
): Promise<{ parsed: ParsedPlan; format: string }> {
  const { blocks, format } = await planBlocks(buffer, fileName);
  return { parsed: parsePlan(blocks), format };
}

/** Reads a plan file from disk (the command line's import). */
export async function readPlanFile(
  file: string,
): Promise<{ parsed: ParsedPlan; fileName: string; format: string }> {
  const fileName = path.basename(file);
  formatOf(fileName);
  let buffer: Buffer;
  try {
    buffer = await fs.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PlanFileError(
      code === 'ENOENT' ? `There is no file at ${file}.` : `The file ${file} could not be read (${code}).`,
    );
  }
  if (buffer.length > MAX_PLAN_FILE_BYTES)
    throw new PlanFileError(`The file is larger than ${MAX_PLAN_FILE_BYTES / 1024 / 1024} MB.`);
  return { ...(await readPlanBuffer(buffer, fileName)), fileName };
}
