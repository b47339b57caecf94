import type { FrameworkCriterion, FrameworkDefinition, FrameworkLevel } from './framework-definition.ts';
import { topAreaOf } from './framework-definition.ts';

/**
 * Turns criterion ratings into levels by the definition's own rules. Pure: no database, no dates
 * (the caller says which evidence is current). Property-tested in framework-levels.test.ts.
 */

export const RATINGS = ['not_started', 'partly_met', 'met'] as const;
export type Rating = (typeof RATINGS)[number];
export const RATING_LABELS: Record<Rating, string> = {
  not_started: 'Not started',
  partly_met: 'Partly met',
  met: 'Met',
};

export interface CriterionState {
  rating: Rating;
  /** The framework's score, for scored frameworks (NHS EDS); null until scored. */
  score: number | null;
  /** Evidence items linked to the criterion, and how many of them are not past their review date. */
  evidence: number;
  currentEvidence: number;
}

export const UNRATED: CriterionState = {
  rating: 'not_started',
  score: null,
  evidence: 0,
  currentEvidence: 0,
};

export type GapReason =
  'not_started' | 'partly_met' | 'no_evidence' | 'stale_evidence' | 'not_scored' | 'low_score';
export const GAP_LABELS: Record<GapReason, string> = {
  not_started: 'Not met yet',
  partly_met: 'Partly met',
  no_evidence: 'Rated met, but no evidence is linked',
  stale_evidence: 'Rated met, but all its evidence is past its review date',
  not_scored: 'Not scored yet',
  low_score: 'Scored below this level',
};

export interface Gap {
  criterion: FrameworkCriterion;
  reason: GapReason;
}

export interface Journey {
  level: FrameworkLevel;
  gaps: Gap[];
}

export interface AreaResult {
  areaId: string;
  name: string;
  /** The level reached, or null when not even the first level is reached. */
  level: FrameworkLevel | null;
  criteria: number;
  met: number;
  /** Scored frameworks: the area's total and the most it could be. */
  total: number | null;
  maxTotal: number | null;
  /** What is missing for the next level up (null at the top level). */
  next: Journey | null;
  /** What is missing for the assessment's target level, when that is above the next level. */
  target: Journey | null;
}

export interface OverallResult {
  level: FrameworkLevel | null;
  total: number | null;
  maxTotal: number | null;
  explanation: string;
}

export interface LevelResult {
  areas: AreaResult[];
  overall: OverallResult;
}

function stateOf(states: ReadonlyMap<string, CriterionState>, ref: string): CriterionState {
  return states.get(ref) ?? UNRATED;
}

/** Why a criterion does not count as met under an all-criteria-met rule, or null if it does. */
function statusGap(state: CriterionState, evidence: 'optional' | 'required' | 'current'): GapReason | null {
  if (state.rating === 'not_started') return 'not_started';
  if (state.rating === 'partly_met') return 'partly_met';
  if (evidence === 'optional') return null;
  if (state.evidence === 0) return 'no_evidence';
  if (evidence === 'current' && state.currentEvidence === 0) return 'stale_evidence';
  return null;
}

function scoreGap(
  state: CriterionState,
  needed: number,
  evidence: 'optional' | 'required' | 'current',
): GapReason | null {
  if (state.score === null) return 'not_scored';
  if (state.score < needed) return 'low_score';
  if (evidence === 'optional') return null;
  if (state.evidence === 0) return 'no_evidence';
  if (evidence === 'current' && state.currentEvidence === 0) return 'stale_evidence';
  return null;
}

/** The top-level areas an assessment covers: all of them, or the ones named in its scope. */
export function areasInScope(definition: FrameworkDefinition, scope: readonly string[]) {
  return scope.length === 0 ? definition.areas : definition.areas.filter((area) => scope.includes(area.id));
}

/** Criteria grouped by top-level area, in definition order. */
export function criteriaByArea(definition: FrameworkDefinition): Map<string, FrameworkCriterion[]> {
  const top = topAreaOf(definition);
  const grouped = new Map<string, FrameworkCriterion[]>(definition.areas.map((area) => [area.id, []]));
  for (const criterion of definition.criteria) grouped.get(top.get(criterion.area)!.id)!.push(criterion);
  return grouped;
}

export function assessLevels(
  definition: FrameworkDefinition,
  states: ReadonlyMap<string, CriterionState>,
  scope: readonly string[] = [],
  targetLevelId: string | null = null,
): LevelResult {
  const { rules, levels } = definition;
  const grouped = criteriaByArea(definition);
  const levelIndex = new Map(levels.map((level, index) => [level.id, index]));
  const targetIndex = targetLevelId === null ? -1 : (levelIndex.get(targetLevelId) ?? -1);
  const inScope = areasInScope(definition, scope);

  const areas: AreaResult[] = inScope.map((area) => {
    const criteria = grouped.get(area.id) ?? [];
    const met = criteria.filter((criterion) => stateOf(states, criterion.ref).rating === 'met').length;

    if (rules.kind === 'all-criteria-met') {
      const gapsUpTo = (index: number): Gap[] =>
        criteria.flatMap((criterion) => {
          if ((levelIndex.get(criterion.level!) ?? 0) > index) return [];
          const reason = statusGap(stateOf(states, criterion.ref), rules.evidence);
          return reason ? [{ criterion, reason }] : [];
        });
      let reached = -1;
      while (reached + 1 < levels.length && gapsUpTo(reached + 1).length === 0) reached += 1;
      const journey = (index: number): Journey | null =>
        index < levels.length && index > reached ? { level: levels[index]!, gaps: gapsUpTo(index) } : null;
      return {
        areaId: area.id,
        name: area.name,
        level: reached >= 0 ? levels[reached]! : null,
        criteria: criteria.length,
        met,
        total: null,
        maxTotal: null,
        next: journey(reached + 1),
        target: targetIndex > reached + 1 ? journey(targetIndex) : null,
      };
    }

    // Scored: the area's level is the level whose score is the floor of its mean criterion score.
    const scores = criteria.map((criterion) => stateOf(states, criterion.ref).score);
    const complete = scores.every((score) => score !== null);
    const total = scores.reduce<number>((sum, score) => sum + (score ?? 0), 0);
    const byScore = [...levels].sort((a, b) => a.score! - b.score!);
    const mean = complete && criteria.length ? Math.floor(total / criteria.length) : null;
    const level =
      mean === null ? null : ([...byScore].reverse().find((candidate) => candidate.score! <= mean) ?? null);
    const reachedIndex = level ? byScore.indexOf(level) : -1;
    const journeyFor = (candidate: FrameworkLevel | undefined): Journey | null =>
      candidate
        ? {
            level: candidate,
            gaps: criteria.flatMap((criterion) => {
              const reason = scoreGap(stateOf(states, criterion.ref), candidate.score!, rules.evidence);
              return reason ? [{ criterion, reason }] : [];
            }),
          }
        : null;
    const targetLevel = targetIndex >= 0 ? levels[targetIndex] : undefined;
    const nextLevel = byScore[reachedIndex + 1];
    return {
      areaId: area.id,
      name: area.name,
      level,
      criteria: criteria.length,
      met,
      total,
      maxTotal: definition.rating.kind === 'score' ? definition.rating.max * criteria.length : null,
      next: journeyFor(nextLevel),
      target:
        targetLevel && nextLevel && targetLevel.score! > nextLevel.score! ? journeyFor(targetLevel) : null,
    };
  });

  return { areas, overall: overallOf(definition, areas, inScope.length) };
}

function overallOf(
  definition: FrameworkDefinition,
  areas: AreaResult[],
  areasCovered: number,
): OverallResult {
  const { rules, levels } = definition;
  if (rules.kind === 'all-criteria-met') {
    const missing = areas.filter((area) => area.level === null);
    if (missing.length > 0)
      return {
        level: null,
        total: null,
        maxTotal: null,
        explanation: `The overall level is the lowest level reached by any area. ${missing.map((area) => area.name).join('; ')} ${missing.length === 1 ? 'has' : 'have'} not reached ${levels[0]!.name} yet.`,
      };
    const lowest = areas.reduce((low, area) =>
      levels.indexOf(area.level!) < levels.indexOf(low.level!) ? area : low,
    );
    return {
      level: lowest.level,
      total: null,
      maxTotal: null,
      explanation: `The overall level is the lowest level reached by any area: ${lowest.name} is at ${lowest.level!.name}.`,
    };
  }

  const maxTotal =
    definition.rating.kind === 'score' ? definition.rating.max * definition.criteria.length : 0;
  const total = areas.reduce((sum, area) => sum + (area.total ?? 0), 0);
  if (areasCovered < definition.areas.length)
    return {
      level: null,
      total,
      maxTotal: null,
      explanation: `The overall rating bands apply to all ${definition.criteria.length} criteria; this assessment covers ${areasCovered} of ${definition.areas.length} areas, so only area results are given.`,
    };
  const incomplete = areas.some((area) => area.level === null);
  if (incomplete)
    return {
      level: null,
      total,
      maxTotal,
      explanation: `Every criterion needs a score before the total can be given a rating. The total so far is ${total} of ${maxTotal}.`,
    };
  const band = rules.bands.find((candidate) => total >= candidate.min && total <= candidate.max)!;
  const level = levels.find((candidate) => candidate.id === band.level)!;
  return {
    level,
    total,
    maxTotal,
    explanation: `A total of ${total} of ${maxTotal} falls in the band ${band.min}–${band.max}, which is rated ${level.name}.`,
  };
}
