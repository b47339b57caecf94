import { describe, expect, it } from 'vitest';
import { DISCLOSURE_PRESETS } from '../../stats/disclosure.ts';
import { buildWorkforceProfile, type StaffRow } from './workforce-profile.ts';

const staff = (count: number, row: Partial<StaffRow>): StaffRow[] =>
  Array.from({ length: count }, () => ({
    sex: null,
    ethnicity: null,
    disability: null,
    grade: null,
    directorate: null,
    ...row,
  }));

describe('the workforce profile', () => {
  it('compares published staff shares with the population, hiding small counts and what would give them away', () => {
    const rows = [
      ...staff(180, { ethnicity: 'white', grade: 'Grade 1', directorate: 'Housing' }),
      ...staff(3, { ethnicity: 'black', grade: 'Grade 1', directorate: 'Housing' }),
      ...staff(12, { ethnicity: 'asian', grade: 'Grade 2', directorate: 'Planning' }),
      ...staff(20, { grade: 'Grade 2' }),
    ];
    const [, ethnicity] = buildWorkforceProfile({
      rows,
      policy: DISCLOSURE_PRESETS['suppress-under-5-secondary'],
      population: {
        ethnicity: {
          areaName: 'Somewhere',
          datasetTitle: 'TS021',
          referenceDate: '2021',
          categories: [
            { code: 'white', label: 'White', share: 0.8 },
            { code: 'asian', label: 'Asian', share: 0.1 },
            { code: 'black', label: 'Black', share: 0.05 },
            { code: 'mixed', label: 'Mixed', share: 0.03 },
            { code: 'other', label: 'Other', share: 0.02 },
          ],
        },
      },
    });
    const group = (code: string) => ethnicity!.groups.find((one) => one.group === code)!;
    expect(group('black').staff.hidden).toBe('primary');
    expect(group('black').share).toBeNull();
    // Black is hidden, so one more cell of its row goes too, or the total would give it away.
    expect(ethnicity!.groups.filter((one) => one.staff.hidden !== null).length).toBeGreaterThanOrEqual(2);
    expect(ethnicity!.undisclosed.value).toBe(20);
    const white = group('white');
    if (white.share !== null) expect(white.representation!.estimate).toBeCloseTo(white.share / 0.8);
    expect(ethnicity!.byGrade.labels).toEqual(['Grade 1', 'Grade 2']);
    expect(ethnicity!.byGrade.cells[0]![2]!.hidden).toBe('primary');
  });

  it('says nothing about representation without a population to compare with', () => {
    const [sex] = buildWorkforceProfile({
      rows: staff(50, { sex: 'female' }).concat(staff(40, { sex: 'male' })),
      policy: DISCLOSURE_PRESETS['round-5'],
      population: {},
    });
    expect(sex!.groups.map((one) => [one.staff.value, one.representation])).toEqual([
      [50, null],
      [40, null],
    ]);
  });
});
