import { UnreadableFileError } from '../../infra/untrusted-files/unreadable-file-error.ts';
import { readXlsxSheets } from '../../infra/untrusted-files/xlsx-sheets.ts';
import { eachCsvRow } from '../../platform/csv.ts';
import { crossKey } from './comparison.ts';
import {
  answerFor,
  questionById,
  questionForHeading,
  QUESTION_BANK,
  type BankQuestion,
} from './question-bank.ts';

/**
 * A service's monitoring file, read into aggregates (pure; nothing about a person is kept):
 * - **one row per person**: a column per monitoring question, found by its heading ("Ethnicity",
 *   "Religion or belief", "Disabled"…, in any order, among any other columns, which are left out
 *   and named), each cell one of the bank's answers (its code, its words or a usual variant);
 * - **counts**: `question, answer, count` rows, for a service that only ever had totals.
 * Every cell is checked; a file with any problem gives every problem with its line.
 */
export interface MonitoringFile {
  layout: 'people' | 'counts';
  questions: string[];
  people: number;
  /** Question → answer → count. */
  counts: Map<string, Map<string, number>>;
  /** "rowQuestion|columnQuestion" (in bank order) → crossKey(a, b) → count. People files only. */
  crosses: Map<string, Map<string, number>>;
  /** Columns that are not monitoring questions and were left out (names, addresses, references). */
  ignoredColumns: string[];
  problems: { line: number; message: string }[];
}

const MAX_PROBLEMS = 200;

export function pairKey(first: string, second: string): string {
  return `${first}|${second}`;
}

const empty = (message: string, line = 1): MonitoringFile => ({
  layout: 'people',
  questions: [],
  people: 0,
  counts: new Map(),
  crosses: new Map(),
  ignoredColumns: [],
  problems: [{ line, message }],
});

/** A CSV export. */
export function readMonitoringFile(text: string): MonitoringFile {
  return readMonitoringRows((onRow) => eachCsvRow(text, onRow));
}

const SHEET_LIMITS = { rows: 250_000, columns: 200, cells: 2_500_000 };

/** A workbook (.xlsx): its first sheet with anything in it, read the same way; row numbers are the sheet's. */
export function readMonitoringWorkbook(bytes: Uint8Array): MonitoringFile {
  let sheets;
  try {
    sheets = readXlsxSheets(Buffer.from(bytes), SHEET_LIMITS);
  } catch (error) {
    if (error instanceof UnreadableFileError) return empty(error.message);
    throw error;
  }
  const sheet = sheets[0];
  if (!sheet) return empty('The workbook has no sheet with anything in it');
  return readMonitoringRows((onRow) => {
    sheet.rows.forEach((cells, index) => {
      if (cells.some((cell) => cell.trim())) onRow(cells, index + 1);
    });
    return null;
  });
}

function readMonitoringRows(
  each: (onRow: (cells: string[], line: number) => void) => { line: number; message: string } | null,
): MonitoringFile {
  // Rows are taken one at a time and only counted: a million-row export never sits in memory.
  let header: string[] | null = null;
  let people: PeopleReader | null = null;
  const countRows: string[][] = [];
  let rows = 0;
  const broken = each((cells, line) => {
    if (!header) {
      header = cells;
      const headings = cells.map((cell) => cell.trim().toLowerCase());
      const isCounts =
        headings.includes('question') &&
        headings.includes('answer') &&
        headings.some((h) => /^(count|number|people)$/.test(h));
      if (!isCounts) people = peopleReader(cells);
      return;
    }
    rows += 1;
    if (people) people.row(cells, line);
    else countRows.push(cells);
  });
  if (broken) return empty(broken.message, broken.line);
  if (!header || rows === 0) return empty('The file has no rows under its headings');
  if (!people)
    return readCounts(
      (header as string[]).map((cell) => cell.trim().toLowerCase()),
      countRows,
    );
  return (people as PeopleReader).result();
}

interface PeopleReader {
  row(cells: string[], line: number): void;
  result(): MonitoringFile;
}

function peopleReader(header: string[]): PeopleReader {
  const columns: { index: number; question: BankQuestion; answers: Map<string, string | undefined> }[] = [];
  const ignoredColumns: string[] = [];
  const problems: MonitoringFile['problems'] = [];
  header.forEach((heading, index) => {
    const question = questionForHeading(heading);
    if (!question) ignoredColumns.push(heading.trim());
    else if (columns.some((column) => column.question.id === question.id))
      problems.push({
        line: 1,
        message: `Two columns answer “${question.text}”: “${heading.trim()}” is the second`,
      });
    // Each column remembers what each distinct cell meant: exports repeat a few answers a million times.
    else columns.push({ index, question, answers: new Map() });
  });
  // Bank order, so pairs are always named the same way round.
  columns.sort(
    (a, b) =>
      QUESTION_BANK.findIndex((q) => q.id === a.question.id) -
      QUESTION_BANK.findIndex((q) => q.id === b.question.id),
  );
  const counts = new Map(columns.map((column) => [column.question.id, new Map<string, number>()]));
  const pairs: Map<string, number>[][] = columns.map(() => []);
  const crosses = new Map<string, Map<string, number>>();
  for (let i = 0; i < columns.length; i++)
    for (let j = i + 1; j < columns.length; j++) {
      const pair = new Map<string, number>();
      pairs[i]![j] = pair;
      crosses.set(pairKey(columns[i]!.question.id, columns[j]!.question.id), pair);
    }
  const answers: string[] = new Array(columns.length);
  let people = 0;
  return {
    row(cells, line) {
      people += 1;
      if (columns.length === 0) return;
      let bad = false;
      for (let c = 0; c < columns.length; c++) {
        const column = columns[c]!;
        const cell = cells[column.index] ?? '';
        let answer = column.answers.get(cell);
        if (answer === undefined && !column.answers.has(cell)) {
          answer = answerFor(column.question, cell);
          column.answers.set(cell, answer);
        }
        if (answer === undefined) {
          bad = true;
          if (problems.length < MAX_PROBLEMS)
            problems.push({
              line,
              message: `“${cell.trim()}” is not an answer to “${column.question.text}” (column “${header[column.index]!.trim()}”)`,
            });
        } else answers[c] = answer;
      }
      if (bad) return;
      for (let c = 0; c < columns.length; c++) {
        const byAnswer = counts.get(columns[c]!.question.id)!;
        byAnswer.set(answers[c]!, (byAnswer.get(answers[c]!) ?? 0) + 1);
        for (let d = c + 1; d < columns.length; d++) {
          const pair = pairs[c]![d]!;
          const key = crossKey(answers[c]!, answers[d]!);
          pair.set(key, (pair.get(key) ?? 0) + 1);
        }
      }
    },
    result() {
      if (columns.length === 0)
        return {
          layout: 'people',
          questions: [],
          people: 0,
          counts: new Map(),
          crosses: new Map(),
          ignoredColumns,
          problems: [
            {
              line: 1,
              message: `No column is a monitoring question. Headings Equalis knows include: ${QUESTION_BANK.map((q) => q.headings[0]).join(', ')}`,
            },
          ],
        };
      return {
        layout: 'people',
        questions: columns.map((column) => column.question.id),
        people,
        counts,
        crosses,
        ignoredColumns,
        problems,
      };
    },
  };
}

function readCounts(headings: string[], rows: string[][]): MonitoringFile {
  const at = (name: RegExp) => headings.findIndex((heading) => name.test(heading));
  const [q, a, n] = [at(/^question$/), at(/^answer$/), at(/^(count|number|people)$/)];
  const counts = new Map<string, Map<string, number>>();
  const problems: MonitoringFile['problems'] = [];
  rows.forEach((row, index) => {
    const line = index + 2;
    const questionCell = (row[q] ?? '').trim();
    const question = questionById(questionCell) ?? questionForHeading(questionCell);
    if (!question) {
      problems.push({ line, message: `“${questionCell}” is not a monitoring question` });
      return;
    }
    const answer = answerFor(question, row[a] ?? '');
    if (answer === undefined) {
      problems.push({ line, message: `“${(row[a] ?? '').trim()}” is not an answer to “${question.text}”` });
      return;
    }
    const count = Number((row[n] ?? '').replace(/,/g, '').trim());
    if (!Number.isInteger(count) || count < 0) {
      problems.push({ line, message: `The count “${(row[n] ?? '').trim()}” is not a whole number` });
      return;
    }
    const byAnswer = counts.get(question.id) ?? new Map<string, number>();
    if (byAnswer.has(answer)) problems.push({ line, message: `“${question.text}” has “${row[a]}” twice` });
    byAnswer.set(answer, count);
    counts.set(question.id, byAnswer);
  });
  const totals = [...counts.values()].map((byAnswer) => [...byAnswer.values()].reduce((x, y) => x + y, 0));
  return {
    layout: 'counts',
    questions: QUESTION_BANK.filter((question) => counts.has(question.id)).map((question) => question.id),
    people: totals.length ? Math.max(...totals) : 0,
    counts,
    crosses: new Map(),
    ignoredColumns: [],
    problems: problems.slice(0, MAX_PROBLEMS),
  };
}
