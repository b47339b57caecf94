/**
 * A real calendar date written as YYYY-MM-DD. Date.parse alone is not enough: it accepts
 * "2026-02-31" and quietly rolls it over to 3 March.
 */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The ISO date `days` after (or before, if negative) another. */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from one ISO date to another (negative if `to` is earlier). */
export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000);
}

export interface DateInput {
  /** What was typed, to show again. */
  parts: { day: string; month: string; year: string };
  /** The date, or null when all three fields were left blank. */
  iso: string | null;
  /** Something was typed that is not a real date ("31 / 2 / 2027", "June"). */
  invalid: boolean;
}

/** Reads a GOV.UK date input (`<prefix>-day`, `-month`, `-year`) from a submitted form. */
export function dateFromInput(fields: Record<string, unknown>, prefix: string): DateInput {
  const part = (name: string) => String(fields[`${prefix}-${name}`] ?? '').trim();
  const parts = { day: part('day'), month: part('month'), year: part('year') };
  if (!parts.day && !parts.month && !parts.year) return { parts, iso: null, invalid: false };
  const numbers = [parts.year, parts.month, parts.day];
  if (!numbers.every((value) => /^\d{1,4}$/.test(value)) || parts.year.length !== 4)
    return { parts, iso: null, invalid: true };
  const iso = `${parts.year}-${parts.month.padStart(2, '0')}-${parts.day.padStart(2, '0')}`;
  return isIsoDate(iso) ? { parts, iso, invalid: false } : { parts, iso: null, invalid: true };
}

/** The three fields of a GOV.UK date input for a stored date (blank for none). */
export function dateInputParts(iso: string | null): DateInput['parts'] {
  if (!iso) return { day: '', month: '', year: '' };
  const [year, month, day] = iso.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year: year! };
}
