/**
 * Every import format (pasted text, HTML, Word, Excel, CSV) is first reduced to this neutral
 * shape: a list of text lines and table rows, each with the line or row number people will
 * recognise. One parser (plan-parser.ts) then reads the plan from the blocks.
 */
export interface PlanCell {
  text: string;
  /** True when the cell is a bulleted list item: in council plans, a sub-action. */
  bullet: boolean;
}

/**
 * `line` counts from 1 in the order people see; `where` says it in their terms ("Sheet 'Plan',
 * row 12", "Word table 2, row 7", "CSV line 30") when the format knows more than a line number.
 */
export type PlanBlock =
  | { kind: 'text'; text: string; line: number; where?: string }
  | { kind: 'row'; cells: PlanCell[]; line: number; where?: string };

const TAG = /<[^>]+>/g;
const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&nbsp;': ' ',
};

/** Plain text of a cell that may hold list markup: tags and stray bullets removed. */
export function cellText(raw: string): string {
  // Most cells are one plain line: no markup, entity, line break or bullet to take apart.
  if (!/[<&\n\r•]/.test(raw)) return raw.replace(/\s+/g, ' ').trim();
  return raw
    .replace(/<li[^>]*>/gi, '\n• ')
    .replace(/<\/p>|<br\s*\/?>/gi, '\n')
    .replace(TAG, ' ')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (entity) => ENTITIES[entity] ?? entity)
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '' && line !== '•')
    .join('\n')
    .replace(/^•\s*/, '')
    .replace(/\s*•\s*$/, '')
    .trim();
}

/** A cell is a bullet when it opens with a list (the text before any list is empty). */
export function isBulletCell(raw: string): boolean {
  const trimmed = raw.trim();
  return /^<(ul|ol|li)\b/i.test(trimmed) || /^[•●▪-]\s/.test(trimmed);
}

export function toCell(raw: string): PlanCell {
  return { text: cellText(raw), bullet: isBulletCell(raw) };
}

/** A reference in a first cell ("1.1", "2.10a"): such a row is an action even if it is alone. */
const FIRST_CELL_REFERENCE = /^\d+(\.\d+)+[a-z]?$/;

/**
 * Pasted or saved text: tab-separated rows (what Word and Excel put on the clipboard), other
 * non-blank lines as text. Text pasted from a PDF or an email often lines columns up with runs
 * of spaces instead of tabs; when there are no tabs at all and several lines have such gaps, two
 * or more spaces separate cells. Line numbers count from 1, as an editor shows them.
 */
export function blocksFromText(text: string): PlanBlock[] {
  const lines = text.split(/\r?\n/);
  const spaced = !text.includes('\t') && lines.filter((line) => / {2,}\S/.test(line.trim())).length >= 3;
  const separator = spaced ? / {2,}/ : '\t';
  const blocks: PlanBlock[] = [];
  lines.forEach((line, index) => {
    const where = `line ${index + 1}`;
    const cells = spaced ? line.trim().split(separator) : line.split(separator);
    if (cells.length > 1) blocks.push({ kind: 'row', cells: cells.map(toCell), line: index + 1, where });
    else if (line.trim() !== '') blocks.push({ kind: 'text', text: cellText(line), line: index + 1, where });
  });
  return blocks;
}

/**
 * Spreadsheet rows (CSV or Excel): a row with text only in its first cell is a line of text
 * (a plan or area title, a description); any other non-empty row is a table row. Row numbers
 * count from 1, as the spreadsheet shows them; `where` names them as the person would.
 */
export function blocksFromRows(
  rows: string[][],
  where: (row: number) => string = (row) => `row ${row}`,
): PlanBlock[] {
  const blocks: PlanBlock[] = [];
  rows.forEach((row, index) => {
    const cells = row.map((value) => (value ?? '').toString());
    const filled = cells.filter((value) => value.trim() !== '');
    if (filled.length === 0) return;
    const at = { line: index + 1, where: where(index + 1) };
    if (filled.length === 1 && cells[0]?.trim() !== '' && !FIRST_CELL_REFERENCE.test(cells[0]!.trim())) {
      blocks.push({ kind: 'text', text: cellText(cells[0]!), ...at });
    } else {
      blocks.push({ kind: 'row', cells: cells.map(toCell), ...at });
    }
  });
  return blocks;
}
