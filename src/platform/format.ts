import type { Role } from './roles.ts';
import { t } from './i18n/i18n.ts';

/**
 * Display formats in GOV.UK style: "22 November 2026", "22 November 2026 at 9:05am".
 * Times are shown in UK time whatever the server's zone, since the users are UK public bodies.
 */
const TIME_ZONE = 'Europe/London';
const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: TIME_ZONE,
});
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

const welshDateFormat = new Intl.DateTimeFormat('cy-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: TIME_ZONE,
});

/** "2 December 2026", or in Welsh "2 Rhagfyr 2026". */
export function formatDateIn(locale: 'en' | 'cy', value: Date | string | null | undefined): string {
  if (locale === 'en') return formatDate(value);
  const date = toDate(value);
  return date ? welshDateFormat.format(date) : '';
}

export function formatDate(value: Date | string | null | undefined): string {
  const date = toDate(value);
  return date ? dateFormat.format(date) : '';
}

/** "March 2027": how council plans write a target month. */
export function formatMonth(value: Date | string | null | undefined): string {
  const date = toDate(value);
  return date ? monthFormat.format(date) : '';
}

export function formatTime(value: Date | string | null | undefined): string {
  const date = toDate(value);
  if (!date) return '';
  // GOV.UK style writes "9:05am", not "9:05 am"; midday and midnight are spelt out.
  const text = timeFormat.format(date).replace(/\s/g, '').toLowerCase();
  if (text === '12:00pm') return 'midday';
  if (text === '12:00am') return 'midnight';
  return text;
}

export function formatDateTime(value: Date | string | null | undefined): string {
  const date = toDate(value);
  return date ? `${formatDate(date)} at ${formatTime(date)}` : '';
}

export function formatRole(role: Role | string): string {
  return t(`roles.${role}`);
}

const numberFormat = new Intl.NumberFormat('en-GB');
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** "1 action", "3 actions": a count with its noun, plural unless the count is one. */
export function formatCount(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : plural}`;
}
