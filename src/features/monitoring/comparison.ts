import {
  publishedShare,
  publishTable,
  type DisclosurePolicy,
  type PublishedFigure,
} from '../../stats/disclosure.ts';
import { differsFrom, representationAgainst, type Estimate } from '../../stats/proportions.ts';
import { answerLabel, answersOf, NOT_ANSWERED, PREFER_NOT, type BankQuestion } from './question-bank.ts';

/**
 * A service's users against the population of its catchment, for one question: pure. Answers are
 * gathered into the groups the census can compare (the 19 ethnic groups into the five broad
 * ones); every count is published under the disclosure policy, and shares, ratios and their
 * intervals are worked out from published counts only. A group is flagged under- or
 * over-represented only when the whole interval of its ratio lies below or above 1.
 */
export interface ComparisonRow {
  key: string;
  label: string;
  users: PublishedFigure;
  /** Share of those who answered (prefer-not and blanks left out), from published counts. */
  share: number | null;
  populationShare: number | null;
  ratio: Estimate | null;
  flag: 'under' | 'over' | null;
}

export interface Comparison {
  questionId: string;
  questionText: string;
  rows: ComparisonRow[];
  answered: PublishedFigure;
  preferNot: PublishedFigure;
  notAnswered: PublishedFigure;
  everyone: PublishedFigure;
  /** Answered ÷ everyone, from published counts: how far the figures can be trusted. */
  declarationRate: number | null;
  comparedWith: string | null;
}

export interface PopulationBreakdown {
  areaName: string;
  /** Census category code → published share (0–1) or null when hidden. */
  shares: Map<string, number | null>;
  labels: Map<string, string>;
}

interface Group {
  key: string;
  census: string[];
  answers: string[];
  label: string;
}

/** The groups a question's answers are compared in: answers sharing census categories go together. */
export function comparisonGroups(question: BankQuestion, labels?: Map<string, string>): Group[] {
  const groups = new Map<string, Group>();
  for (const answer of question.answers) {
    const key = answer.census?.length ? answer.census.join('+') : answer.code;
    const group = groups.get(key) ?? { key, census: answer.census ?? [], answers: [], label: '' };
    group.answers.push(answer.code);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    if (group.answers.length === 1) group.label = answerLabel(question, group.answers[0]!);
    else
      group.label =
        (group.census.length === 1 ? labels?.get(group.census[0]!) : undefined) ??
        answerLabel(question, group.answers[0]!).split(':')[0]!;
  }
  return [...groups.values()];
}

/** The population share of a group: its census categories' shares, among those who answered the census. */
function populationShareOf(group: Group, population: PopulationBreakdown | null): number | null {
  if (!population || group.census.length === 0) return null;
  let answered = 0;
  for (const [code, share] of population.shares) {
    if (code === 'not_answered') continue;
    if (share === null) return null;
    answered += share;
  }
  let sum = 0;
  for (const code of group.census) {
    const share = population.shares.get(code);
    if (share === undefined || share === null) return null;
    sum += share;
  }
  return answered > 0 ? sum / answered : null;
}

export function compareWithPopulation(
  question: BankQuestion,
  counts: ReadonlyMap<string, number>,
  population: PopulationBreakdown | null,
  policy: DisclosurePolicy,
): Comparison {
  const groups = comparisonGroups(question, population?.labels);
  const groupCounts = groups.map((group) =>
    group.answers.reduce((sum, code) => sum + (counts.get(code) ?? 0), 0),
  );
  const answeredTable = publishTable([groupCounts], policy);
  const answeredTotal = answeredTable.grandTotal;
  const statusTable = publishTable(
    [[groupCounts.reduce((a, b) => a + b, 0), counts.get(PREFER_NOT) ?? 0, counts.get(NOT_ANSWERED) ?? 0]],
    policy,
  );
  const [answered, preferNot, notAnswered] = statusTable.cells[0]!;
  const rows = groups.map((group, index): ComparisonRow => {
    const users = answeredTable.cells[0]![index]!;
    const share = publishedShare(users, answeredTotal);
    const populationShare = populationShareOf(group, population);
    const ratio =
      users.value !== null && answeredTotal.value && populationShare
        ? representationAgainst(users.value, answeredTotal.value, populationShare)
        : null;
    const side = ratio ? differsFrom(ratio, 1) : null;
    return {
      key: group.key,
      label: group.label,
      users,
      share,
      populationShare,
      ratio,
      flag: side === 'above' ? 'over' : side === 'below' ? 'under' : null,
    };
  });
  return {
    questionId: question.id,
    questionText: question.text,
    rows,
    answered: answered!,
    preferNot: preferNot!,
    notAnswered: notAnswered!,
    everyone: statusTable.grandTotal,
    declarationRate: publishedShare(answered!, statusTable.grandTotal),
    comparedWith: population?.areaName ?? null,
  };
}

export interface CrossedTable {
  rowLabels: string[];
  columnLabels: string[];
  cells: PublishedFigure[][];
  rowTotals: PublishedFigure[];
  columnTotals: PublishedFigure[];
  grandTotal: PublishedFigure;
}

/**
 * Two questions crossed (every answer, prefer-not and blanks included, so the table adds up to
 * everyone), published as one table so secondary suppression protects each hidden cell from its
 * row and column totals.
 */
export function crossTable(
  rowQuestion: BankQuestion,
  columnQuestion: BankQuestion,
  counts: ReadonlyMap<string, number>,
  policy: DisclosurePolicy,
): CrossedTable {
  const rowAnswers = [...answersOf(rowQuestion).map((a) => a.code), NOT_ANSWERED];
  const columnAnswers = [...answersOf(columnQuestion).map((a) => a.code), NOT_ANSWERED];
  const grid = rowAnswers.map((a) => columnAnswers.map((b) => counts.get(crossKey(a, b)) ?? 0));
  const published = publishTable(grid, policy);
  return {
    rowLabels: rowAnswers.map((code) => answerLabel(rowQuestion, code)),
    columnLabels: columnAnswers.map((code) => answerLabel(columnQuestion, code)),
    cells: published.cells,
    rowTotals: published.rowTotals,
    columnTotals: published.columnTotals,
    grandTotal: published.grandTotal,
  };
}

export function crossKey(rowAnswer: string, columnAnswer: string): string {
  return `${rowAnswer}\u0000${columnAnswer}`;
}
