import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dateFromInput, dateInputParts, daysBetween, isIsoDate } from './dates.ts';

describe('isIsoDate', () => {
  it('accepts real dates and refuses impossible or malformed ones', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-02-31')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('22/11/2026')).toBe(false);
  });

  it('agrees with the date a Date object formats back (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }),
        (date) => {
          expect(isIsoDate(date.toISOString().slice(0, 10))).toBe(true);
        },
      ),
    );
  });
});

describe('addDays and daysBetween', () => {
  it('move across month, year and clock-change boundaries by whole days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(daysBetween('2026-11-22', '2026-12-22')).toBe(30);
  });

  it('are inverse (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2000, max: 2000 }), (days) => {
        expect(daysBetween('2026-11-22', addDays('2026-11-22', days))).toBe(days);
      }),
    );
  });
});

describe('reading a GOV.UK date input', () => {
  const fields = (day: string, month: string, year: string) => ({
    'd-day': day,
    'd-month': month,
    'd-year': year,
  });
  it('reads a real date, blanks as none, and anything else as invalid', () => {
    expect(dateFromInput(fields('7', '3', '2027'), 'd')).toEqual({
      parts: { day: '7', month: '3', year: '2027' },
      iso: '2027-03-07',
      invalid: false,
    });
    expect(dateFromInput(fields('', ' ', ''), 'd')).toMatchObject({ iso: null, invalid: false });
    expect(dateFromInput(fields('31', '2', '2027'), 'd')).toMatchObject({ iso: null, invalid: true });
    expect(dateFromInput(fields('1', 'June', '2027'), 'd')).toMatchObject({ iso: null, invalid: true });
    expect(dateFromInput(fields('1', '6', '27'), 'd')).toMatchObject({ iso: null, invalid: true });
    expect(dateInputParts('2027-03-07')).toEqual({ day: '7', month: '3', year: '2027' });
  });
});
