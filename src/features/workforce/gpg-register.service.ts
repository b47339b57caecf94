import type { Db } from '../../db/connect.ts';
import { percentileRank, spreadOf, type Spread } from '../../stats/distribution.ts';
import { RuleError } from '../../platform/http-errors.ts';
import { isCouncil, readRegisterFile, sizeBandOf } from './gpg-register-file.ts';
import type { GpgRegisterRepo } from './payroll.repo.ts';

export interface RegisterComparison {
  year: number;
  councils: { mean: Spread; median: Spread };
  /** The share of councils with a smaller mean (and median) gap than ours, 0–100. */
  meanRank: number | null;
  medianRank: number | null;
  sizeBand: string;
  sameSize: { mean: Spread; median: Spread };
  /** Councils of our size whose mean gaps are nearest ours, nearest first. */
  nearest: { employerName: string; diffMeanHourly: number; diffMedianHourly: number | null }[];
  /** Our own figures as the register holds them, by year, when our name is on it. */
  history: { snapshotYear: number; diffMeanHourly: number | null; diffMedianHourly: number | null }[];
}

/**
 * The GOV.UK register, loaded a year at a time by an operator (`equalis paygap register FILE`),
 * and where an organisation's own gender pay gap sits among councils: all of them, those of its
 * size band, the nearest of those, and its own published history.
 */
export function createGpgRegisterService(deps: { db: Db; repo: GpgRegisterRepo }) {
  const { db, repo } = deps;
  return {
    async importYear(text: string): Promise<{ year: number; employers: number; councils: number }> {
      const file = readRegisterFile(text);
      if (file.problems.length)
        throw new RuleError('file', 'workforce.register.errors.notRegister', { count: file.problems.length });
      const years = [...new Set(file.rows.map((row) => row.snapshotYear))];
      // One download is one reporting year; a late filing due the next year is kept with its own year.
      const year = years.sort(
        (a, b) =>
          file.rows.filter((r) => r.snapshotYear === b).length -
          file.rows.filter((r) => r.snapshotYear === a).length,
      )[0]!;
      const rows = file.rows.filter((row) => row.snapshotYear === year);
      await db.transaction().execute((trx) => repo.replaceYear(trx, year, rows));
      return {
        year,
        employers: rows.length,
        councils: rows.filter((row) => isCouncil(row.employerName)).length,
      };
    },

    years: () => repo.years(db),

    async compare(ours: {
      meanGap: number | null;
      medianGap: number | null;
      employees: number;
      employerName: string;
    }): Promise<RegisterComparison | null> {
      const [year] = await repo.years(db);
      if (year === undefined || ours.meanGap === null) return null;
      const councils = (await repo.councils(db, year)).filter((row) => row.diffMeanHourly !== null);
      const band = sizeBandOf(ours.employees);
      const sameSize = councils.filter((row) => row.employerSize === band);
      const means = (rows: typeof councils) => rows.map((row) => row.diffMeanHourly!);
      const medians = (rows: typeof councils) =>
        rows.flatMap((row) => (row.diffMedianHourly === null ? [] : [row.diffMedianHourly]));
      return {
        year,
        councils: { mean: spreadOf(means(councils)), median: spreadOf(medians(councils)) },
        meanRank: percentileRank(means(councils), ours.meanGap),
        medianRank: ours.medianGap === null ? null : percentileRank(medians(councils), ours.medianGap),
        sizeBand: band,
        sameSize: { mean: spreadOf(means(sameSize)), median: spreadOf(medians(sameSize)) },
        nearest: sameSize
          .filter((row) => row.employerName.toLowerCase() !== ours.employerName.toLowerCase())
          .sort(
            (a, b) =>
              Math.abs(a.diffMeanHourly! - ours.meanGap!) - Math.abs(b.diffMeanHourly! - ours.meanGap!),
          )
          .slice(0, 5)
          .map((row) => ({
            employerName: row.employerName,
            diffMeanHourly: row.diffMeanHourly!,
            diffMedianHourly: row.diffMedianHourly,
          })),
        history: await repo.history(db, ours.employerName),
      };
    },
  };
}

export type GpgRegisterService = ReturnType<typeof createGpgRegisterService>;
