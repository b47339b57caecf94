import { countIn, csvRows, emptyTable, notCounts, type DatasetTable, type Problem } from './dataset-table.ts';
import { isGssCode } from './geography.ts';

/**
 * Wide files of counts, one row per area and one column per category, as ONS publishes them:
 *
 * - the bulk download ("census2021-ts021-ltla.csv"): `date, geography, geography code`, then a
 *   column per category headed "<Topic>: <category>", with sub-categories as further ": " parts
 *   ("Ethnic group: Asian, Asian British or Asian Welsh: Bangladeshi") and sometimes a
 *   "; measures: Value" suffix;
 * - the same with coded headings ("OA, ts0080001, ts0080002") and a metadata table that names
 *   each code ("ts0080002 → Sex: Female; measures: Value").
 *
 * Each level of category becomes a table of its own (the broad groups, and the detailed ones),
 * and a "Total"/"All …" column is the table's total.
 */
export function looksLikeOnsBulkCsv(text: string, metadata?: string): boolean {
  const heading = firstLine(text).toLowerCase();
  if (metadata) return true;
  return /(^|,)"?geography code"?(,|$)/.test(heading) && /: /.test(heading);
}

function firstLine(text: string): string {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
}

/** The table code a file name carries ("census2021-ts021-ltla.csv" → "TS021"). */
export function tableCodeIn(fileName: string): string | null {
  const match = /(?:^|[^a-z])((?:ts|rm|st|ks|qs|dc)\d{3,4}[a-z]?)(?:[^a-z0-9]|$)/i.exec(fileName);
  return match ? match[1]!.toUpperCase() : null;
}

/** What each coded column heading means, from a metadata table; or a located problem. */
export function readColumnMetadata(
  metadata: string,
  headings: readonly string[],
): { names: Map<string, string>; tableCode: string | null } | { problem: Problem } {
  const parsed = csvRows(metadata, true);
  if ('problem' in parsed)
    return { problem: { ...parsed.problem, message: `Metadata file: ${parsed.problem.message}` } };
  const [head = [], ...rows] = parsed.rows;
  const columns = head.map((cell) => cell.trim().toLowerCase());
  const wanted = new Set(headings.map((heading) => heading.trim().toLowerCase()));
  // The key is whichever metadata column holds the data file's headings.
  const key = columns.findIndex((_, index) =>
    rows.some((row) => wanted.has((row[index] ?? '').trim().toLowerCase())),
  );
  if (key < 0)
    return {
      problem: { line: 1, message: 'Metadata file: no column of it names the data file’s column headings' },
    };
  const described = columns.findIndex(
    (name, index) =>
      index !== key &&
      rows.some((row) => /: /.test(row[index] ?? '')) &&
      /old|label|description|name/.test(name),
  );
  const table = columns.findIndex((name) => /^table_?name$/.test(name));
  const variable = columns.findIndex((name) => /^variable_?name$/.test(name));
  const tableId = columns.findIndex((name) => /^table_?id$/.test(name));
  const names = new Map<string, string>();
  for (const row of rows) {
    const code = (row[key] ?? '').trim().toLowerCase();
    const label =
      described >= 0
        ? (row[described] ?? '').trim()
        : table >= 0 && variable >= 0
          ? `${(row[table] ?? '').trim()}: ${(row[variable] ?? '').trim()}`
          : '';
    if (code && label) names.set(code, label);
  }
  const tableCode = tableId >= 0 ? (rows[0]?.[tableId] ?? '').trim().toUpperCase() || null : null;
  return { names, tableCode };
}

interface Column {
  index: number;
  topic: string;
  path: string[];
}

function columnOf(index: number, heading: string): Column | null {
  const [label = '', measure = ''] = heading.split(/;\s*measures?:\s*/i);
  if (measure && !/^value$/i.test(measure.trim())) return null; // a percentage column: the counts are enough
  const parts = label.split(/:\s+/).map((part) => part.trim());
  if (parts.length < 2) return null;
  return { index, topic: parts[0]!, path: parts.slice(1) };
}

const isTotal = (part: string) => /^(total\b|all\b)/i.test(part);

export function readOnsBulkCsv(
  text: string,
  options: { fileName?: string; metadata?: string } = {},
): DatasetTable[] {
  const failed = (problem: Problem) => {
    const table = emptyTable();
    table.problems.push(problem);
    return [table];
  };
  const parsed = csvRows(text, true);
  if ('problem' in parsed) return failed(parsed.problem);
  const [rawHeading = [], ...records] = parsed.rows;
  let heading = rawHeading.map((cell) => cell.trim());
  let tableCode = tableCodeIn(options.fileName ?? '');
  if (options.metadata) {
    const described = readColumnMetadata(options.metadata, heading);
    if ('problem' in described) return failed(described.problem);
    heading = heading.map((cell) => described.names.get(cell.toLowerCase()) ?? cell);
    tableCode = described.tableCode ?? tableCode;
  }
  const lower = heading.map((cell) => cell.toLowerCase());
  let codeColumn = lower.indexOf('geography code');
  if (codeColumn < 0)
    codeColumn = records.length ? (records[0] ?? []).findIndex((cell) => isGssCode(cell.trim())) : -1;
  if (codeColumn < 0)
    return failed({
      line: 1,
      message: 'No column of area codes was found (“geography code”, or GSS codes like E00060274)',
    });
  const nameColumn = lower.findIndex(
    (cell, index) => index !== codeColumn && /^(geography|name|area name|.*nm)$/.test(cell),
  );
  const dateColumn = lower.indexOf('date');
  const columns = heading
    .map((cell, index) => (index === codeColumn ? null : columnOf(index, cell)))
    .filter((c): c is Column => c !== null);
  if (columns.length === 0)
    return failed({
      line: 1,
      message: options.metadata
        ? 'None of the columns is described as “<Topic>: <category>” in the metadata'
        : 'No column is headed “<Topic>: <category>” (coded headings need their metadata file with them)',
    });
  // One table per topic and depth: broad categories, then each finer level.
  const groups = new Map<
    string,
    { topic: string; depth: number; total: Column | null; categories: Column[] }
  >();
  for (const column of columns) {
    const totalAt = column.path.findIndex(isTotal);
    if (totalAt === 0) {
      for (const group of groups.values()) if (group.topic === column.topic) group.total ??= column;
      const key = `${column.topic}|1`;
      const group = groups.get(key) ?? { topic: column.topic, depth: 1, total: null, categories: [] };
      group.total = column;
      groups.set(key, group);
      continue;
    }
    const depth = column.path.length;
    const key = `${column.topic}|${depth}`;
    const group = groups.get(key) ?? { topic: column.topic, depth, total: null, categories: [] };
    group.categories.push(column);
    groups.set(key, group);
  }
  const topicTotal = new Map([...groups.values()].filter((g) => g.total).map((g) => [g.topic, g.total!]));
  const tables: DatasetTable[] = [];
  for (const group of groups.values()) {
    if (group.categories.length === 0) continue;
    const total = group.total ?? topicTotal.get(group.topic) ?? null;
    const table: DatasetTable = {
      ...emptyTable(),
      tableCode,
      tableTitle: group.depth > 1 ? `${group.topic} (detailed)` : group.topic,
      geographyLabel: nameColumn >= 0 ? rawHeading[nameColumn]!.trim() : rawHeading[codeColumn]!.trim(),
      totalLabel: total ? total.path.join(': ') : null,
      categories: group.categories.map((column) => column.path.join(': ')),
    };
    records.forEach((cells, at) => {
      const line = at + 2;
      const code = (cells[codeColumn] ?? '').trim();
      if (!code) return;
      const values = group.categories.map((column) => countIn(cells[column.index]));
      const bad = group.categories
        .filter((column) => countIn(cells[column.index]) === null)
        .map((column) => column.path.join(': '));
      if (bad.length) table.problems.push({ line, message: notCounts(code, bad) });
      if (dateColumn >= 0 && !table.date) table.date = (cells[dateColumn] ?? '').trim() || null;
      table.rows.push({
        line,
        code,
        name: nameColumn >= 0 ? (cells[nameColumn] ?? '').trim() || code : code,
        total: total ? countIn(cells[total.index]) : null,
        values,
      });
    });
    if (table.rows.length === 0) table.problems.push({ line: 2, message: 'No area rows were found' });
    tables.push(table);
  }
  return tables;
}
