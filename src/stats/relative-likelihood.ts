import { ratio, type Estimate } from './proportions.ts';

/**
 * Relative likelihoods along an employee journey, the Workforce Race Equality Standard's method
 * made generic over any characteristic and reference group: for a stage and the stage it is out
 * of (appointed out of shortlisted; disciplinaries out of the workforce), each group's likelihood
 * is its count at the stage ÷ its count at the stage before, and its relative likelihood is the
 * reference group's likelihood ÷ the group's, with the log-scale interval of a ratio of
 * proportions. Above 1: the reference group is more likely (the WRES reading). Pure.
 */
export interface JourneyStage {
  stage: string;
  /** The stage this one is out of, or null for the first (nothing to compare with). */
  outOf: string | null;
  counts: Map<string, number>;
}

export interface StageLikelihood {
  stage: string;
  outOf: string;
  groups: {
    group: string;
    likelihood: number | null;
    /** The reference group's likelihood ÷ this group's; null for the reference itself. */
    relative: Estimate | null;
    reading: 'reference more likely' | 'group more likely' | 'no clear difference' | null;
  }[];
  /** Groups whose count at the stage exceeds their count at the stage it is out of. */
  impossible: string[];
}

export function relativeLikelihoods(
  stages: readonly JourneyStage[],
  reference: string,
  groups: readonly string[],
): StageLikelihood[] {
  const byName = new Map(stages.map((stage) => [stage.stage, stage]));
  return stages.flatMap((stage) => {
    if (!stage.outOf) return [];
    const before = byName.get(stage.outOf);
    if (!before) return [];
    const count = (of: JourneyStage, group: string) => of.counts.get(group) ?? 0;
    const impossible = groups.filter((group) => count(stage, group) > count(before, group));
    const referenceOk = !impossible.includes(reference);
    return [
      {
        stage: stage.stage,
        outOf: stage.outOf,
        impossible,
        groups: groups.map((group) => {
          const den = count(before, group);
          const num = count(stage, group);
          const likelihood = den > 0 && num <= den ? num / den : null;
          if (group === reference || impossible.includes(group) || !referenceOk)
            return { group, likelihood, relative: null, reading: null };
          const relative = ratio(count(stage, reference), count(before, reference), num, den);
          return {
            group,
            likelihood,
            relative,
            reading:
              relative === null || !Number.isFinite(relative.estimate)
                ? null
                : relative.lower > 1
                  ? ('reference more likely' as const)
                  : relative.upper < 1
                    ? ('group more likely' as const)
                    : ('no clear difference' as const),
          };
        }),
      },
    ];
  });
}
