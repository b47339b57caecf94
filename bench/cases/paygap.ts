import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { readPayrollFile } from '../../src/features/workforce/payroll-file.ts';
import { payGapReport, payRowOf } from '../../src/stats/pay-gap.ts';
import type { BenchCase } from '../harness.ts';

const EMPLOYEES = 100_000;
const RUNS = 5;

/** A seeded payroll of `count` people as a payroll system's CSV (the columns Equalis reads). */
function payrollCsv(count: number): string {
  let state = 42;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const ethnic = ['White British', 'Indian', 'African', 'White and Asian', 'Arab', 'Prefer not to say'];
  const lines = [
    'Employee number,Sex,Ethnicity,Disability,Ordinary pay,Days in pay period,Weekly hours,Full pay,Bonus 12 months',
  ];
  for (let index = 0; index < count; index += 1) {
    const woman = random() < 0.6;
    const grade = Math.floor(random() * 10);
    const pay = (1800 + grade * 250 + (woman ? -40 : 0)) * (0.95 + random() * 0.1);
    lines.push(
      [
        `E${index}`,
        woman ? 'F' : 'M',
        ethnic[Math.floor(random() * ethnic.length)],
        random() < 0.1 ? 'Yes' : 'No',
        pay.toFixed(2),
        '30.44',
        random() < 0.3 ? '22.5' : '37',
        random() < 0.97 ? 'Y' : 'N',
        random() < 0.05 ? '500' : '0',
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function median(run: () => Promise<void> | void): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index <= RUNS; index += 1) {
    const start = performance.now();
    await run();
    if (index > 0) times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

/**
 * Every pay gap figure (hourly and bonus means and medians, bonus proportions, the quartile bands
 * with the tie rule) for sex, ethnicity and disability from a 100,000-employee payroll CSV: Equalis
 * reading and checking the file and running its engine, against DuckDB reading the same CSV and
 * computing the same means, medians and quartile counts in SQL.
 */
export const paygapCase: BenchCase = {
  name: 'paygap',
  description: `every pay gap figure for ${EMPLOYEES.toLocaleString('en-GB')} employees (ms) against DuckDB`,
  async run() {
    const csv = payrollCsv(EMPLOYEES);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'equalis-paygap-')), 'payroll.csv');
    fs.writeFileSync(file, csv);
    const value = await median(() => {
      const { rows, problems } = readPayrollFile(csv);
      if (problems.length || rows.length !== EMPLOYEES)
        throw new Error(`The payroll read with ${problems.length} problems`);
      payGapReport(
        rows.map((row) => payRowOf(row, row.sex)),
        'male',
        ['male', 'female'],
      );
      payGapReport(
        rows.map((row) => payRowOf(row, row.ethnicity)),
        'white',
        ['white', 'asian', 'black', 'mixed', 'other'],
      );
      payGapReport(
        rows.map((row) => payRowOf(row, row.disability)),
        'not_disabled',
        ['not_disabled', 'disabled'],
      );
    });
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const perGrouping = (column: string) => `
      select ${column} as grp, avg(rate) filter (where full_pay) as mean_rate,
             median(rate) filter (where full_pay) as median_rate,
             avg(bonus) filter (where bonus > 0) as mean_bonus, median(bonus) filter (where bonus > 0) as median_bonus,
             count(*) filter (where bonus > 0) / count(*) as paid
        from people group by ${column}
      union all
      select ${column}, quartile, null, null, null, count(*)
        from (select ${column}, ntile(4) over (order by rate) as quartile from people where full_pay)
       group by ${column}, quartile`;
    const anchorValue = await median(async () => {
      await duck.run(`
        create or replace temp table people as
        select "Sex" as sex, "Ethnicity" as ethnicity, "Disability" as disability, "Full pay" = 'Y' as full_pay,
               "Ordinary pay" * 7 / "Days in pay period" / "Weekly hours" as rate, "Bonus 12 months" as bonus
          from read_csv('${file}')`);
      for (const column of ['sex', 'ethnicity', 'disability']) await duck.runAndReadAll(perGrouping(column));
    });
    return {
      case: 'paygap',
      value: Math.round(value),
      unit: 'ms',
      anchor: 'DuckDB reading the CSV and computing the means, medians and quartiles',
      anchorValue: Math.round(anchorValue),
      ratio: Number((value / anchorValue).toFixed(2)),
      details: { employees: EMPLOYEES },
    };
  },
};
