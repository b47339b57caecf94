import fs from 'node:fs/promises';
import path from 'node:path';
import { runIsolated } from '../../infra/untrusted-files/isolated.ts';
import { UnreadableFileError } from '../../infra/untrusted-files/unreadable-file-error.ts';
import type { PlanBlock } from './plan-blocks.ts';
import type { ColumnChoice } from './plan-columns.ts';
import { PlanFileError } from './plan-file-error.ts';
import type { ParsedPlan } from './plan-parser.ts';
import type { PlanReading, TextReading } from './plan-reading.ts';

/**
 * Reading a plan file, as the rest of Equalis calls it: every read runs in the isolated worker
 * (plan-reading.ts holds the half that runs there), so a hostile file cannot stall the server.
 */
export { PlanFileError };
export type { PlanReading, TextReading };

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

/**
 * Most rows, columns and filled cells a plan spreadsheet may have. A real plan has a few hundred
 * rows and a dozen columns; the caps stop a sheet with one cell in its last column (XFD) or last
 * row from making Equalis build millions of empty cells.
 */
export const SHEET_LIMITS = { rows: 100_000, columns: 500, cells: 1_000_000 };

/** The file's format from its extension; anything else is refused with the list of what works. */
export function formatOf(fileName: string): { extension: keyof typeof PLAN_FORMATS; format: string } {
  const extension = path.extname(fileName).toLowerCase();
  if (!(extension in PLAN_FORMATS)) {
    throw new PlanFileError(
      `Equalis cannot read ${extension || 'files without an extension'} files. Upload a Word (.docx), Excel (.xlsx), CSV or text file.`,
    );
  }
  const known = extension as keyof typeof PLAN_FORMATS;
  return { extension: known, format: PLAN_FORMATS[known] };
}

type Choices = ReadonlyMap<string, ColumnChoice>;

/** A file problem found in the worker arrives as UnreadableFileError; callers know it as PlanFileError. */
async function isolated<T>(exportName: string, args: unknown[]): Promise<T> {
  try {
    return await runIsolated<T>(new URL('./plan-reading.ts', import.meta.url), exportName, args);
  } catch (error) {
    if (error instanceof UnreadableFileError && !(error instanceof PlanFileError))
      throw new PlanFileError(error.message);
    throw error;
  }
}

/**
 * Reads an uploaded or saved plan file off the main thread, within time and memory limits (see
 * infra/untrusted-files/isolated.ts): a hostile file is a PlanFileError, never a stalled server.
 */
export function readPlanBuffer(
  buffer: Buffer,
  fileName: string,
  choices?: Choices,
  reading?: TextReading,
  keepBlocks = true,
): Promise<PlanReading> {
  return isolated('readPlanInThisThread', [buffer, fileName, choices, reading, keepBlocks]);
}

/** Reads a pasted plan off the main thread, as readPlanBuffer does a file. */
export function readPastedPlan(text: string, choices?: Choices): Promise<PlanReading> {
  return isolated('readPastedPlanInThisThread', [text, choices]);
}

/** Reads a previewed import's blocks again with the person's column choices, off the main thread. */
export function rereadPlan(
  blocks: PlanBlock[],
  choices: Choices,
  toBeConfirmedAsNone = false,
): Promise<ParsedPlan> {
  return isolated('rereadPlanInThisThread', [blocks, choices, toBeConfirmedAsNone]);
}

/** Reads a plan file from disk (the command line's import). */
export async function readPlanFile(
  file: string,
  choices?: Choices,
): Promise<PlanReading & { fileName: string }> {
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
  return { ...(await readPlanBuffer(buffer, fileName, choices, undefined, false)), fileName };
}
