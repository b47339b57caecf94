import fs from 'node:fs/promises';
import path from 'node:path';
import { blocksFromText } from './plan-blocks.ts';
import { parsePlan, type ParsedPlan } from './plan-parser.ts';

export class UnsupportedPlanFormatError extends Error {
  constructor(extension: string) {
    super(
      `Equalis cannot read ${extension || 'files without an extension'} plans yet. Save the plan as text (.txt or .tsv), or copy it from Word or Excel and paste it on the Import page.`,
    );
    this.name = 'UnsupportedPlanFormatError';
  }
}

const TEXT_EXTENSIONS = new Set(['.txt', '.tsv', '.text']);

/** Reads a plan file from disk into a parsed plan, choosing the reader by its extension. */
export async function readPlanFile(
  file: string,
): Promise<{ parsed: ParsedPlan; fileName: string; format: string }> {
  const extension = path.extname(file).toLowerCase();
  if (!TEXT_EXTENSIONS.has(extension)) throw new UnsupportedPlanFormatError(extension);
  const text = await fs.readFile(file, 'utf8');
  return { parsed: parsePlan(blocksFromText(text)), fileName: path.basename(file), format: 'text' };
}
