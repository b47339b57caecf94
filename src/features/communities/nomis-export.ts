import { countIn as count, csvRows, emptyTable, notCounts, type DatasetTable } from './dataset-table.ts';

const AREA_CELL = /^\s*([A-Z]\d{8}|[A-Za-z0-9]{2,12})\s+:\s+(.+?)\s*$/;

/** Whether a text looks like a Nomis export at all (so a format can be told apart). */
export function looksLikeNomisExport(text: string): boolean {
  return (
    /\bfrom Nomis\b/i.test(text.slice(0, 2000)) ||
    /^[^\n]*\n?[^\n]*\nPopulation\s*:/m.test(text.slice(0, 2000))
  );
}

/**
 * A Nomis web-query export (what "Download" on a Nomis table gives): a few lines about the
 * table ("TS021 - Ethnic group", "Population :", "Units :", "Date :"), a heading row whose first
 * cell names the geography and whose other cells alternate a category and "%", one row per area
 * written "E01016924 : Brighton and Hove 001A", then notes (record swapping and the like).
 * Read without assuming line numbers: the heading row is the first whose later cells include a
 * "%" column, and area rows are those whose first cell is "<code> : <name>".
 */
export function readNomisExport(text: string): DatasetTable {
  const result = emptyTable();
  const parsed = csvRows(text, false);
  if ('problem' in parsed) {
    result.problems.push(parsed.problem);
    return result;
  }
  const records = parsed.rows;
  let headingIndex = -1;
  let countColumns: number[] = [];
  let totalColumn = -1;
  records.forEach((cells, index) => {
    const line = index + 1;
    const first = (cells[0] ?? '').trim();
    const filled = cells.map((cell) => cell.trim()).filter(Boolean);
    if (headingIndex < 0) {
      const isHeading = cells.slice(1).some((cell) => cell.trim() === '%') && first !== '';
      if (isHeading) {
        headingIndex = index;
        result.geographyLabel = first;
        countColumns = cells
          .map((cell, i) => (i > 0 && cell.trim() !== '%' && cell.trim() !== '' ? i : -1))
          .filter((i) => i >= 0);
        totalColumn = countColumns.find((i) => /^total\b/i.test(cells[i]!.trim())) ?? -1;
        result.totalLabel = totalColumn >= 0 ? cells[totalColumn]!.trim().replace(/^total:\s*/i, '') : null;
        result.categories = countColumns.filter((i) => i !== totalColumn).map((i) => cells[i]!.trim());
        countColumns = countColumns.filter((i) => i !== totalColumn);
        return;
      }
      const title = /^([A-Z]{2}\d{3,4}[A-Z]?)\s*[-–]\s*(.+)$/.exec(first);
      if (title) {
        result.tableCode = title[1]!;
        result.tableTitle = title[2]!.trim();
      } else if (/^(population|units|date)\s*:$/i.test(first)) {
        const key = first.replace(/\s*:$/, '').toLowerCase() as 'population' | 'units' | 'date';
        result[key] = (cells[1] ?? '').trim() || null;
      } else if (result.source === null && !/^(population|units|date)\b/i.test(first) && first !== '') {
        // The line after the title says whose figures they are ("ONS Crown Copyright Reserved [from Nomis…]").
        result.source = first;
      }
      return;
    }
    const area = AREA_CELL.exec(first);
    if (area) {
      const counts = countColumns.map((i) => count(cells[i]));
      const total = totalColumn >= 0 ? count(cells[totalColumn]) : null;
      const bad = countColumns
        .filter((i) => count(cells[i]) === null)
        .map((i) => records[headingIndex]![i]!.trim());
      if (totalColumn >= 0 && total === null) bad.unshift(records[headingIndex]![totalColumn]!.trim());
      if (bad.length)
        result.problems.push({
          line,
          message: notCounts(area[1]!, bad),
        });
      result.rows.push({ line, code: area[1]!, name: area[2]!, total, values: counts });
      return;
    }
    if (filled.length) result.notes.push(filled.join(' '));
  });
  if (headingIndex < 0)
    result.problems.push({
      line: 1,
      message: 'No heading row was found (a row naming the geography, then categories and “%” columns)',
    });
  else if (result.rows.length === 0)
    result.problems.push({
      line: headingIndex + 1,
      message: 'No area rows were found (rows like “E01016924 : Brighton and Hove 001A”)',
    });
  return result;
}
