import { csvRows, emptyTable, type DatasetTable } from './dataset-table.ts';

/**
 * ONS "create a custom dataset" downloads, in their long (tidy) layout: pairs of columns
 * "<variable> Code" and "<variable>" (the geography first), then "Observation", one row per
 * combination. Each variable becomes a table of its own, added up over the others (so a sexual
 * orientation × ethnic group file gives both a sexual orientation table and an ethnic group
 * table of the same people). Code -8, "Does not apply", marks people a question was not asked of
 * (under 16s for sexual orientation and gender identity): a row where any variable does not
 * apply is left out of every table, so all of a file's tables count the same people, and a note
 * says how many were left out.
 */
export function looksLikeOnsLongFormat(text: string): boolean {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return /(^|,)"?Observation"?\s*$/.test(first) && / Code"?,/.test(first);
}

/** "Ethnic group (8 categories)" → "Ethnic group". */
function variableTitle(heading: string): string {
  return heading.replace(/\s*\(\d+ categories\)\s*$/i, '').trim();
}

export function readOnsLongFormat(text: string): DatasetTable[] {
  const failed = (line: number, message: string) => {
    const table = emptyTable();
    table.problems.push({ line, message });
    return [table];
  };
  const parsed = csvRows(text, true);
  if ('problem' in parsed) return failed(parsed.problem.line, parsed.problem.message);
  const records = parsed.rows;
  const heading = (records[0] ?? []).map((cell) => cell.trim());
  const observation = heading.indexOf('Observation');
  if (observation < 4 || !/ Code$/.test(heading[0] ?? '') || !/ Code$/.test(heading[2] ?? ''))
    return failed(
      1,
      'The heading row is not “<area> Code, <area>, <variable> Code, <variable>, …, Observation”',
    );
  const variables: number[] = [];
  for (let column = 2; column + 1 < observation; column += 2) variables.push(column);
  const tables = variables.map((column) => ({
    table: {
      ...emptyTable(),
      geographyLabel: heading[1] ?? '',
      tableTitle: variableTitle(heading[column + 1]!),
    },
    categoryIndex: new Map<string, number>(),
    byArea: new Map<string, { line: number; name: string; counts: number[] }>(),
  }));
  const problems: DatasetTable['problems'] = [];
  let leftOut = 0;
  records.slice(1).forEach((cells, index) => {
    const line = index + 2;
    const code = (cells[0] ?? '').trim();
    const value = (cells[observation] ?? '').trim();
    if (!code || !/^-?\d+$/.test(value)) {
      problems.push({ line, message: `${code || 'A row'}: the observation “${value}” is not a count` });
      return;
    }
    if (variables.some((column) => (cells[column] ?? '').trim() === '-8')) {
      leftOut += Number(value);
      return;
    }
    variables.forEach((column, at) => {
      const { table, categoryIndex, byArea } = tables[at]!;
      const category = (cells[column + 1] ?? '').trim();
      if (!categoryIndex.has(category)) {
        categoryIndex.set(category, table.categories.length);
        table.categories.push(category);
      }
      const area = byArea.get(code) ?? { line, name: (cells[1] ?? '').trim() || code, counts: [] };
      const slot = categoryIndex.get(category)!;
      area.counts[slot] = (area.counts[slot] ?? 0) + Number(value);
      byArea.set(code, area);
    });
  });
  return tables.map(({ table, byArea }) => {
    for (const [code, area] of byArea)
      table.rows.push({
        line: area.line,
        code,
        name: area.name,
        total: null,
        values: table.categories.map((_, slot) => area.counts[slot] ?? 0),
      });
    table.problems.push(...problems);
    if (leftOut > 0)
      table.notes.push(
        `${leftOut.toLocaleString('en-GB')} people to whom a question does not apply (code -8) are left out of the counts.`,
      );
    if (table.rows.length === 0 && table.problems.length === 0)
      table.problems.push({ line: 2, message: 'No rows of counts were found' });
    return table;
  });
}
