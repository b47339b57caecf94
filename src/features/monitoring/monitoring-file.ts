import { readCsvRows } from '../../platform/csv.ts';
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

export function readMonitoringFile(text: string): MonitoringFile {
  const empty = (message: string, line = 1): MonitoringFile => ({
    layout: 'people',
    questions: [],
    people: 0,
    counts: new Map(),
    crosses: new Map(),
    ignoredColumns: [],
    problems: [{ line, message }],
  });
  const read = readCsvRows(text, { skipEmpty: true });
  if ('problem' in read) return empty(read.problem.message, read.problem.line);
  const [header, ...rows] = read.rows;
  if (!header || rows.length === 0) return empty('The file has no rows under its headings');
  const headings = header.map((cell) => cell.trim().toLowerCase());
  if (
    headings.includes('question') &&
    headings.includes('answer') &&
    headings.some((h) => /^(count|number|people)$/.test(h))
  )
    return readCounts(headings, rows);
  return readPeople(header, rows);
}

function readPeople(header: string[], rows: string[][]): MonitoringFile {
  const columns: { index: number; question: BankQuestion }[] = [];
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
    else columns.push({ index, question });
  });
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
  // Bank order, so pairs are always named the same way round.
  columns.sort(
    (a, b) =>
      QUESTION_BANK.findIndex((q) => q.id === a.question.id) -
      QUESTION_BANK.findIndex((q) => q.id === b.question.id),
  );
  const counts = new Map(columns.map((column) => [column.question.id, new Map<string, number>()]));
  const crosses = new Map<string, Map<string, number>>();
  for (let i = 0; i < columns.length; i++)
    for (let j = i + 1; j < columns.length; j++)
      crosses.set(pairKey(columns[i]!.question.id, columns[j]!.question.id), new Map());
  const answers: string[] = new Array(columns.length);
  rows.forEach((row, rowIndex) => {
    const line = rowIndex + 2;
    let bad = false;
    columns.forEach((column, c) => {
      const cell = row[column.index] ?? '';
      const answer = answerFor(column.question, cell);
      if (answer === undefined) {
        bad = true;
        if (problems.length < MAX_PROBLEMS)
          problems.push({
            line,
            message: `“${cell.trim()}” is not an answer to “${column.question.text}” (column “${header[column.index]!.trim()}”)`,
          });
      } else answers[c] = answer;
    });
    if (bad) return;
    columns.forEach((column, c) => {
      const byAnswer = counts.get(column.question.id)!;
      byAnswer.set(answers[c]!, (byAnswer.get(answers[c]!) ?? 0) + 1);
      for (let d = c + 1; d < columns.length; d++) {
        const pair = crosses.get(pairKey(column.question.id, columns[d]!.question.id))!;
        const key = crossKey(answers[c]!, answers[d]!);
        pair.set(key, (pair.get(key) ?? 0) + 1);
      }
    });
  });
  return {
    layout: 'people',
    questions: columns.map((column) => column.question.id),
    people: rows.length,
    counts,
    crosses,
    ignoredColumns,
    problems,
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
