import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/connect.ts';
import { payGapReport, type PayRow } from '../src/stats/pay-gap.ts';
import { createTestDatabase } from './helpers/database.ts';

/**
 * The pay gap engine against the same rules written separately in SQL, run by the real
 * database on random payrolls: odd head counts, part-time hours, people on reduced pay because of
 * leave, bonuses, and hourly rates drawn from a few values so ties straddle quartile boundaries.
 */
let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const payroll = fc.array(
  fc.record({
    group: fc.constantFrom('M', 'F', 'F', null),
    // Few distinct pay levels, so many people share an hourly rate.
    ordinaryPay: fc.constantFrom(700, 800, 800, 900, 1200, 1500),
    periodBonus: fc.constantFrom(0, 0, 0, 50),
    periodDays: fc.constant(7),
    weeklyHours: fc.constantFrom(35, 35, 35, 20),
    fullPay: fc.constantFrom(true, true, true, false),
    yearBonus: fc.constantFrom(0, 0, 0, 250, 1000),
  }),
  { minLength: 5, maxLength: 97 },
);

async function inSql(rows: PayRow[]) {
  const column = <K extends keyof PayRow>(key: K) => rows.map((row) => row[key]);
  const result = await sql<Record<string, number | null>>`
    with people(grp, ordinary, period_bonus, days, hours, full_pay, year_bonus) as (
      select * from unnest(${column('group')}::text[], ${column('ordinaryPay')}::float8[], ${column('periodBonus')}::float8[],
                           ${column('periodDays')}::float8[], ${column('weeklyHours')}::float8[], ${column('fullPay')}::bool[],
                           ${column('yearBonus')}::float8[])),
    hourly as (select grp, (ordinary + period_bonus) * 7 / days / hours as rate from people where full_pay),
    stats as (
      select grp, avg(rate) as mean_rate, percentile_cont(0.5) within group (order by rate) as median_rate
        from hourly group by grp),
    bonus as (
      select grp, count(*) filter (where year_bonus > 0)::float8 / count(*) * 100 as paid,
             avg(year_bonus) filter (where year_bonus > 0) as mean_bonus,
             percentile_cont(0.5) within group (order by year_bonus) filter (where year_bonus > 0) as median_bonus
        from people group by grp),
    -- Quartiles: place numbers 0..n-1 by rate; each rate's people fill [first, last]; each band is a
    -- range of places; a rate's women go into a band in proportion to the places it has there.
    ranked as (select grp, rate, row_number() over (order by rate) - 1 as place from hourly),
    rates as (
      select rate, min(place) as first, max(place) + 1 as after, count(*)::float8 as tied,
             count(*) filter (where grp = 'F')::float8 as women from ranked group by rate),
    n as (select count(*)::int as n from hourly),
    sizes as (
      select b.band, (n / 4) + case when n % 4 >= 1 and b.band = 1 then 1
                                    when n % 4 >= 2 and b.band = 3 then 1
                                    when n % 4 = 3 and b.band = 2 then 1 else 0 end as size
        from n, (values (1), (2), (3), (4)) as b(band)),
    bands as (
      select band, size, coalesce(sum(size) over (order by band rows between unbounded preceding and 1 preceding), 0) as start
        from sizes),
    women_in as (
      select b.band, b.size,
             sum(r.women * greatest(0, least(r.after, b.start + b.size) - greatest(r.first, b.start)) / r.tied) as women
        from bands b cross join rates r group by b.band, b.size)
    select
      (select mean_rate from stats where grp = 'M') as m_mean, (select mean_rate from stats where grp = 'F') as f_mean,
      (select median_rate from stats where grp = 'M') as m_median, (select median_rate from stats where grp = 'F') as f_median,
      (select paid from bonus where grp = 'M') as m_paid, (select paid from bonus where grp = 'F') as f_paid,
      (select mean_bonus from bonus where grp = 'M') as m_mean_bonus, (select mean_bonus from bonus where grp = 'F') as f_mean_bonus,
      (select median_bonus from bonus where grp = 'M') as m_median_bonus, (select median_bonus from bonus where grp = 'F') as f_median_bonus,
      (select women from women_in where band = 1) as q1, (select women from women_in where band = 2) as q2,
      (select women from women_in where band = 3) as q3, (select women from women_in where band = 4) as q4`.execute(
    database.db,
  );
  return result.rows[0]!;
}

const close = (ours: number | null | undefined, theirs: number | null | undefined) => {
  if (theirs === null || theirs === undefined) expect(ours ?? null).toBeNull();
  else expect(ours).toBeCloseTo(Number(theirs), 8);
};
const gapOf = (a: number | null, b: number | null) =>
  a === null || b === null || a === 0 ? null : ((a - b) / a) * 100;

describe('the pay gap engine against SQL', () => {
  it('gives the same means, medians, bonus figures and quartile bands on random payrolls', async () => {
    for (const rows of fc.sample(payroll, 40)) {
      const report = payGapReport(rows, 'M', ['M', 'F']);
      const theirs = await inSql(rows);
      const [men, women] = report.groups;
      close(men!.meanHourly, theirs.m_mean);
      close(women!.medianHourly, theirs.f_median);
      close(women!.meanHourlyGap, gapOf(theirs.m_mean ?? null, theirs.f_mean ?? null));
      close(women!.medianHourlyGap, gapOf(theirs.m_median ?? null, theirs.f_median ?? null));
      close(men!.bonusProportion, theirs.m_paid);
      close(women!.bonusProportion, theirs.f_paid);
      close(women!.meanBonusGap, gapOf(theirs.m_mean_bonus ?? null, theirs.f_mean_bonus ?? null));
      close(women!.medianBonusGap, gapOf(theirs.m_median_bonus ?? null, theirs.f_median_bonus ?? null));
      report.quartiles.forEach((band, index) =>
        close(band.byGroup.get('F') ?? 0, theirs[`q${index + 1}`] ?? 0),
      );
    }
  });
});
