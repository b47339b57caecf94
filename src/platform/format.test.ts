import { describe, expect, it } from 'vitest';
import { formatCount, formatDate, formatDateTime, formatMonth, formatTime } from './format.ts';

describe('GOV.UK date and time style, in UK time', () => {
  it('writes dates in full', () => {
    expect(formatDate(new Date('2026-11-22T10:00:00Z'))).toBe('22 November 2026');
    expect(formatDate(null)).toBe('');
  });

  it('writes a target month as plans do, whatever the day', () => {
    expect(formatMonth('2027-03-31')).toBe('March 2027');
    expect(formatMonth('2027-04-01')).toBe('April 2027');
    expect(formatMonth(null)).toBe('');
  });

  it('writes times as 9:05am, midday and midnight, in British Summer Time when it applies', () => {
    expect(formatTime(new Date('2026-11-22T09:05:00Z'))).toBe('9:05am');
    expect(formatTime(new Date('2026-11-22T12:00:00Z'))).toBe('midday');
    expect(formatTime(new Date('2026-11-22T00:00:00Z'))).toBe('midnight');
    expect(formatTime(new Date('2026-07-01T13:30:00Z'))).toBe('2:30pm');
  });

  it('joins them with "at"', () => {
    expect(formatDateTime('2026-11-22T16:45:00Z')).toBe('22 November 2026 at 4:45pm');
    expect(formatDateTime('2026-11-22T16:45:00Z', 'cy')).toBe('22 Tachwedd 2026 am 4:45yp');
    expect(formatTime(new Date('2026-11-22T12:00:00Z'), 'cy')).toBe('canol dydd');
    expect(formatDate(new Date('2026-12-02T10:00:00Z'), 'cy')).toBe('2 Rhagfyr 2026');
  });
});

describe('formatCount', () => {
  it('uses the plural unless the count is one, with thousands separated', () => {
    expect(formatCount(1, 'nouns.action')).toBe('1 action');
    expect(formatCount(0, 'nouns.action')).toBe('0 actions');
    expect(formatCount(2000, 'nouns.change')).toBe('2,000 changes');
    expect(formatCount(3, 'nouns.person')).toBe('3 people');
  });

  it('counts in Welsh by Welsh plural rules', () => {
    expect(formatCount(1, 'nouns.action', 'cy')).toBe('1 cam gweithredu');
    expect(formatCount(3, 'nouns.action', 'cy')).toBe('3 o gamau gweithredu');
    expect(formatCount(2000, 'nouns.person', 'cy')).toBe('2,000 o bobl');
  });
});
