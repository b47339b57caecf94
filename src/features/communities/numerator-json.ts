import { emptyTable, type DatasetTable, type Problem } from './dataset-table.ts';
import { isGssCode } from './geography.ts';

/**
 * Long JSON of numerators and denominators, as public-health analysts publish census extracts:
 * an array of records `{ <area code>, Topic, Category, Numerator, Denominator, Proportion }`.
 * Each topic becomes a table whose total is the denominator. A topic that gives every category
 * but one (only "Disabled under the Equality Act", say) gets the last one as the denominator less
 * the others, but only when the classification has exactly one category left (the checks decide,
 * see dataset-checks.ts); the proportion is not trusted, the counts are.
 */
export function looksLikeNumeratorJson(text: string): boolean {
  return /^\s*\[\s*\{/.test(text) && /"numerator"\s*:/i.test(text.slice(0, 2000));
}

type Record_ = Record<string, unknown>;

function field(record: Record_, ...names: string[]): unknown {
  for (const key of Object.keys(record)) if (names.includes(key.toLowerCase())) return record[key];
  return undefined;
}

export function readNumeratorJson(text: string): DatasetTable[] {
  const failed = (problem: Problem) => {
    const table = emptyTable();
    table.problems.push(problem);
    return [table];
  };
  let records: unknown;
  try {
    records = JSON.parse(text);
  } catch (error) {
    return failed({ line: 0, message: `This is not readable as JSON: ${(error as Error).message}` });
  }
  if (!Array.isArray(records) || records.length === 0)
    return failed({ line: 0, message: 'The JSON is not a list of records' });
  const first = records[0] as Record_;
  const codeKey = Object.keys(first).find((key) => /cd$|code/i.test(key) && isGssCode(String(first[key])));
  if (!codeKey)
    return failed({ line: 1, message: 'Record 1: no field holds a GSS area code (like “LSOA21CD”)' });
  const nameKey = Object.keys(first).find((key) => /nm$|name/i.test(key));
  const topics = new Map<
    string,
    {
      table: DatasetTable;
      byArea: Map<
        string,
        { record: number; name: string; values: Map<string, number>; total: number | null }
      >;
    }
  >();
  const problems: Problem[] = [];
  records.forEach((raw, index) => {
    const record = (raw ?? {}) as Record_;
    const where = `Record ${index + 1}`;
    const code = String(record[codeKey] ?? '').trim();
    const topic = String(field(record, 'topic') ?? '').trim() || 'Dataset';
    const category = String(field(record, 'category') ?? '').trim();
    const numerator = field(record, 'numerator');
    const denominator = field(record, 'denominator');
    if (!code || !category)
      return problems.push({ line: index + 1, message: `${where}: no area code or no category` });
    if (!Number.isInteger(numerator) || (numerator as number) < 0)
      return problems.push({
        line: index + 1,
        message: `${where} (${code}): the numerator “${String(numerator)}” is not a count`,
      });
    if (
      denominator !== undefined &&
      denominator !== null &&
      (!Number.isInteger(denominator) || (denominator as number) < (numerator as number))
    )
      return problems.push({
        line: index + 1,
        message: `${where} (${code}): the denominator “${String(denominator)}” is not a count at least the numerator`,
      });
    const entry = topics.get(topic) ?? {
      table: { ...emptyTable(), tableTitle: topic, geographyLabel: codeKey },
      byArea: new Map(),
    };
    if (!entry.table.categories.includes(category)) entry.table.categories.push(category);
    const area = entry.byArea.get(code) ?? {
      record: index + 1,
      name: nameKey ? String(record[nameKey] ?? code) : code,
      values: new Map(),
      total: null,
    };
    if (area.values.has(category))
      problems.push({ line: index + 1, message: `${where}: ${code} has “${category}” twice` });
    area.values.set(category, numerator as number);
    if (typeof denominator === 'number') {
      if (area.total !== null && area.total !== denominator)
        problems.push({
          line: index + 1,
          message: `${where} (${code}): the denominator ${denominator} differs from the same area’s ${area.total} in “${topic}”`,
        });
      area.total = denominator;
    }
    entry.byArea.set(code, area);
    topics.set(topic, entry);
  });
  if (topics.size === 0) {
    const table = emptyTable();
    table.problems.push(...problems);
    return [table];
  }
  return [...topics.values()].map(({ table, byArea }) => {
    for (const [code, area] of byArea) {
      const missing = table.categories.filter((category) => !area.values.has(category));
      if (missing.length)
        table.problems.push({
          line: area.record,
          message: `${code}: no figure for ${missing.map((c) => `“${c}”`).join(', ')} in “${table.tableTitle}”`,
        });
      table.rows.push({
        line: area.record,
        code,
        name: area.name,
        total: area.total,
        values: table.categories.map((category) => area.values.get(category) ?? null),
      });
    }
    table.problems.push(...problems);
    return table;
  });
}
