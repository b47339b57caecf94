import { csvRows, emptyExport, type NomisExport } from './nomis-export.ts';

/**
 * ONS "create a custom dataset" downloads, in their long (tidy) layout: pairs of columns
 * "<variable> Code" and "<variable>" (the geography first), then "Observation", one row per
 * combination. The first variable after the geography is the one counted; any further variables
 * are added up over (so a sexual orientation × ethnic group table gives sexual orientation).
 * Code -8, "Does not apply", marks people the question was not asked of (under 16s for sexual
 * orientation and gender identity): they are left out of the counts, and a note says so.
 * The result has the same shape as a Nomis export, so one set of checks serves both.
 */
export function looksLikeOnsLongFormat(text: string): boolean {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return /(^|,)"?Observation"?\s*$/.test(first) && / Code"?,/.test(first);
}

export function readOnsLongFormat(text: string): NomisExport {
  const result = emptyExport();
  const parsed = csvRows(text, true);
  if ('problem' in parsed) {
    result.problems.push(parsed.problem);
    return result;
  }
  const records = parsed.rows;
  const heading = (records[0] ?? []).map((cell) => cell.trim());
  result.geographyLabel = heading[1] ?? '';
  const observation = heading.indexOf('Observation');
  if (
    observation < 0 ||
    observation < 4 ||
    !/ Code$/.test(heading[0] ?? '') ||
    !/ Code$/.test(heading[2] ?? '')
  ) {
    result.problems.push({
      line: 1,
      message: 'The heading row is not “<area> Code, <area>, <variable> Code, <variable>, …, Observation”',
    });
    return result;
  }
  result.tableTitle = heading[3]!;
  const categoryIndex = new Map<string, number>();
  const byArea = new Map<string, { line: number; name: string; counts: number[] }>();
  let leftOut = 0;
  records.slice(1).forEach((cells, index) => {
    const line = index + 2;
    const [code, name, categoryCode, category] = cells.map((cell) => (cell ?? '').trim());
    const value = (cells[observation] ?? '').trim();
    if (!code || !/^-?\d+$/.test(value)) {
      result.problems.push({
        line,
        message: `${code || 'A row'}: the observation “${value}” is not a count`,
      });
      return;
    }
    if (categoryCode === '-8') {
      leftOut += Number(value);
      return;
    }
    if (!categoryIndex.has(category!)) {
      categoryIndex.set(category!, result.categories.length);
      result.categories.push(category!);
    }
    const area = byArea.get(code) ?? { line, name: name ?? code, counts: [] };
    const at = categoryIndex.get(category!)!;
    area.counts[at] = (area.counts[at] ?? 0) + Number(value);
    byArea.set(code, area);
  });
  for (const [code, area] of byArea)
    result.rows.push({
      line: area.line,
      code,
      name: area.name,
      total: null,
      counts: result.categories.map((_, index) => area.counts[index] ?? 0),
    });
  if (leftOut > 0)
    result.notes.push(
      `${leftOut.toLocaleString('en-GB')} people to whom the question does not apply (code -8) are left out of the counts.`,
    );
  if (result.rows.length === 0 && result.problems.length === 0)
    result.problems.push({ line: 2, message: 'No rows of counts were found' });
  return result;
}
