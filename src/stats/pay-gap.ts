/**
 * Pay gaps as the Equality Act 2010 (Specific Duties and Public Authorities) Regulations 2017,
 * Schedule 1, define them for the gender pay gap, and the same calculation for any grouping
 * (ethnicity, disability) against a chosen reference group. Pure: rows in, figures out.
 *
 * - **Hourly pay** (para 6): ordinary pay and bonus pay in the relevant pay period, made weekly
 *   (× 7 ÷ days in the period), divided by weekly working hours.
 * - **Hourly figures and quartiles** use full-pay relevant employees only (not on reduced or nil
 *   pay because of leave in the period); **bonus figures** use all relevant employees, and bonus
 *   paid in the twelve months ending with the snapshot date.
 * - **Gap** = (reference − comparison) ÷ reference × 100: the comparison group's shortfall as a
 *   percentage of the reference group's pay (men's, for the gender pay gap). Positive means the
 *   comparison group is paid less.
 * - **Median**: the middle value, or the mean of the two middle values.
 * - **Quartiles** (para 13): full-pay employees ranked by hourly pay, split into four bands of, as
 *   far as possible, equal numbers; a remainder goes 1 → lower; 2 → lower and upper middle;
 *   3 → lower, lower middle and upper middle (the convention of GOV.UK's earlier guidance). People
 *   on the same hourly rate who straddle a boundary are shared between the bands so that each band
 *   gets the same mix of groups as that rate has: the counts may be fractional, which is what
 *   "keep the split the same in each band" means when the numbers do not divide.
 */

export interface PayRow {
  /** The group this person is in for this grouping, or null when they have not said (or preferred not to). */
  group: string | null;
  /** Ordinary pay in the relevant pay period (before deductions at source). */
  ordinaryPay: number;
  /** Bonus pay in the relevant pay period (pro-rated if it covers a longer period). */
  periodBonus: number;
  /** Days in the relevant pay period (7 weekly, about 30.4 monthly: the payroll's own figure). */
  periodDays: number;
  weeklyHours: number;
  /** Not paid at a reduced rate or nil because of leave in the period. */
  fullPay: boolean;
  /** Bonus pay in the twelve months ending with the snapshot date. */
  yearBonus: number;
}

/**
 * A PayRow with exactly its own fields, from a fuller record: the engine reads every row several
 * times, and rows of one shape are several times faster to read than records spread with extras.
 */
export function payRowOf(source: Omit<PayRow, 'group'>, group: string | null): PayRow {
  return {
    group,
    ordinaryPay: source.ordinaryPay,
    periodBonus: source.periodBonus,
    periodDays: source.periodDays,
    weeklyHours: source.weeklyHours,
    fullPay: source.fullPay,
    yearBonus: source.yearBonus,
  };
}

/** Hourly pay (para 6), or null when it cannot be worked out (no hours, no period). */
export function hourlyPay(
  row: Pick<PayRow, 'ordinaryPay' | 'periodBonus' | 'periodDays' | 'weeklyHours'>,
): number | null {
  if (!(row.periodDays > 0) || !(row.weeklyHours > 0)) return null;
  return ((row.ordinaryPay + row.periodBonus) * 7) / row.periodDays / row.weeklyHours;
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  // A typed array sorts numbers natively, several times faster than a comparator on a large payroll.
  const sorted = Float64Array.from(values).sort();
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** (reference − comparison) ÷ reference × 100, or null when either is missing or the reference is 0. */
export function gap(reference: number | null, comparison: number | null): number | null {
  if (reference === null || comparison === null || reference === 0) return null;
  return ((reference - comparison) / reference) * 100;
}

/** How many full-pay employees each band holds, lower first, with the remainder convention. */
export function bandSizes(count: number): [number, number, number, number] {
  const base = Math.floor(count / 4);
  const extra = [
    [0, 0, 0, 0],
    [1, 0, 0, 0],
    [1, 0, 1, 0],
    [1, 1, 1, 0],
  ][count % 4]!;
  return [base + extra[0]!, base + extra[1]!, base + extra[2]!, base + extra[3]!];
}

export const BANDS = ['lower', 'lowerMiddle', 'upperMiddle', 'upper'] as const;
export type Band = (typeof BANDS)[number];

export interface QuartileBand {
  band: Band;
  size: number;
  /** People in each group in this band (fractional where a tied rate straddles a boundary). */
  byGroup: Map<string, number>;
  /** People in the band who have not said which group they are in. */
  undisclosed: number;
}

/** The four quartile pay bands of `people` (hourly rate and group), with the tie rule. */
export function quartiles(people: readonly { rate: number; group: string | null }[]): QuartileBand[] {
  const sorted = [...people].sort((a, b) => a.rate - b.rate);
  const sizes = bandSizes(sorted.length);
  const bands: QuartileBand[] = BANDS.map((band, index) => ({
    band,
    size: sizes[index]!,
    byGroup: new Map(),
    undisclosed: 0,
  }));
  const ends: number[] = [];
  sizes.reduce((end, size) => (ends.push(end + size), end + size), 0);
  let start = 0;
  while (start < sorted.length) {
    let end = start;
    while (end < sorted.length && sorted[end]!.rate === sorted[start]!.rate) end += 1;
    // This rate holds places [start, end); share its people out over the bands those places are in.
    const mix = new Map<string | null, number>();
    for (let at = start; at < end; at += 1) mix.set(sorted[at]!.group, (mix.get(sorted[at]!.group) ?? 0) + 1);
    const tied = end - start;
    bands.forEach((band, index) => {
      const bandStart = index === 0 ? 0 : ends[index - 1]!;
      const overlap = Math.max(0, Math.min(end, ends[index]!) - Math.max(start, bandStart));
      if (overlap === 0) return;
      for (const [group, count] of mix) {
        const share = (count * overlap) / tied;
        if (group === null) band.undisclosed += share;
        else band.byGroup.set(group, (band.byGroup.get(group) ?? 0) + share);
      }
    });
    start = end;
  }
  return bands;
}

export interface GroupPay {
  group: string;
  /** Full-pay relevant employees in the group (hourly figures). */
  fullPayCount: number;
  /** Relevant employees in the group (bonus figures). */
  relevantCount: number;
  meanHourly: number | null;
  medianHourly: number | null;
  paidBonus: number;
  /** Share of the group's relevant employees paid a bonus, 0–100. */
  bonusProportion: number | null;
  meanBonus: number | null;
  medianBonus: number | null;
}

export interface GroupGap extends GroupPay {
  /** Against the reference group; null for the reference itself. */
  meanHourlyGap: number | null;
  medianHourlyGap: number | null;
  meanBonusGap: number | null;
  medianBonusGap: number | null;
}

export interface PayGapReport {
  reference: string;
  groups: GroupGap[];
  quartiles: QuartileBand[];
  relevantEmployees: number;
  fullPayEmployees: number;
  /** Relevant employees who have not said which group they are in, and their share (0–100). */
  undisclosed: number;
  undisclosedRate: number | null;
  /** Rows left out because their hourly pay could not be worked out (no hours, say). */
  withoutHourlyPay: number;
}

function payOf(group: string, rows: readonly PayRow[]): GroupPay {
  const fullPay = rows
    .filter((row) => row.fullPay)
    .map(hourlyPay)
    .filter((rate): rate is number => rate !== null);
  const bonuses = rows.filter((row) => row.yearBonus > 0).map((row) => row.yearBonus);
  return {
    group,
    fullPayCount: fullPay.length,
    relevantCount: rows.length,
    meanHourly: mean(fullPay),
    medianHourly: median(fullPay),
    paidBonus: bonuses.length,
    bonusProportion: rows.length ? (100 * bonuses.length) / rows.length : null,
    meanBonus: mean(bonuses),
    medianBonus: median(bonuses),
  };
}

/**
 * Every figure of a pay gap report for one grouping: each group's pay, its gaps against the
 * reference group, the quartile bands and how many have not said. `groups` fixes the order (and
 * which groups are reported); people in other groups count in the quartiles' totals only.
 */
export function payGapReport(
  rows: readonly PayRow[],
  reference: string,
  groups: readonly string[],
): PayGapReport {
  const byGroup = new Map<string, PayRow[]>(groups.map((group) => [group, []]));
  for (const row of rows) if (row.group !== null) byGroup.get(row.group)?.push(row);
  const referencePay = payOf(reference, byGroup.get(reference) ?? []);
  const reported = groups.map((group) => {
    const pay = group === reference ? referencePay : payOf(group, byGroup.get(group)!);
    const against = group === reference;
    return {
      ...pay,
      meanHourlyGap: against ? null : gap(referencePay.meanHourly, pay.meanHourly),
      medianHourlyGap: against ? null : gap(referencePay.medianHourly, pay.medianHourly),
      meanBonusGap: against ? null : gap(referencePay.meanBonus, pay.meanBonus),
      medianBonusGap: against ? null : gap(referencePay.medianBonus, pay.medianBonus),
    };
  });
  const ranked = rows.flatMap((row) => {
    const rate = row.fullPay ? hourlyPay(row) : null;
    return rate === null ? [] : [{ rate, group: row.group }];
  });
  const undisclosed = rows.filter((row) => row.group === null).length;
  return {
    reference,
    groups: reported,
    quartiles: quartiles(ranked),
    relevantEmployees: rows.length,
    fullPayEmployees: ranked.length,
    undisclosed,
    undisclosedRate: rows.length ? (100 * undisclosed) / rows.length : null,
    withoutHourlyPay: rows.filter((row) => row.fullPay && hourlyPay(row) === null).length,
  };
}
