import { isStale } from '../evidence/evidence-review.ts';
import type { LinkedEvidence } from '../evidence/evidence.service.ts';
import type {
  FrameworkArea,
  FrameworkCriterion,
  FrameworkDefinition,
} from '../frameworks/framework-definition.ts';
import type { CriterionState } from '../frameworks/framework-levels.ts';

/**
 * How ready an assessment is to hand to a peer team, area by area. Each criterion falls in
 * exactly one column; stale evidence is counted separately because a criterion with current
 * evidence can also carry some that is out of date. Pure.
 */
export type ReadinessColumn = 'met' | 'partly' | 'notMet' | 'noEvidence';

export const READINESS_LABELS: Record<ReadinessColumn, string> = {
  met: 'Met, with evidence',
  partly: 'Partly met, with evidence',
  notMet: 'Not met or not started',
  noEvidence: 'Rated, but no evidence',
};

export function readinessColumn(definition: FrameworkDefinition, state: CriterionState): ReadinessColumn {
  const rated = definition.rating.kind === 'score' ? state.score !== null : state.rating !== 'not_started';
  if (!rated) return 'notMet';
  if (state.evidence === 0) return 'noEvidence';
  if (definition.rating.kind === 'score') return 'met';
  return state.rating === 'met' ? 'met' : 'partly';
}

export interface AreaReadiness {
  areaId: string;
  name: string;
  counts: Record<ReadinessColumn, number>;
  criteria: number;
  /** Criteria with at least one linked item past its review date. */
  staleCriteria: number;
}

/** `evidenceByRef` needs to hold at least each criterion's links to out-of-date evidence. */
export function readinessOf(
  definition: FrameworkDefinition,
  areas: { area: FrameworkArea; criteria: FrameworkCriterion[] }[],
  states: ReadonlyMap<string, CriterionState>,
  evidenceByRef: ReadonlyMap<string, LinkedEvidence[]>,
  today: string,
) {
  const staleItems = new Map<string, LinkedEvidence & { criteria: string[] }>();
  const rows: AreaReadiness[] = areas.map(({ area, criteria }) => {
    const counts: Record<ReadinessColumn, number> = { met: 0, partly: 0, notMet: 0, noEvidence: 0 };
    let staleCriteria = 0;
    for (const criterion of criteria) {
      counts[readinessColumn(definition, states.get(criterion.ref)!)] += 1;
      const stale = (evidenceByRef.get(criterion.ref) ?? []).filter((item) =>
        isStale(item.reviewDate, today),
      );
      if (stale.length) staleCriteria += 1;
      for (const item of stale) {
        const known = staleItems.get(item.evidenceId) ?? { ...item, criteria: [] };
        known.criteria.push(criterion.ref);
        staleItems.set(item.evidenceId, known);
      }
    }
    return { areaId: area.id, name: area.name, counts, criteria: criteria.length, staleCriteria };
  });
  const totals = rows.reduce(
    (sum, row) => ({
      met: sum.met + row.counts.met,
      partly: sum.partly + row.counts.partly,
      notMet: sum.notMet + row.counts.notMet,
      noEvidence: sum.noEvidence + row.counts.noEvidence,
      criteria: sum.criteria + row.criteria,
      staleCriteria: sum.staleCriteria + row.staleCriteria,
    }),
    { met: 0, partly: 0, notMet: 0, noEvidence: 0, criteria: 0, staleCriteria: 0 },
  );
  return { rows, totals, staleItems: [...staleItems.values()] };
}

export type Readiness = ReturnType<typeof readinessOf>;
