import type { Role } from './roles.ts';
import { translator, type Locale } from './i18n/i18n.ts';

/**
 * Display formats in GOV.UK style: "22 November 2026", "22 November 2026 at 9:05am", and in
 * Welsh "22 Tachwedd 2026", "22 Tachwedd 2026 am 9:05yb". Times are shown in UK time whatever
 * the server's zone, since the users are UK public bodies.
 */
const TIME_ZONE = 'Europe/London';
const dateOptions = { day: 'numeric', month: 'long', year: 'numeric', timeZone: TIME_ZONE } as const;
const dateFormats = {
  en: new Intl.DateTimeFormat('en-GB', dateOptions),
  cy: new Intl.DateTimeFormat('cy-GB', dateOptions),
};
const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: TIME_ZONE });
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
  timeZone: TIME_ZONE,
});

function toDate(value: Date | string | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "2 December 2026", or in Welsh "2 Rhagfyr 2026". */
export function formatDate(value: Date | string | null | undefined, locale: Locale = 'en'): string {
  const date = toDate(value);
  return date ? dateFormats[locale].format(date) : '';
}

/** "March 2027": how council plans write a target month. */
export function formatMonth(value: Date | string | null | undefined): string {
  const date = toDate(value);
  return date ? monthFormat.format(date) : '';
}

export function formatTime(value: Date | string | null | undefined, locale: Locale = 'en'): string {
  const date = toDate(value);
  if (!date) return '';
  // GOV.UK style writes "9:05am", not "9:05 am" (in Welsh "9:05yb"); midday and midnight are spelt out.
  const text = timeFormat.format(date).replace(/\s/g, '').toLowerCase();
  const t = translator(locale);
  if (text === '12:00pm') return t('time.midday');
  if (text === '12:00am') return t('time.midnight');
  return text.replace(/(am|pm)$/, (half) => t(`time.${half}`));
}

export function formatDateTime(value: Date | string | null | undefined, locale: Locale = 'en'): string {
  const date = toDate(value);
  return date
    ? translator(locale)('time.dateAtTime', {
        date: formatDate(date, locale),
        time: formatTime(date, locale),
      })
    : '';
}

export function formatRole(role: Role | string, locale: Locale = 'en'): string {
  return translator(locale)(`roles.${role}`);
}

const numberFormat = new Intl.NumberFormat('en-GB');
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

const poundsFormat = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

/** "£12.34": an amount of money to the penny. */
export function formatPounds(value: number): string {
  return poundsFormat.format(value);
}

/**
 * "1 action", "3 actions" (in Welsh "3 cam gweithredu"): a count with its noun, from a plural text
 * in the locale files ("nouns.action"), chosen by the language's plural rules.
 */
export function formatCount(count: number, nounKey: string, locale: Locale = 'en'): string {
  return translator(locale)(nounKey, { count });
}
