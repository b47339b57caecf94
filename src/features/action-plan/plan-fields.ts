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

export function parseTarget(input: string): FieldResult<Target> {
  const text = input.trim().replace(/\s+/g, ' ');
  if (text === '') return { ok: true, value: { kind: 'none', text: '' } };
  if (/^on[\s-]?going$/i.test(text)) return { ok: true, value: { kind: 'ongoing', text } };
  const completed = /^complete(?:d)?(?:\s*(?:in|on|:|-|–)?\s*(.+))?$/i.exec(text);
  if (completed) {
    if (!completed[1]) return { ok: true, value: { kind: 'completed', text, completedOn: null } };
    const when = parsePointInTime(completed[1]);
    if (!when) return { ok: false, problem: `cannot read the completion date "${completed[1]}"` };
    return { ok: true, value: { kind: 'completed', text, completedOn: when.end } };
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
    problem: `cannot read the completion date "${text}" (use a month and year like "September 2010", a date, a range, "On-going" or "Completed")`,
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
};

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

/** "R A SO D F&B" → five strands; "All" → all. Unknown codes are reported, not dropped. */
export function parseStrands(input: string): FieldResult<Strand[]> {
  const text = input.trim();
  if (text === '') return { ok: true, value: [] };
  const whole = STRAND_CODES[text.toLowerCase()];
  if (whole) return { ok: true, value: [whole] };
  const tokens = text.split(/[\s,;/]+/).filter(Boolean);
  const strands: Strand[] = [];
  const unknown: string[] = [];
  for (const token of tokens) {
    const strand = STRAND_CODES[token.toLowerCase()];
    if (strand) {
      if (!strands.includes(strand)) strands.push(strand);
    } else unknown.push(token);
  }
  if (unknown.length > 0) {
    return { ok: false, problem: `unknown equality strand ${unknown.map((u) => `"${u}"`).join(', ')}` };
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
    .split('/')
    .map((part) => part.trim().replace(/\s+/g, ' '))
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

/** "Linked to Community Cohesion Action 1.4" inside an action's text. */
export function findLinkedTo(text: string): string | null {
  const match = /\bLinked to (.+?)\s*(?:[.;](?=\s|$)|$)/im.exec(text);
  return match ? match[1]!.trim() : null;
}
