import {
  csvRows,
  emptyTable,
  notCounts,
  percentIn,
  type DatasetTable,
  type Problem,
} from './dataset-table.ts';
import { isGssCode } from './geography.ts';

/**
 * Wide files of percentages, one row per area, as analysts and ONS's own visualisations keep
 * them (the census quiz file: `code, name, ethnicity_asian_perc, religion_Christian_perc, …`).
 * A column is a percentage when its heading is "<topic>_<category>_perc" (or "…_percent",
 * "…_pct", or "<Topic>: <category> (%)"); columns of the same topic form one table. Which topics
 * Equalis keeps is decided by the checks (a topic whose categories are one classification); the
 * rest (marital status, languages, …) are named in a note. Counts and "_change" columns are not
 * percentages of the area and are left alone.
 */
const PERCENT_HEADING = [/^([a-z][a-z ]*?)_(.+)_(?:perc|percent|pct)$/i, /^(.+?):\s*(.+?)\s*\(%\)$/];

function percentColumn(heading: string): { topic: string; category: string } | null {
  for (const pattern of PERCENT_HEADING) {
    const match = pattern.exec(heading.trim());
    if (match)
      return { topic: match[1]!.trim().toLowerCase(), category: match[2]!.replace(/_/g, ' ').trim() };
  }
  return null;
}

export function looksLikeWidePercentages(text: string): boolean {
  const heading = (text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '').split(',');
  return heading.filter((cell) => percentColumn(cell.replace(/"/g, '')) !== null).length >= 2;
}

export function readWidePercentages(text: string): DatasetTable[] {
  const failed = (problem: Problem) => {
    const table = emptyTable('percent');
    table.problems.push(problem);
    return [table];
  };
  const parsed = csvRows(text, true);
  if ('problem' in parsed) return failed(parsed.problem);
  const [heading = [], ...records] = parsed.rows;
  const lower = heading.map((cell) => cell.trim().toLowerCase());
  let codeColumn = lower.findIndex((cell) =>
    /^(code|area ?code|geography ?code|[a-z]{2,5}\d{2}cd)$/.test(cell),
  );
  if (codeColumn < 0) codeColumn = (records[0] ?? []).findIndex((cell) => isGssCode(cell.trim()));
  if (codeColumn < 0)
    return failed({
      line: 1,
      message: 'No column of area codes was found (headed “code”, or holding GSS codes)',
    });
  const nameColumn = lower.findIndex((cell) => /^(name|area ?name|geography|[a-z]{2,5}\d{2}nm)$/.test(cell));
  const topics = new Map<string, { index: number; category: string }[]>();
  heading.forEach((cell, index) => {
    const column = percentColumn(cell);
    if (!column || index === codeColumn) return;
    topics.set(column.topic, [...(topics.get(column.topic) ?? []), { index, category: column.category }]);
  });
  return [...topics].map(([topic, columns]) => {
    const table: DatasetTable = {
      ...emptyTable('percent'),
      tableTitle: topic.charAt(0).toUpperCase() + topic.slice(1),
      geographyLabel: nameColumn >= 0 ? heading[nameColumn]!.trim() : heading[codeColumn]!.trim(),
      categories: columns.map((column) => column.category),
    };
    records.forEach((cells, at) => {
      const line = at + 2;
      const code = (cells[codeColumn] ?? '').trim();
      if (!code) return;
      const values = columns.map((column) => percentIn(cells[column.index]));
      const bad = columns.filter((column) => {
        const value = percentIn(cells[column.index]);
        return value === null || value < 0 || value > 100;
      });
      if (bad.length)
        table.problems.push({
          line,
          message: notCounts(
            code,
            bad.map((column) => heading[column.index]!.trim()),
            'a percentage from 0 to 100',
          ),
        });
      table.rows.push({
        line,
        code,
        name: nameColumn >= 0 ? (cells[nameColumn] ?? '').trim() || code : code,
        total: null,
        values: bad.length ? values.map(() => null) : values,
      });
    });
    return table;
  });
}
