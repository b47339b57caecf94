import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandSizes, gap, hourlyPay, median, payGapReport, quartiles, type PayRow } from './pay-gap.ts';

const person = (rate: number, group: string | null) => ({ rate, group });

describe('hourly pay and gaps, as Schedule 1 defines them', () => {
  it('makes period pay weekly and divides by weekly hours', () => {
    // £2,000 a month (30.4 days) for 37 hours a week, with a £100 bonus in the period.
    expect(hourlyPay({ ordinaryPay: 2000, periodBonus: 100, periodDays: 30.4, weeklyHours: 37 })).toBeCloseTo(
      (2100 * 7) / 30.4 / 37,
      10,
    );
    expect(hourlyPay({ ordinaryPay: 500, periodBonus: 0, periodDays: 7, weeklyHours: 0 })).toBeNull();
  });

  it('takes the gap as a percentage of the reference group’s pay, and the median of an even count as the mean of the middle two', () => {
    expect(gap(20, 18)).toBeCloseTo(10);
    expect(gap(18, 20)).toBeCloseTo(-11.111, 3);
    expect(gap(0, 5)).toBeNull();
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
  });
});

describe('the quartile pay bands', () => {
  it('puts a remainder in the lower, then upper middle, then lower middle band', () => {
    expect(bandSizes(8)).toEqual([2, 2, 2, 2]);
    expect(bandSizes(9)).toEqual([3, 2, 2, 2]);
    expect(bandSizes(10)).toEqual([3, 2, 3, 2]);
    expect(bandSizes(11)).toEqual([3, 3, 3, 2]);
  });

  it('shares people on a rate that straddles a boundary so each band gets that rate’s mix', () => {
    // Eight people; the four on £12 fill places 2–5, across the lower-middle / upper-middle boundary.
    const bands = quartiles([
      person(10, 'F'),
      person(11, 'M'),
      person(12, 'F'),
      person(12, 'F'),
      person(12, 'F'),
      person(12, 'M'),
      person(14, 'M'),
      person(15, 'M'),
    ]);
    expect(bands.map((band) => band.size)).toEqual([2, 2, 2, 2]);
    expect(bands[1]!.byGroup.get('F')).toBeCloseTo(1.5);
    expect(bands[1]!.byGroup.get('M')).toBeCloseTo(0.5);
    expect(bands[2]!.byGroup.get('F')).toBeCloseTo(1.5);
    expect(bands[2]!.byGroup.get('M')).toBeCloseTo(0.5);
  });

  const people = fc.array(
    fc.record({ rate: fc.integer({ min: 10, max: 20 }), group: fc.constantFrom('F', 'M', 'X', null) }),
    { minLength: 0, maxLength: 60 },
  );

  it('always fills bands of as equal size as can be, with everyone counted once', () => {
    fc.assert(
      fc.property(people, (list) => {
        const bands = quartiles(list);
        expect(bands.reduce((sum, band) => sum + band.size, 0)).toBe(list.length);
        expect(
          Math.max(...bands.map((b) => b.size)) - Math.min(...bands.map((b) => b.size)),
        ).toBeLessThanOrEqual(1);
        for (const band of bands) {
          const held = [...band.byGroup.values()].reduce((sum, n) => sum + n, 0) + band.undisclosed;
          expect(held).toBeCloseTo(band.size, 9);
        }
        for (const group of ['F', 'M', 'X']) {
          const placed = bands.reduce((sum, band) => sum + (band.byGroup.get(group) ?? 0), 0);
          expect(placed).toBeCloseTo(list.filter((one) => one.group === group).length, 9);
        }
      }),
    );
  });

  it('keeps a tied rate’s mix in every band it falls into, and does not depend on the order of the rows', () => {
    fc.assert(
      fc.property(people, fc.integer(), (list, seed) => {
        const bands = quartiles(list);
        const shuffled = [...list].sort((a, b) => ((a.rate * 31 + seed) % 7) - ((b.rate * 31 + seed) % 7));
        const again = quartiles(shuffled);
        bands.forEach((band, index) => {
          for (const [group, count] of band.byGroup)
            expect(again[index]!.byGroup.get(group) ?? 0).toBeCloseTo(count, 9);
        });
      }),
    );
  });

  it('is the plain split when every rate differs', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { maxLength: 80 }), (rates) => {
        const list = rates.map((rate, index) => person(rate, index % 3 === 0 ? 'F' : 'M'));
        const sorted = [...list].sort((a, b) => a.rate - b.rate);
        const sizes = bandSizes(list.length);
        let at = 0;
        quartiles(list).forEach((band, index) => {
          const inBand = sorted.slice(at, at + sizes[index]!);
          at += sizes[index]!;
          expect(band.byGroup.get('F') ?? 0).toBe(inBand.filter((one) => one.group === 'F').length);
        });
      }),
    );
  });
});

describe('a report for one grouping', () => {
  it('uses full-pay employees for hourly figures and everyone for bonuses, and counts who has not said', () => {
    const row = (group: string | null, ordinaryPay: number, fullPay = true, yearBonus = 0): PayRow => ({
      group,
      ordinaryPay,
      periodBonus: 0,
      periodDays: 7,
      weeklyHours: 10,
      fullPay,
      yearBonus,
    });
    const report = payGapReport(
      [
        row('M', 200, true, 100),
        row('M', 100),
        row('F', 150, true, 50),
        row('F', 50, false, 80),
        row(null, 120),
      ],
      'M',
      ['M', 'F'],
    );
    const [men, women] = report.groups;
    expect(men).toMatchObject({
      fullPayCount: 2,
      meanHourly: 15,
      medianHourly: 15,
      paidBonus: 1,
      bonusProportion: 50,
    });
    expect(women).toMatchObject({
      fullPayCount: 1,
      relevantCount: 2,
      meanHourly: 15,
      paidBonus: 2,
      bonusProportion: 100,
    });
    expect(women!.meanHourlyGap).toBeCloseTo(0);
    expect(women!.meanBonusGap).toBeCloseTo(((100 - 65) / 100) * 100);
    expect(report).toMatchObject({
      relevantEmployees: 5,
      fullPayEmployees: 4,
      undisclosed: 1,
      undisclosedRate: 20,
    });
  });
});
