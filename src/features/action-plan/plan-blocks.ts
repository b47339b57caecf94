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

export type PlanBlock =
  { kind: 'text'; text: string; line: number } | { kind: 'row'; cells: PlanCell[]; line: number };

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

/**
 * Pasted or saved text: tab-separated rows (what Word and Excel put on the clipboard), other
 * non-blank lines as text. Line numbers count from 1, as an editor shows them.
 */
export function blocksFromText(text: string): PlanBlock[] {
  const blocks: PlanBlock[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.includes('\t'))
      blocks.push({ kind: 'row', cells: line.split('\t').map(toCell), line: index + 1 });
    else if (line.trim() !== '') blocks.push({ kind: 'text', text: cellText(line), line: index + 1 });
  });
  return blocks;
}

/**
 * Spreadsheet rows (CSV or Excel): a row with text only in its first cell is a line of text
 * (a plan or area title, a description); any other non-empty row is a table row. Row numbers
 * count from 1, as the spreadsheet shows them.
 */
export function blocksFromRows(rows: string[][]): PlanBlock[] {
  const blocks: PlanBlock[] = [];
  rows.forEach((row, index) => {
    const cells = row.map((value) => (value ?? '').toString());
    const filled = cells.filter((value) => value.trim() !== '');
    if (filled.length === 0) return;
    if (filled.length === 1 && cells[0]?.trim() !== '' && !/^\d+(\.\d+)+[a-z]?$/.test(cells[0]!.trim())) {
      blocks.push({ kind: 'text', text: cellText(cells[0]!), line: index + 1 });
    } else {
      blocks.push({ kind: 'row', cells: cells.map(toCell), line: index + 1 });
    }
  });
  return blocks;
}
