import { describe, expect, it } from 'vitest';
import { demoPayrollFile } from '../../demo/demo-payroll.ts';
import { broadEthnicGroup, readPayrollFile } from './payroll-file.ts';

describe('reading a payroll extract', () => {
  it('finds the columns by their headings, whatever the payroll system calls them', () => {
    const file = readPayrollFile(
      [
        'Staff ID,Legal sex,Ethnic group,Disabled,Pay band,Ordinary pay in the pay period,Bonus in period,Pay period days,Hours per week,Full pay,Bonus in the last 12 months',
        'S1,M,White British,N,B3,"£2,000.00",0,30.44,37,Y,0',
        'S2,Woman,Asian or Asian British - Pakistani,Yes,B2,1500,0,30.44,30,No,250',
      ].join('\n'),
    );
    expect(file.problems).toEqual([]);
    expect(file.rows).toMatchObject([
      {
        reference: 'S1',
        sex: 'male',
        ethnicity: 'white',
        disability: 'not_disabled',
        ordinaryPay: 2000,
        fullPay: true,
      },
      {
        reference: 'S2',
        sex: 'female',
        ethnicity: 'asian',
        disability: 'disabled',
        yearBonus: 250,
        fullPay: false,
      },
    ]);
    expect(file.columns.reference).toBe('Staff ID');
  });

  it('takes the period from a pay frequency, and says what it assumed when columns are missing', () => {
    const file = readPayrollFile(
      'Payroll number,Gender,Basic pay,Pay frequency,Contracted hours\nP1,F,500,Weekly,20\nP2,Non-binary,600,Four-weekly,37\n',
    );
    expect(file.rows.map((row) => row.periodDays)).toEqual([7, 28]);
    expect(file.rows[1]!.sex).toBeNull();
    expect(file.notes.join(' ')).toMatch(/everyone is counted as a full-pay employee/);
    expect(file.notes.join(' ')).toMatch(/1 person is recorded as neither male nor female/);
  });

  it('lists every row’s problems with its line, and a missing column before any row', () => {
    const file = readPayrollFile(
      'Employee number,Sex,Ordinary pay,Days in pay period,Weekly hours,Ethnicity\nE1,M,lots,30,37,White\nE1,F,100,30,0,Martian\n,F,100,30,37,\n',
    );
    expect(file.problems).toEqual([
      { line: 2, message: 'E1: the ordinary pay “lots” is not an amount' },
      {
        line: 3,
        message:
          'E1: the reference is also on line 2; “Martian” is not an ethnic group Equalis knows; the weekly hours “0” are not between 0 and 100',
      },
      { line: 4, message: 'A row: there is no employee reference' },
    ]);
    expect(readPayrollFile('Name,Salary\nA,1\n').problems[0]!.message).toMatch(
      /^No column was found for the employee reference, sex/,
    );
    expect(readPayrollFile('a,"b\n').problems[0]!.message).toMatch(/readable as CSV/);
  });

  it('knows ethnic groups as systems write them', () => {
    expect(broadEthnicGroup('Black or Black British - Caribbean')).toBe('black');
    expect(broadEthnicGroup('Indian')).toBe('asian');
    expect(broadEthnicGroup('White: Irish')).toBe('white');
    expect(broadEthnicGroup('Arab')).toBe('other');
    expect(broadEthnicGroup('Prefer not to say')).toBeNull();
    expect(broadEthnicGroup('')).toBeNull();
    expect(broadEthnicGroup('Martian')).toBeUndefined();
  });

  it('reads the demo payroll without a problem', () => {
    const file = readPayrollFile(demoPayrollFile());
    expect(file.problems).toEqual([]);
    expect(file.rows).toHaveLength(640);
  });
});
