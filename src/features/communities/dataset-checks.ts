import { categoryFor, classificationFor, isSubtotal, type Classification } from './classifications.ts';
import type { DatasetTable, Problem } from './dataset-table.ts';
import { levelOfCode, type Level } from './geography.ts';

/**
 * Everything that must be true of a dataset file before any of it is kept, found all at once so
 * the person sees every problem, each with its line. A total may differ from the sum of its
 * parts by at most TOTAL_TOLERANCE of the total (or one person, whichever is more): Census 2021
 * tables add up exactly, but other publishers round. Percentages given to one decimal place may
 * add up to 100 give or take PERCENT_ROUNDING per category.
 */
export const TOTAL_TOLERANCE = 0.001;
export const PERCENT_ROUNDING = 0.05;

/** Areas that may sit in a file beside its own level, as the figures to compare with. */
const COMPARATOR_LEVELS: readonly Level[] = ['region', 'country', 'nation'];

export interface CheckedTable {
  table: DatasetTable;
  classification: Classification;
  level: Level;
  measure: 'count' | 'percent';
  figures: { areaCode: string; category: string; value: number }[];
  /** A category the file leaves out, worked out as the total less the others. */
  derivedCategory: string | null;
}

export interface CheckedFile {
  tables: CheckedTable[];
  areas: { code: string; name: string; level: Level }[];
  problems: Problem[];
  notes: string[];
}

/** Checks every table a file holds; a file of several tables keeps those that are a classification Equalis knows. */
export function checkDatasetFile(tables: readonly DatasetTable[]): CheckedFile {
  const recognised = tables.filter((table) => classificationFor(table.categories) !== null);
  const notes = [...new Set(tables.flatMap((table) => table.notes))];
  const problems: Problem[] = [];
  if (tables.length > 1 && recognised.length < tables.length) {
    const left = tables
      .filter((table) => !recognised.includes(table))
      .map((table) => table.tableTitle ?? '—');
    notes.push(`Left out, as no classification of a protected characteristic: ${left.join(', ')}.`);
  }
  const kept = tables.length > 1 ? recognised : tables;
  if (kept.length === 0)
    problems.push({ line: 1, message: 'None of the file’s tables is a classification Equalis knows' });
  const checked: CheckedTable[] = [];
  const areas = new Map<string, { code: string; name: string; level: Level }>();
  for (const table of kept) {
    const result = checkTable(table);
    problems.push(...result.problems);
    for (const area of result.areas) if (!areas.has(area.code)) areas.set(area.code, area);
    if (result.checked) checked.push(result.checked);
  }
  const seen = new Set<string>();
  return {
    tables: checked,
    areas: [...areas.values()],
    problems: problems
      .filter((problem) => {
        const key = `${problem.line}|${problem.message}`;
        return seen.has(key) ? false : (seen.add(key), true);
      })
      .sort((a, b) => a.line - b.line),
    notes,
  };
}

function checkTable(table: DatasetTable): {
  checked: CheckedTable | null;
  areas: CheckedFile['areas'];
  problems: Problem[];
} {
  const problems = [...table.problems];
  const classification = classificationFor(table.categories);
  if (!classification && table.categories.length)
    problems.push({
      line: 1,
      message: `The categories “${table.categories.join('”, “')}” are not one classification Equalis knows`,
    });
  const categoryCodes = table.categories.map((label) =>
    classification && !isSubtotal(classification, label)
      ? (categoryFor(classification, label)?.code ?? null)
      : null,
  );
  // Every column is a part of the total but a classification's known subtotals.
  const isPart = table.categories.map((label) => !(classification && isSubtotal(classification, label)));
  const missing = classification
    ? classification.categories.filter((category) => !categoryCodes.includes(category.code))
    : [];
  // A count table that gives all but one category, with totals, gives that one too.
  const derived =
    table.measure === 'count' && missing.length === 1 && table.rows.every((row) => row.total !== null)
      ? missing[0]!
      : null;
  const levels = new Set<Level>();
  const seen = new Set<string>();
  const figures: CheckedTable['figures'] = [];
  const areas: CheckedFile['areas'] = [];
  for (const row of table.rows) {
    const level = levelOfCode(row.code);
    if (!level) {
      problems.push({ line: row.line, message: `${row.code} is not a GSS area code Equalis knows` });
      continue;
    }
    levels.add(level);
    if (seen.has(row.code)) problems.push({ line: row.line, message: `${row.code} appears more than once` });
    seen.add(row.code);
    areas.push({ code: row.code, name: row.name, level });
    if (row.values.some((value) => value === null)) continue;
    const parts = row.values.reduce<number>(
      (sum, value, index) => sum + (isPart[index] ? (value ?? 0) : 0),
      0,
    );
    if (table.measure === 'percent') {
      const slack = PERCENT_ROUNDING * isPart.filter(Boolean).length + 1e-9;
      const complete = missing.length === 0;
      if (parts > 100 + slack || (complete && parts < 100 - slack))
        problems.push({
          line: row.line,
          message: `${row.code}: the percentages add up to ${Math.round(parts * 10) / 10}, not 100`,
        });
    } else if (
      row.total !== null &&
      !derived &&
      Math.abs(row.total - parts) > Math.max(1, row.total * TOTAL_TOLERANCE)
    )
      problems.push({
        line: row.line,
        message: `${row.code}: the parts add up to ${parts}, but the total says ${row.total}`,
      });
    else if (derived && row.total! < parts)
      problems.push({
        line: row.line,
        message: `${row.code}: the parts add up to ${parts}, more than the total ${row.total}`,
      });
    row.values.forEach((value, index) => {
      const category = categoryCodes[index];
      if (category && value !== null) figures.push({ areaCode: row.code, category, value });
    });
    if (derived) figures.push({ areaCode: row.code, category: derived.code, value: row.total! - parts });
  }
  const own = [...levels].filter((level) => !COMPARATOR_LEVELS.includes(level));
  if (own.length > 1)
    problems.push({
      line: 1,
      message: `The file mixes kinds of area (${own.join(', ')}): import one kind at a time`,
    });
  const level = own.length === 1 ? own[0]! : levels.size ? [...levels].sort(byRollUp)[0]! : null;
  return {
    checked:
      classification && level
        ? {
            table,
            classification,
            level,
            measure: table.measure,
            figures,
            derivedCategory: derived?.code ?? null,
          }
        : null,
    areas,
    problems,
  };
}

function byRollUp(a: Level, b: Level): number {
  return COMPARATOR_LEVELS.indexOf(a) - COMPARATOR_LEVELS.indexOf(b);
}
