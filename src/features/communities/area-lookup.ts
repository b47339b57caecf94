import { csvRows, type Problem } from './dataset-table.ts';
import { isGssCode, levelOfCode, ROLL_UP_ORDER, type Level } from './geography.ts';

/**
 * An area lookup as ONS's Open Geography Portal publishes them: one row per small area, a
 * column of codes for each level it sits in, and usually a name beside each code
 * (`OA21CD, LSOA21CD, LSOA21NM, MSOA21CD, MSOA21NM, LAD22CD, LAD22NM`). The levels are told by
 * the codes themselves, so the columns may come in any order and under any headings; each area
 * gets the next level up in the file as its parent. A ward column (wards do not nest in the
 * statistical geography) gets the local authority as its parent, and does not interrupt the chain.
 */
export interface AreaLookup {
  areas: { code: string; name: string; level: Level; parentCode: string | null }[];
  levels: Level[];
  problems: Problem[];
}

export function looksLikeAreaLookup(text: string): boolean {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/, 2);
  const headingCodes = (lines[0] ?? '').split(',').filter((cell) => /cd"?\s*$/i.test(cell.trim())).length;
  const rowCodes = (lines[1] ?? '')
    .split(',')
    .filter((cell) => isGssCode(cell.replace(/"/g, '').trim())).length;
  return headingCodes >= 2 || rowCodes >= 2;
}

export function readAreaLookup(text: string): AreaLookup {
  const result: AreaLookup = { areas: [], levels: [], problems: [] };
  const parsed = csvRows(text, true);
  if ('problem' in parsed) {
    result.problems.push(parsed.problem);
    return result;
  }
  const [heading = [], ...rows] = parsed.rows;
  const sample = rows[0] ?? [];
  const codeColumns = heading
    .map((_, index) => ({ index, level: levelOfCode((sample[index] ?? '').trim()) }))
    .filter((column): column is { index: number; level: Level } => column.level !== null);
  const levels = [...new Set(codeColumns.map((column) => column.level))];
  if (codeColumns.length < 2 || levels.length !== codeColumns.length) {
    result.problems.push({
      line: 2,
      message: 'A lookup needs a column of codes for each of at least two levels (like OA21CD and LSOA21CD)',
    });
    return result;
  }
  const chain = codeColumns
    .filter((column) => ROLL_UP_ORDER.includes(column.level))
    .sort((a, b) => ROLL_UP_ORDER.indexOf(a.level) - ROLL_UP_ORDER.indexOf(b.level));
  const authority = chain.find((column) => column.level === 'lad') ?? null;
  const parentColumn = new Map<number, number | null>();
  chain.forEach((column, at) => parentColumn.set(column.index, chain[at + 1]?.index ?? null));
  for (const column of codeColumns)
    if (!parentColumn.has(column.index)) parentColumn.set(column.index, authority?.index ?? null);
  // A name column is the next column, when it holds names rather than codes.
  const nameColumn = (index: number) => {
    const next = index + 1;
    return next < heading.length &&
      !codeColumns.some((column) => column.index === next) &&
      !/cd\s*$/i.test(heading[next] ?? '')
      ? next
      : null;
  };
  const found = new Map<string, AreaLookup['areas'][number] & { line: number }>();
  rows.forEach((cells, at) => {
    const line = at + 2;
    for (const column of codeColumns) {
      const code = (cells[column.index] ?? '').trim();
      if (!code) continue;
      if (levelOfCode(code) !== column.level) {
        result.problems.push({
          line,
          message: `“${code}” in ${heading[column.index]!.trim()} is not a ${column.level} code`,
        });
        continue;
      }
      const parentIndex = parentColumn.get(column.index) ?? null;
      const parentCode = parentIndex === null ? null : (cells[parentIndex] ?? '').trim() || null;
      const names = nameColumn(column.index);
      const name = names === null ? code : (cells[names] ?? '').trim() || code;
      const known = found.get(code);
      if (known && known.parentCode !== parentCode) {
        result.problems.push({
          line,
          message: `${code} is in ${known.parentCode ?? 'nothing'} on line ${known.line} but in ${parentCode ?? 'nothing'} here`,
        });
        continue;
      }
      if (!known) found.set(code, { code, name, level: column.level, parentCode, line });
    }
  });
  result.levels = levels;
  result.areas = [...found.values()].map(({ line: _line, ...area }) => area);
  return result;
}
