import { readCsvRows, type CsvRead } from '../../platform/csv.ts';

/**
 * One table a dataset file holds, whatever layout it came in: the categories counted (or given
 * as percentages), one row per area, and what the file says about itself. Every reader turns its
 * layout into tables of this shape, so one set of checks (dataset-checks.ts) serves them all.
 */
export interface DatasetTable {
  tableCode: string | null;
  tableTitle: string | null;
  source: string | null;
  population: string | null;
  units: string | null;
  date: string | null;
  /** Counts of people (or households), or percentages already worked out by the publisher. */
  measure: 'count' | 'percent';
  geographyLabel: string;
  totalLabel: string | null;
  /** The categories' labels as the file writes them (not the total). */
  categories: string[];
  rows: TableRow[];
  notes: string[];
  problems: Problem[];
}

export interface TableRow {
  line: number;
  code: string;
  name: string;
  total: number | null;
  values: (number | null)[];
}

export interface Problem {
  line: number;
  message: string;
}

/** A table with nothing read yet. */
export function emptyTable(measure: DatasetTable['measure'] = 'count'): DatasetTable {
  return {
    tableCode: null,
    tableTitle: null,
    source: null,
    population: null,
    units: null,
    date: null,
    measure,
    geographyLabel: '',
    totalLabel: null,
    categories: [],
    rows: [],
    notes: [],
    problems: [],
  };
}

/** CSV text as rows, or where it breaks (platform/csv.ts), for the dataset readers. */
export function csvRows(text: string, skipEmpty: boolean): CsvRead {
  return readCsvRows(text, { skipEmpty });
}

/** A whole number of people as files write it ("1,234", " 17 "), or null. */
export function countIn(cell: string | undefined): number | null {
  const text = (cell ?? '').trim().replace(/,/g, '');
  return /^\d+$/.test(text) ? Number(text) : null;
}

/** A percentage as files write it ("12.3", "12.3%"), or null. */
export function percentIn(cell: string | undefined): number | null {
  const text = (cell ?? '').trim().replace(/%$/, '');
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : null;
}

/** "“A”, “B” are not a count", naming at most three of many cells. */
export function notCounts(code: string, labels: readonly string[], what = 'a count'): string {
  const named = labels.slice(0, 3).map((label) => `“${label}”`);
  const more = labels.length > 3 ? ` and ${labels.length - 3} more` : '';
  return `${code}: ${named.join(', ')}${more} ${labels.length === 1 ? 'is' : 'are'} not ${what}`;
}
