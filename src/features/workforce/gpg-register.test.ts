import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/database.ts';
import { sharedFile } from '../../../test/helpers/shared-data.ts';
import { testConfig } from '../../config.ts';
import type { DatabaseHandle } from '../../db/connect.ts';
import { createServices, type Services } from '../../services.ts';
import { isCouncil, readRegisterFile, sizeBandOf } from './gpg-register-file.ts';

let database: DatabaseHandle;
let services: Services;
const file = (year: string) =>
  fs.readFileSync(sharedFile(`data/paygap/UK Gender Pay Gap Data - ${year}.csv`), 'utf8');

beforeAll(async () => {
  database = await createTestDatabase();
  services = createServices(database.db, testConfig());
});
afterAll(() => database.close());

describe('the GOV.UK gender pay gap register', () => {
  it('reads both real downloads, embedded newlines and all', () => {
    const latest = readRegisterFile(file('2021 to 2022'));
    expect(latest.problems).toEqual([]);
    expect(latest.rows).toHaveLength(10_465);
    expect(latest.rows.filter((row) => isCouncil(row.employerName))).toHaveLength(316);
    const brighton = latest.rows.find((row) => row.employerName === 'Brighton & Hove City Council')!;
    expect(brighton).toMatchObject({ snapshotYear: 2021, diffMeanHourly: -7.9, diffMedianHourly: -8.1 });
    expect(readRegisterFile('a,b\n1,2\n').problems[0]!.message).toMatch(
      /not a GOV.UK gender pay gap download/,
    );
  });

  it('loads a year at a time and places an organisation among councils of its size, with its own history', async () => {
    expect(
      await services.gpgRegister.compare({ meanGap: 1, medianGap: 1, employees: 600, employerName: 'X' }),
    ).toBeNull();
    const older = await services.gpgRegister.importYear(file('2020 to 2021'));
    const newer = await services.gpgRegister.importYear(file('2021 to 2022'));
    expect(newer.year).toBe(older.year + 1);
    const again = await services.gpgRegister.importYear(file('2021 to 2022'));
    expect(again.employers).toBe(newer.employers);
    const comparison = (await services.gpgRegister.compare({
      meanGap: -7.9,
      medianGap: -8.1,
      employees: 2500,
      employerName: 'brighton & hove city council',
    }))!;
    // Independently, from the raw file: councils' mean gaps in the latest year.
    const raw = (
      parse(file('2021 to 2022'), { columns: true, bom: true }) as Record<string, string>[]
    ).filter(
      (row) =>
        /\bcouncils?\b/i.test(row.EmployerName!) &&
        row.DueDate!.startsWith(String(newer.year + 1)) &&
        row.DiffMeanHourlyPercent !== '',
    );
    const gaps = raw.map((row) => Number(row.DiffMeanHourlyPercent));
    expect(comparison.councils.mean.count).toBe(gaps.length);
    const below = gaps.filter((gap) => gap < -7.9).length + gaps.filter((gap) => gap === -7.9).length / 2;
    expect(comparison.meanRank).toBeCloseTo((100 * below) / gaps.length, 9);
    expect(comparison.sizeBand).toBe(sizeBandOf(2500));
    expect(comparison.nearest).toHaveLength(5);
    expect(comparison.nearest.every((one) => one.employerName !== 'Brighton & Hove City Council')).toBe(true);
    expect(comparison.history.map((one) => [one.snapshotYear, one.diffMeanHourly])).toEqual([
      [older.year, expect.any(Number)],
      [newer.year, -7.9],
    ]);
  });
});
