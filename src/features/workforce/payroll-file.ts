import { readCsvRows } from '../../platform/csv.ts';
import { categoryFor, classificationById } from '../communities/classifications.ts';

/**
 * A payroll extract for the snapshot date, one row per relevant employee, in whatever columns
 * the payroll system writes. Each column is found by what its heading says ("Employee number",
 * "Staff ID", "Payroll ref" are all the reference), so no one system's layout is assumed. Every
 * row is checked before anything is kept; a row's problems name its line and the column.
 */
export interface PayrollRow {
  line: number;
  /** The employee's reference as the file gives it: pseudonymised before it is stored, never kept. */
  reference: string;
  sex: 'male' | 'female' | null;
  ethnicity: string | null;
  disability: 'disabled' | 'not_disabled' | null;
  grade: string | null;
  directorate: string | null;
  ordinaryPay: number;
  periodBonus: number;
  periodDays: number;
  weeklyHours: number;
  fullPay: boolean;
  yearBonus: number;
}

export interface PayrollFile {
  rows: PayrollRow[];
  /** Which heading each field was read from, for the preview. */
  columns: Partial<Record<Field, string>>;
  notes: string[];
  problems: { line: number; message: string }[];
}

type Field =
  | 'reference'
  | 'sex'
  | 'ethnicity'
  | 'disability'
  | 'grade'
  | 'directorate'
  | 'ordinaryPay'
  | 'periodBonus'
  | 'periodDays'
  | 'frequency'
  | 'weeklyHours'
  | 'fullPay'
  | 'reducedPay'
  | 'yearBonus';

/** Headings each field is known by, as words (case and punctuation aside). */
const HEADINGS: Record<Field, RegExp> = {
  reference: /^(employee|staff|payroll|person|personnel)? ?(number|no|id|ref|reference|code)$|^reference$/,
  sex: /^(sex|gender|legal sex|sex at birth)$/,
  ethnicity: /^(ethnicity|ethnic group|ethnic origin|ethnic background)$/,
  disability: /^(disability|disabled|disability status|has a disability)$/,
  grade: /^(grade|pay band|band|pay grade|spinal point)$/,
  directorate: /^(directorate|department|service|division)$/,
  ordinaryPay:
    /^(ordinary pay|ordinary pay in (the )?(pay )?period|basic pay|gross ordinary pay|period ordinary pay)$/,
  periodBonus: /^(bonus in (the )?(pay )?period|period bonus|bonus pay in (the )?period)$/,
  periodDays: /^(days in (the )?(pay )?period|pay period days|period days)$/,
  frequency: /^(pay frequency|frequency|pay period)$/,
  weeklyHours: /^(weekly hours|hours per week|contracted (weekly )?hours|weekly working hours)$/,
  fullPay: /^(full pay|full pay relevant employee|full pay employee)$/,
  reducedPay: /^(reduced pay|on reduced pay|reduced pay because of leave|on leave at reduced pay)$/,
  yearBonus:
    /^(bonus in (the )?(last )?12 months|bonus pay in (the )?12 months|annual bonus|bonus 12 months|bonus)$/,
};

const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Days in a pay period from its frequency: weekly 7, fortnightly 14, four-weekly 28, monthly the average month. */
const FREQUENCIES: Record<string, number> = {
  weekly: 7,
  fortnightly: 14,
  'two weekly': 14,
  'four weekly': 28,
  '4 weekly': 28,
  monthly: 365.25 / 12,
  'calendar monthly': 365.25 / 12,
};

const NOT_SAID = /^(|prefer not to say|not stated|not known|unknown|not declared|declined|n\/?a|pnts)$/;

function sexFrom(value: string): PayrollRow['sex'] | 'other' {
  const text = words(value);
  if (/^(m|male|man)$/.test(text)) return 'male';
  if (/^(f|female|woman)$/.test(text)) return 'female';
  return NOT_SAID.test(text) ? null : 'other';
}

function disabilityFrom(value: string): PayrollRow['disability'] | undefined {
  const text = words(value);
  if (/^(y|yes|disabled|true)$/.test(text)) return 'disabled';
  if (/^(n|no|not disabled|false)$/.test(text)) return 'not_disabled';
  return NOT_SAID.test(text) ? null : undefined;
}

/**
 * The broad ethnic group (Census 2021's five) a recorded ethnicity belongs to: the broad label
 * itself, a detailed one ("Indian", "White: Irish"), or the broad group a system's own wording
 * starts with ("Asian or Asian British - Indian", "White British").
 */
export function broadEthnicGroup(value: string): string | null | undefined {
  const text = words(value);
  if (NOT_SAID.test(text)) return null;
  const broad = classificationById('ethnic-group-5')!;
  const direct = categoryFor(broad, value);
  if (direct) return direct.code;
  const detailed = categoryFor(classificationById('ethnic-group-20')!, value);
  if (detailed) return detailed.code.split('_')[0]!;
  for (const code of ['white', 'asian', 'black', 'mixed']) if (text.startsWith(code)) return code;
  if (/^(other|arab|any other)/.test(text)) return 'other';
  return undefined;
}

const PLAIN_AMOUNT = /^\d+(\.\d+)?$/;

function money(value: string): number | null {
  // Most cells are plain amounts: read them without the clean-up below (a hundred thousand rows
  // of four amounts each).
  if (PLAIN_AMOUNT.test(value)) return Number(value);
  const text = value.trim().replace(/[£,\s]/g, '');
  if (text === '') return null;
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : null;
}

function yesNo(value: string): boolean | null {
  const text = words(value);
  if (/^(y|yes|true|1)$/.test(text)) return true;
  if (/^(n|no|false|0)$/.test(text)) return false;
  return null;
}

/** `read` remembered per distinct value: a payroll repeats a handful of answers thousands of times. */
function remembered<T>(read: (value: string) => T): (value: string) => T {
  const known = new Map<string, T>();
  return (value) => {
    if (!known.has(value)) known.set(value, read(value));
    return known.get(value)!;
  };
}

export function readPayrollFile(text: string): PayrollFile {
  const result: PayrollFile = { rows: [], columns: {}, notes: [], problems: [] };
  const sexOf = remembered(sexFrom);
  const disabilityOf = remembered(disabilityFrom);
  const ethnicGroupOf = remembered(broadEthnicGroup);
  const yesNoOf = remembered(yesNo);
  const read = readCsvRows(text);
  if ('problem' in read) {
    result.problems.push(read.problem);
    return result;
  }
  const records = read.rows;
  const [heading = [], ...rows] = records;
  const index: Partial<Record<Field, number>> = {};
  heading.forEach((cell, at) => {
    const said = words(cell);
    for (const [field, pattern] of Object.entries(HEADINGS) as [Field, RegExp][])
      if (index[field] === undefined && pattern.test(said)) {
        index[field] = at;
        result.columns[field] = cell.trim();
        break;
      }
  });
  const missing = (['reference', 'sex', 'ordinaryPay', 'weeklyHours'] as const).filter(
    (field) => index[field] === undefined,
  );
  if (index.periodDays === undefined && index.frequency === undefined) missing.push('periodDays' as never);
  if (missing.length) {
    result.problems.push({
      line: 1,
      message: `No column was found for ${missing.map((field) => FIELD_NAMES[field]).join(', ')} (the first row must name the columns)`,
    });
    return result;
  }
  if (index.fullPay === undefined && index.reducedPay === undefined)
    result.notes.push(
      'No column says who was on reduced pay because of leave: everyone is counted as a full-pay employee.',
    );
  if (index.yearBonus === undefined)
    result.notes.push('No column of bonus pay in the 12 months: the bonus figures are all nil.');
  const seen = new Map<string, number>();
  rows.forEach((cells, at) => {
    const line = at + 2;
    const cell = (field: Field) => (index[field] === undefined ? '' : (cells[index[field]!] ?? '').trim());
    const problems: string[] = [];
    const reference = cell('reference');
    if (!reference) problems.push('there is no employee reference');
    else if (seen.has(reference.toLowerCase()))
      problems.push(`the reference is also on line ${seen.get(reference.toLowerCase())}`);
    else seen.set(reference.toLowerCase(), line);
    const sex = sexOf(cell('sex'));
    const ethnicity = index.ethnicity === undefined ? null : ethnicGroupOf(cell('ethnicity'));
    if (ethnicity === undefined) problems.push(`“${cell('ethnicity')}” is not an ethnic group Equalis knows`);
    const disability = index.disability === undefined ? null : disabilityOf(cell('disability'));
    if (disability === undefined)
      problems.push(`“${cell('disability')}” is not yes, no or prefer not to say for disability`);
    const ordinaryPay = money(cell('ordinaryPay'));
    if (ordinaryPay === null || ordinaryPay < 0)
      problems.push(`the ordinary pay “${cell('ordinaryPay')}” is not an amount`);
    const periodBonus = index.periodBonus === undefined ? 0 : money(cell('periodBonus'));
    if (periodBonus === null || periodBonus < 0)
      problems.push(`the bonus in the period “${cell('periodBonus')}” is not an amount`);
    const yearBonus =
      index.yearBonus === undefined ? 0 : (money(cell('yearBonus')) ?? (cell('yearBonus') === '' ? 0 : null));
    if (yearBonus === null || yearBonus < 0)
      problems.push(`the bonus in the 12 months “${cell('yearBonus')}” is not an amount`);
    const weeklyHours = money(cell('weeklyHours'));
    if (weeklyHours === null || weeklyHours <= 0 || weeklyHours > 100)
      problems.push(`the weekly hours “${cell('weeklyHours')}” are not between 0 and 100`);
    const periodDays =
      index.periodDays !== undefined
        ? money(cell('periodDays'))
        : (FREQUENCIES[words(cell('frequency'))] ?? null);
    if (periodDays === null || periodDays <= 0 || periodDays > 366)
      problems.push(
        index.periodDays !== undefined
          ? `the days in the pay period “${cell('periodDays')}” are not a number of days`
          : `the pay frequency “${cell('frequency')}” is not weekly, fortnightly, four-weekly or monthly`,
      );
    let fullPay: boolean | null = true;
    if (index.fullPay !== undefined) fullPay = yesNoOf(cell('fullPay'));
    else if (index.reducedPay !== undefined) {
      const reduced = yesNoOf(cell('reducedPay'));
      fullPay = reduced === null ? null : !reduced;
    }
    if (fullPay === null) problems.push('whether they were on full pay is not yes or no');
    if (problems.length) {
      result.problems.push({ line, message: `${reference || 'A row'}: ${problems.join('; ')}` });
      return;
    }
    result.rows.push({
      line,
      reference,
      sex: sex === 'other' ? null : sex,
      ethnicity: ethnicity ?? null,
      disability: disability ?? null,
      grade: cell('grade') || null,
      directorate: cell('directorate') || null,
      ordinaryPay: ordinaryPay!,
      periodBonus: periodBonus!,
      periodDays: periodDays!,
      weeklyHours: weeklyHours!,
      fullPay: fullPay!,
      yearBonus: yearBonus!,
    });
  });
  const otherSex =
    rows.length - result.problems.length - result.rows.filter((row) => row.sex !== null).length;
  if (otherSex > 0)
    result.notes.push(
      `${otherSex} ${otherSex === 1 ? 'person is' : 'people are'} recorded as neither male nor female, or not recorded: they are counted in the workforce but not in the gender pay gap, which the regulations define for men and women.`,
    );
  if (result.rows.length === 0 && result.problems.length === 0)
    result.problems.push({ line: 2, message: 'The file has no employees in it' });
  return result;
}

const FIELD_NAMES: Record<Field, string> = {
  reference: 'the employee reference',
  sex: 'sex (or gender)',
  ethnicity: 'ethnicity',
  disability: 'disability',
  grade: 'grade',
  directorate: 'directorate',
  ordinaryPay: 'ordinary pay in the pay period',
  periodBonus: 'bonus in the pay period',
  periodDays: 'days in the pay period (or the pay frequency)',
  frequency: 'pay frequency',
  weeklyHours: 'weekly hours',
  fullPay: 'full pay',
  reducedPay: 'reduced pay',
  yearBonus: 'bonus in the 12 months',
};
