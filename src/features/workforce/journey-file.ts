import { readCsvRows } from '../../platform/csv.ts';

/**
 * An employee journey as a table: one row per stage ("Applied", "Shortlisted", "Appointed";
 * "Workforce", "Disciplinary"), one column per group with its count, the reference group first
 * (the WRES compares everyone with White staff; any characteristic works). An optional "Out of"
 * column names the stage a row is counted out of; when it is blank a stage is out of the row
 * before it.
 */
export interface JourneyFile {
  groups: string[];
  stages: { line: number; stage: string; outOf: string | null; counts: number[] }[];
  problems: { line: number; message: string }[];
}

export function readJourneyFile(text: string): JourneyFile {
  const result: JourneyFile = { groups: [], stages: [], problems: [] };
  const read = readCsvRows(text);
  if ('problem' in read) {
    result.problems.push(read.problem);
    return result;
  }
  const records = read.rows;
  const [heading = [], ...rows] = records;
  const outOfColumn = heading.findIndex((cell, index) => index > 0 && /^out of$/i.test(cell.trim()));
  const groupColumns = heading.map((_, index) => index).filter((index) => index > 0 && index !== outOfColumn);
  result.groups = groupColumns.map((index) => heading[index]!.trim());
  if (result.groups.length < 2 || result.groups.some((group) => !group)) {
    result.problems.push({
      line: 1,
      message:
        'The first row must name the stage column, then at least two groups (the reference group first)',
    });
    return result;
  }
  const seen = new Set<string>();
  rows.forEach((cells, at) => {
    const line = at + 2;
    const stage = (cells[0] ?? '').trim();
    if (!stage) return void result.problems.push({ line, message: 'A row has no stage name' });
    if (seen.has(stage.toLowerCase())) result.problems.push({ line, message: `${stage} appears twice` });
    seen.add(stage.toLowerCase());
    const named = outOfColumn >= 0 ? (cells[outOfColumn] ?? '').trim() : '';
    const outOf = named || (result.stages.at(-1)?.stage ?? null);
    if (named && !result.stages.some((one) => one.stage.toLowerCase() === named.toLowerCase()))
      result.problems.push({ line, message: `${stage} is out of “${named}”, which is not a stage above it` });
    const counts = groupColumns.map((index) => (cells[index] ?? '').trim().replace(/,/g, ''));
    const bad = counts
      .map((value, index) => (/^\d+$/.test(value) ? null : result.groups[index]))
      .filter(Boolean);
    if (bad.length)
      result.problems.push({
        line,
        message: `${stage}: the count for ${bad.map((group) => `“${group}”`).join(', ')} is not a whole number`,
      });
    result.stages.push({
      line,
      stage,
      outOf: named
        ? (result.stages.find((one) => one.stage.toLowerCase() === named.toLowerCase())?.stage ?? named)
        : outOf,
      counts: counts.map(Number),
    });
  });
  if (result.stages.length < 2 && result.problems.length === 0)
    result.problems.push({ line: 2, message: 'A journey needs at least two stages' });
  return result;
}
