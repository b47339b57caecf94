import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { sharedFile } from '../../../test/helpers/shared-data.ts';
import { DISCLOSURE_PRESETS } from '../../stats/disclosure.ts';
import { diversityRow, EXPORT_COLUMNS, readDiversityFile } from './open-innovations.ts';

const text = () =>
  fs.readFileSync(sharedFile('data/workforce/leeds-city-region-workforce-diversity.csv'), 'utf8');

describe('the Open Innovations diversity data standard', () => {
  it('reads the real Leeds City Region file, summing detailed ethnic groups where broad ones are not given', () => {
    const { rows, problems } = readDiversityFile(text());
    expect(problems).toEqual([]);
    const calderdale = rows.find(
      (row) => row.organisation === 'Calderdale Council' && row.published === '2026',
    )!;
    expect(calderdale.employees).toBe(2779);
    expect(calderdale.women).toBeCloseTo(1890 / (1890 + 889), 9);
    expect(calderdale.disabled).toBeCloseTo(184 / (184 + 2481), 9);
    // Independently: every raw row with an organisation is read, one for one.
    const raw = (parse(text(), { columns: true }) as Record<string, string>[]).filter(
      (row) => row.organisation,
    );
    expect(rows).toHaveLength(raw.length);
    const leeds = rows.find((row) => row.organisation === 'Leeds City Council')!;
    expect(leeds.employees).toBe(14107);
    expect(leeds.ethnicMinority).toBeGreaterThan(0);
    expect(leeds.ethnicMinority).toBeLessThan(1);
    expect(readDiversityFile('a,b\n1,2\n').problems[0]!.message).toMatch(/not in the Open Innovations/);
  });

  it('writes a snapshot in the layout, counts under the policy, and reads back its own shares', () => {
    const staff = [
      ...Array.from({ length: 40 }, () => ({
        sex: 'female',
        ethnicity: 'white',
        disability: 'not_disabled',
        grade: null,
        directorate: null,
      })),
      ...Array.from({ length: 20 }, () => ({
        sex: 'male',
        ethnicity: 'asian',
        disability: 'disabled',
        grade: null,
        directorate: null,
      })),
      ...Array.from({ length: 3 }, () => ({
        sex: 'male',
        ethnicity: null,
        disability: null,
        grade: null,
        directorate: null,
      })),
    ];
    const row = diversityRow(
      staff,
      { organisation: 'Northvale Council', published: '2026-03-31' },
      DISCLOSURE_PRESETS['suppress-1-7-round-5'],
    );
    expect(row).toMatchObject({
      gender_female: 40,
      gender_male: 25,
      ethnicity_asian: 20,
      ethnicity_undisclosed: null,
      employees: 65,
    });
    const csv = [EXPORT_COLUMNS.join(','), EXPORT_COLUMNS.map((column) => row[column] ?? '').join(',')].join(
      '\n',
    );
    const [back] = readDiversityFile(csv).rows;
    expect(back!.women).toBeCloseTo(40 / 65);
    expect(back!.ethnicMinority).toBeCloseTo(20 / 60);
  });

  it('answers a truncated or broken file with where it breaks, whichever reader has it', async () => {
    const { readJourneyFile } = await import('./journey-file.ts');
    const { readRegisterFile } = await import('./gpg-register-file.ts');
    const broken = text()
      .slice(0, 2000)
      .replace(/,(?=[^,]*$)/, ',"');
    expect(readDiversityFile(broken).problems[0]!.message).toMatch(/stops being readable as CSV/);
    expect(readJourneyFile('Stage,A,B\nApplied,"1,2\n').problems[0]!.message).toMatch(
      /stops being readable as CSV/,
    );
    expect(readRegisterFile('EmployerName,EmployerId\n"Unclosed,1\n').problems[0]!.line).toBeGreaterThan(0);
  });
});
