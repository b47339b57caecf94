import type { Strand } from '../../platform/characteristics.ts';

/**
 * Reading the cells of a council action plan as people write them: completion targets such as
 * "September 2010", "April 2010 – April 2011", "On-going" or "Completed"; equality strands such
 * as "R A SO D F&B"; framework references such as "1.10 2.10 3.10"; and lead officers such as
 * "Jane Harris/ Stephen Barker". Pure functions: no I/O, property-tested.
 */

export type FieldResult<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Dates are ISO strings (YYYY-MM-DD): a completion month has no time zone. */
export type Target =
  | { kind: 'date'; text: string; end: string; precision: 'day' | 'month' }
  | { kind: 'range'; text: string; start: string; end: string }
  | { kind: 'ongoing'; text: string }
  | { kind: 'completed'; text: string; completedOn: string | null }
  | { kind: 'none'; text: '' };

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const MONTHS = MONTH_NAMES.map((month) => month.toLowerCase());

function monthIndex(word: string): number {
  const lower = word.toLowerCase().replace(/\.$/, '');
  return MONTHS.findIndex((month) => month === lower || (lower.length >= 3 && month.startsWith(lower)));
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

function validDay(year: number, month: number, day: number): boolean {
  return (
    month >= 0 && month < 12 && day >= 1 && day <= daysInMonth(year, month) && year >= 1900 && year <= 2200
  );
}

interface PointInTime {
  start: string;
  end: string;
  precision: 'day' | 'month';
}

/** One date as written: "September 2010", "Sept 2010", "30 September 2010", "30/09/2010", "2010-09-30". */
export function parsePointInTime(text: string): PointInTime | null {
  const value = text.trim().replace(/\s+/g, ' ');
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
    return validDay(year, month, day)
      ? { start: iso(year, month, day), end: iso(year, month, day), precision: 'day' }
      : null;
  }
  match = /^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$/.exec(value);
  if (match) {
    const year = match[3]!.length === 2 ? 2000 + Number(match[3]) : Number(match[3]);
    const [month, day] = [Number(match[2]) - 1, Number(match[1])];
    return validDay(year, month, day)
      ? { start: iso(year, month, day), end: iso(year, month, day), precision: 'day' }
      : null;
  }
  match = /^(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]+\.?),? (\d{4})$/.exec(value);
  if (match) {
    const [day, month, year] = [Number(match[1]), monthIndex(match[2]!), Number(match[3])];
    return validDay(year, month, day)
      ? { start: iso(year, month, day), end: iso(year, month, day), precision: 'day' }
      : null;
  }
  // "Aug-10", "Sept 10", "March '11": a month and a two-digit year.
  match = /^([A-Za-z]+\.?)(?:-|\s')'?(\d{2}|\d{4})$|^([A-Za-z]+\.?) (\d{2})$/.exec(value);
  if (match) {
    const digits = match[2] ?? match[4]!;
    const [month, year] = [
      monthIndex(match[1] ?? match[3]!),
      digits.length === 2 ? 2000 + Number(digits) : Number(digits),
    ];
    if (month >= 0)
      return {
        start: iso(year, month, 1),
        end: iso(year, month, daysInMonth(year, month)),
        precision: 'month',
      };
  }
  match = /^([A-Za-z]+\.?),? (\d{4})$/.exec(value);
  if (match) {
    const [month, year] = [monthIndex(match[1]!), Number(match[2])];
    if (month < 0 || year < 1900 || year > 2200) return null;
    return {
      start: iso(year, month, 1),
      end: iso(year, month, daysInMonth(year, month)),
      precision: 'month',
    };
  }
  return null;
}

/** The financial year "2010/11" (or "2010/2011", "2010-11"): April 2010 to March 2011. */
function financialYear(text: string): { start: number } | null {
  const match = /^(?:FY\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})$/i.exec(text);
  if (!match) return null;
  const start = Number(match[1]);
  const end = match[2]!.length === 2 ? Math.floor(start / 100) * 100 + Number(match[2]) : Number(match[2]);
  return end === start + 1 ? { start } : null;
}

/** Quarters of the financial year: Q1 is April to June, Q4 January to March of the next year. */
function financialQuarter(text: string): { start: string; end: string } | null {
  const match = /^Q([1-4])\s*(?:of\s*)?(.+)$/i.exec(text);
  if (!match) return null;
  const year = financialYear(match[2]!.trim());
  if (!year) return null;
  const quarter = Number(match[1]) - 1;
  const firstMonth = (3 + quarter * 3) % 12;
  const calendarYear = quarter === 3 ? year.start + 1 : year.start;
  return {
    start: iso(calendarYear, firstMonth, 1),
    end: iso(calendarYear, firstMonth + 2, daysInMonth(calendarYear, firstMonth + 2)),
  };
}

/** Excel stores dates as days since 30 December 1899; a bare number like 40451 in a target column is one. */
function excelSerialDate(text: string): string | null {
  if (!/^\d{5}$/.test(text)) return null;
  const serial = Number(text);
  if (serial < 20000 || serial > 80000) return null;
  return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
}

/** "Annually", "Quarterly", "Every month": recurring work, kept as written and counted as ongoing. */
const RECURRING =
  /^(on[\s-]?going[\s,;–-]*)?(annual(ly)?|yearly|quarterly|monthly|weekly|termly|bi-?annual(ly)?|six[\s-]monthly|every (year|quarter|month|week)|each (year|quarter|month)|regularly|continuous(ly)?|throughout( the year)?)\b/i;

/** "TBC", "TBA", "To be agreed": a target the plan has not set yet. */
export function isToBeConfirmed(text: string): boolean {
  return /^(tbc|tba|tbd|to be (confirmed|agreed|decided))\.?$/i.test(text.trim());
}

export function parseTarget(input: string): FieldResult<Target> {
  const text = input.trim().replace(/\s+/g, ' ');
  if (text === '') return { ok: true, value: { kind: 'none', text: '' } };
  if (/^on[\s-]?going\.?$/i.test(text) || RECURRING.test(text))
    return { ok: true, value: { kind: 'ongoing', text } };
  if (isToBeConfirmed(text))
    return {
      ok: false,
      problem: `the target is "${text}": enter a date, or leave it blank to import the action with no target`,
    };
  const completed = /^complete(?:d)?(?:\s*(?:in|on|:|-|–)?\s*\(?(.+?)\)?)?$/i.exec(text);
  if (completed) {
    if (!completed[1]) return { ok: true, value: { kind: 'completed', text, completedOn: null } };
    const when = parsePointInTime(completed[1]);
    if (!when) return { ok: false, problem: `cannot read the completion date "${completed[1]}"` };
    return { ok: true, value: { kind: 'completed', text, completedOn: when.end } };
  }
  // "By end of 2011/12", "by the end of March 2011", "by September 2010": the date is the target.
  const plain = text.replace(/^(?:by|before)\s+(?:the\s+)?(?:end\s+of\s+)?|^end\s+of\s+/i, '').trim();
  const serial = excelSerialDate(plain);
  if (serial) return { ok: true, value: { kind: 'date', text, end: serial, precision: 'day' } };
  const quarter = financialQuarter(plain);
  if (quarter) return { ok: true, value: { kind: 'range', text, start: quarter.start, end: quarter.end } };
  const year = financialYear(plain);
  if (year)
    return {
      ok: true,
      value: { kind: 'range', text, start: iso(year.start, 3, 1), end: iso(year.start + 1, 2, 31) },
    };
  const weekCommencing = /^w\/?c\.?\s+(.+)$/i.exec(plain);
  if (weekCommencing) {
    const monday = parsePointInTime(weekCommencing[1]!);
    if (!monday || monday.precision !== 'day')
      return {
        ok: false,
        problem: `cannot read the week "${text}" (write it with the year, like "w/c 4 May 2026")`,
      };
    const end = new Date(`${monday.start}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 6);
    return {
      ok: true,
      value: { kind: 'range', text, start: monday.start, end: end.toISOString().slice(0, 10) },
    };
  }
  if (plain !== text) {
    const by = parsePointInTime(plain);
    if (by) return { ok: true, value: { kind: 'date', text, end: by.end, precision: by.precision } };
  }
  const range = /^(.+?)\s*(?:–|—|-|\bto\b)\s*(.+)$/i.exec(text);
  if (range && !/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const [from, to] = [parsePointInTime(range[1]!), parsePointInTime(range[2]!)];
    if (from && to) {
      if (from.start > to.end) return { ok: false, problem: `the range "${text}" ends before it starts` };
      return { ok: true, value: { kind: 'range', text, start: from.start, end: to.end } };
    }
  }
  const single = parsePointInTime(text);
  if (single)
    return { ok: true, value: { kind: 'date', text, end: single.end, precision: single.precision } };
  return {
    ok: false,
    problem: `cannot read the completion date "${text}" (use a month and year like "September 2010", a date, a quarter like "Q2 2010/11", a range, "On-going", "Annually" or "Completed")`,
  };
}

/** How councils abbreviate strands in plans; both the codes and the words are accepted. */
const STRAND_CODES: Record<string, Strand> = {
  all: 'all',
  r: 'race',
  race: 'race',
  a: 'age',
  age: 'age',
  so: 'sexual_orientation',
  'sexual orientation': 'sexual_orientation',
  d: 'disability',
  disability: 'disability',
  'f&b': 'religion_belief',
  'r&b': 'religion_belief',
  'religion or belief': 'religion_belief',
  faith: 'religion_belief',
  g: 'sex',
  gender: 'sex',
  s: 'sex',
  sex: 'sex',
  gr: 'gender_reassignment',
  t: 'gender_reassignment',
  'gender reassignment': 'gender_reassignment',
  'p&m': 'pregnancy_maternity',
  'pregnancy and maternity': 'pregnancy_maternity',
  'm&cp': 'marriage_civil_partnership',
  'marriage and civil partnership': 'marriage_civil_partnership',
  c: 'carers',
  carers: 'carers',
  se: 'socio_economic',
  'socio-economic': 'socio_economic',
  ri: 'rural_isolation',
  rural: 'rural_isolation',
  // Words councils use for the same groups.
  ethnicity: 'race',
  'ethnic origin': 'race',
  bme: 'race',
  bame: 'race',
  'black and minority ethnic': 'race',
  'ethnic minorities': 'race',
  'race and ethnicity': 'race',
  'older people': 'age',
  'young people': 'age',
  'children and young people': 'age',
  disabled: 'disability',
  'disabled people': 'disability',
  religion: 'religion_belief',
  belief: 'religion_belief',
  'religion and belief': 'religion_belief',
  'faith and belief': 'religion_belief',
  women: 'sex',
  men: 'sex',
  'gender identity': 'gender_reassignment',
  trans: 'gender_reassignment',
  transgender: 'gender_reassignment',
  lgb: 'sexual_orientation',
  sexuality: 'sexual_orientation',
  pregnancy: 'pregnancy_maternity',
  maternity: 'pregnancy_maternity',
  marriage: 'marriage_civil_partnership',
  'civil partnership': 'marriage_civil_partnership',
  carer: 'carers',
  'socio economic': 'socio_economic',
  'socio-economic disadvantage': 'socio_economic',
  poverty: 'socio_economic',
  'rural isolation': 'rural_isolation',
  'all strands': 'all',
  'all groups': 'all',
  everyone: 'all',
};

/** Words that stand for more than one strand. */
const STRAND_GROUPS: Record<string, Strand[]> = {
  lgbt: ['sexual_orientation', 'gender_reassignment'],
  'lgbt+': ['sexual_orientation', 'gender_reassignment'],
  lgbtq: ['sexual_orientation', 'gender_reassignment'],
  'lgbtq+': ['sexual_orientation', 'gender_reassignment'],
  lgbtqia: ['sexual_orientation', 'gender_reassignment'],
  'lgbtqia+': ['sexual_orientation', 'gender_reassignment'],
};

function strandsOfWord(word: string): Strand[] | null {
  const key = word.toLowerCase().replace(/\s+/g, ' ').trim();
  const one = STRAND_CODES[key];
  if (one) return [one];
  return STRAND_GROUPS[key] ?? null;
}

/** The known word nearest an unknown one, for "did you mean …?". */
function nearestStrandWord(word: string): string | null {
  const target = word.toLowerCase();
  let best: { word: string; distance: number } | null = null;
  for (const known of Object.keys(STRAND_CODES).filter((candidate) => candidate.length > 3)) {
    const rows = Array.from({ length: known.length + 1 }, (_, index) => index);
    for (let i = 1; i <= target.length; i += 1) {
      let diagonal = rows[0]!;
      rows[0] = i;
      for (let j = 1; j <= known.length; j += 1) {
        const above = rows[j]!;
        rows[j] = Math.min(
          rows[j]! + 1,
          rows[j - 1]! + 1,
          diagonal + (target[i - 1] === known[j - 1] ? 0 : 1),
        );
        diagonal = above;
      }
    }
    const distance = rows[known.length]!;
    if (distance <= Math.max(1, Math.floor(known.length / 4)) && (!best || distance < best.distance))
      best = { word: known, distance };
  }
  return best ? best.word.replace(/^./, (first) => first.toUpperCase()) : null;
}

/** The code each strand is written with when a plan is exported (the codes the seed plans use). */
export const STRAND_CODE: Record<Strand, string> = {
  all: 'All',
  race: 'R',
  age: 'A',
  sexual_orientation: 'SO',
  disability: 'D',
  religion_belief: 'F&B',
  sex: 'G',
  gender_reassignment: 'GR',
  pregnancy_maternity: 'P&M',
  marriage_civil_partnership: 'M&CP',
  carers: 'C',
  socio_economic: 'SE',
  rural_isolation: 'RI',
};

/** Lead officers written back as the importer reads them: "Name (Team)/ Name". */
export function formatLeads(leads: Lead[]): string {
  return leads.map((lead) => (lead.team ? `${lead.name} (${lead.team})` : lead.name)).join('/ ');
}

/**
 * "R A SO D F&B" → five strands; "Race, Sexual orientation, Disability" → three; "BME" → race;
 * "LGBT+" → sexual orientation and gender reassignment; "All" → all. Unknown words are reported
 * with the nearest known one, not dropped.
 */
export function parseStrands(input: string, options: { suggest?: boolean } = {}): FieldResult<Strand[]> {
  const text = input.trim();
  if (text === '') return { ok: true, value: [] };
  const strands: Strand[] = [];
  const unknown: string[] = [];
  const add = (found: Strand[]) => {
    for (const strand of found) if (!strands.includes(strand)) strands.push(strand);
  };
  // Phrases first ("Sexual orientation"), then the codes inside a phrase ("R A SO").
  for (const phrase of text
    .split(/[,;/\n]+|\s+(?:and|&)\s+(?=[A-Z])/)
    .map((part) => part.trim())
    .filter(Boolean)) {
    const whole = strandsOfWord(phrase.replace(/\bpeople\b$/i, 'people'));
    if (whole) {
      add(whole);
      continue;
    }
    for (const token of phrase.split(/\s+/).filter(Boolean)) {
      const found = strandsOfWord(token);
      if (found) add(found);
      else unknown.push(token);
    }
  }
  if (unknown.length > 0) {
    // Suggestions cost an edit distance per known word, so guessing at a column's shape skips them.
    const described = unknown.map((word) => {
      const nearest = options.suggest === false ? null : nearestStrandWord(word);
      return nearest ? `"${word}" (did you mean ${nearest}?)` : `"${word}"`;
    });
    return { ok: false, problem: `unknown equality strand ${described.join(', ')}` };
  }
  return { ok: true, value: strands.includes('all') ? ['all'] : strands };
}

/** Framework references exactly as written ("1.10" stays "1.10", never 1.1). */
export function parseCriteriaRefs(input: string): FieldResult<string[]> {
  const tokens = input.split(/[\s,;]+/).filter(Boolean);
  const bad = tokens.filter((token) => !/^\d+(\.\d+)+$/.test(token));
  if (bad.length > 0)
    return { ok: false, problem: `not a framework reference: ${bad.map((b) => `"${b}"`).join(', ')}` };
  return { ok: true, value: tokens };
}

export interface Lead {
  name: string;
  team: string | null;
}

const TEAM_WORDS =
  /\b(Council|Unit|Group|Team|Services?|Department|Directorate|Partnership|Board|Forum|Development|Office|Network|Panel|Committee|Trust|Service)\b/;
const PERSON = /^[A-Z][a-zA-Z'’-]+(?: [A-Z][a-zA-Z'’-]+){1,3}$/;

/**
 * "Jane Harris/ Stephen Barker" → two leads. "South Somerset District Council (Jo Morgan)" and
 * "Lucy Macready (Community Safety)" → a person with their team. "Performance and Planning Group
 * Jane Harris" (a team and a person run together) → both. "Corporate Procurement Unit" → a team.
 */
export function parseLeads(input: string): Lead[] {
  return input
    .split(/[/;\n]|,(?!\s*(?:Jr|Sr)\b)/)
    .flatMap((part) => splitPeople(part.trim().replace(/\s+/g, ' ')))
    .filter(Boolean)
    .map((part) => {
      const bracketed = /^(.+?)\s*\((.+)\)$/.exec(part);
      if (bracketed) {
        const [outside, inside] = [bracketed[1]!.trim(), bracketed[2]!.trim()];
        return TEAM_WORDS.test(outside) && PERSON.test(inside)
          ? { name: inside, team: outside }
          : { name: outside, team: inside };
      }
      const runTogether = new RegExp(
        `^(.*${TEAM_WORDS.source})\\s+([A-Z][a-zA-Z'’-]+(?: [A-Z][a-zA-Z'’-]+){1,2})$`,
      ).exec(part);
      if (runTogether && PERSON.test(runTogether[3]!))
        return { name: runTogether[3]!, team: runTogether[1]!.trim() };
      return { name: part, team: null };
    });
}

/**
 * "Jane Harris and Tom Evans" and "J Harris & T Evans" are two people; "Policy and Performance
 * Team" is one team. Split at "and"/"&" only when every side reads as a person's name.
 */
function splitPeople(part: string): string[] {
  const sides = part.split(/\s+(?:and|&)\s+/);
  const name =
    /^(?:(?:Dr|Mr|Mrs|Ms|Miss|Cllr)\.? )?(?:[A-Z]\.? ?){0,2}[A-Z][a-zA-Z'’-]+(?: [A-Z][a-zA-Z'’-]+){0,2}$/;
  if (sides.length > 1 && sides.every((side) => name.test(side) && !TEAM_WORDS.test(side))) return sides;
  return [part];
}

/** "Linked to Community Cohesion Action 1.4" inside an action's text. */
export function findLinkedTo(text: string): string | null {
  const match = /\bLinked to (.+?)\s*(?:[.;](?=\s|$)|$)/im.exec(text);
  return match ? match[1]!.trim() : null;
}

/** Progress a plan's own "Status"/"RAG"/"Progress" columns record, posted when the plan is imported. */
export type ImportedState = 'on_track' | 'at_risk' | 'completed';

/**
 * "Completed", "Done", "Green", "Amber", "Red", "On track", "Behind": the state a plan's status or
 * RAG column gives. Blank and "Not started" give none.
 */
export function parseStatus(input: string): FieldResult<ImportedState | null> {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  if (text === '' || /^(not (yet )?started|no progress|blue|grey|gray|n\/?a)$/.test(text))
    return { ok: true, value: null };
  if (/^(complete(d)?|done|achieved|closed|finished|yes|y|✓|✔|green\s*[–-]\s*complete(d)?)\b/.test(text))
    return { ok: true, value: 'completed' };
  if (/^(red|amber|r|a|at risk|behind|delayed|slipped|off track|overdue|late)\b/.test(text))
    return { ok: true, value: 'at_risk' };
  if (/^(green|g|on track|in progress|started|under way|underway|on[\s-]?going|progressing)\b/.test(text))
    return { ok: true, value: 'on_track' };
  return {
    ok: false,
    problem: `cannot read the status "${input.trim()}" (use Completed, On track, At risk, or a RAG colour: Green, Amber, Red)`,
  };
}
