import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findBuiltIn } from './built-in-frameworks.ts';
import type { FrameworkDefinition } from './framework-definition.ts';
import { assessLevels, criteriaByArea, RATINGS, type CriterionState } from './framework-levels.ts';

const eflg2021 = findBuiltIn('eflg-2021@2021')!;
const eflg2009 = findBuiltIn('eflg-2009@2009')!;
const eds = findBuiltIn('nhs-eds-2022@2022')!;

const stateArbitrary = fc
  .record({
    rating: fc.constantFrom(...RATINGS),
    score: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
    evidence: fc.integer({ min: 0, max: 3 }),
    stale: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ rating, score, evidence, stale }) => ({
    rating,
    score,
    evidence,
    currentEvidence: Math.max(0, evidence - stale),
  }));

/** Mostly-met states, so that higher levels are reached often enough to be tested. */
const statesFor = (definition: FrameworkDefinition) =>
  fc
    .array(
      fc.oneof(
        { weight: 1, arbitrary: stateArbitrary },
        {
          weight: 4,
          arbitrary: fc.constant<CriterionState>({
            rating: 'met',
            score: 3,
            evidence: 1,
            currentEvidence: 1,
          }),
        },
      ),
      { minLength: definition.criteria.length, maxLength: definition.criteria.length },
    )
    .map((list) => new Map(definition.criteria.map((criterion, index) => [criterion.ref, list[index]!])));

/** An independent statement of the rule: an area stops at the level below its lowest failing criterion. */
function referenceLevel(
  definition: FrameworkDefinition,
  areaId: string,
  states: Map<string, CriterionState>,
) {
  const evidenceRule = definition.rules.evidence;
  const ok = (state: CriterionState) =>
    state.rating === 'met' &&
    (evidenceRule === 'optional' ||
      (evidenceRule === 'required' ? state.evidence > 0 : state.currentEvidence > 0));
  const failing = criteriaByArea(definition)
    .get(areaId)!
    .filter((criterion) => !ok(states.get(criterion.ref)!))
    .map((criterion) => definition.levels.findIndex((level) => level.id === criterion.level));
  const reached = failing.length ? Math.min(...failing) - 1 : definition.levels.length - 1;
  return reached >= 0 ? definition.levels[reached]!.id : null;
}

describe('levels by the all-criteria-met rule', () => {
  for (const definition of [eflg2021, eflg2009]) {
    it(`${definition.id}: matches an independent statement of the rule, area by area`, () => {
      fc.assert(
        fc.property(statesFor(definition), (states) => {
          const result = assessLevels(definition, states);
          for (const area of result.areas)
            expect(area.level?.id ?? null).toBe(referenceLevel(definition, area.areaId, states));
        }),
        { numRuns: 300 },
      );
    });
  }

  it('never lowers a level when a rating goes up or evidence is added', () => {
    const upgrade = (state: CriterionState, how: number): CriterionState =>
      how === 0
        ? { ...state, rating: RATINGS[Math.min(RATINGS.indexOf(state.rating) + 1, 2)]! }
        : how === 1
          ? { ...state, evidence: state.evidence + 1, currentEvidence: state.currentEvidence + 1 }
          : { ...state, currentEvidence: state.evidence };
    fc.assert(
      fc.property(
        statesFor(eflg2021),
        fc.nat(eflg2021.criteria.length - 1),
        fc.integer({ min: 0, max: 2 }),
        (states, index, how) => {
          const ref = eflg2021.criteria[index]!.ref;
          const better = new Map(states).set(ref, upgrade(states.get(ref)!, how));
          const order = (id: string | undefined) => eflg2021.levels.findIndex((level) => level.id === id);
          const before = assessLevels(eflg2021, states).areas;
          const after = assessLevels(eflg2021, better).areas;
          before.forEach((area, i) =>
            expect(order(after[i]!.level?.id)).toBeGreaterThanOrEqual(order(area.level?.id)),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lists exactly the criteria that stop the next level, and there is always at least one', () => {
    fc.assert(
      fc.property(statesFor(eflg2021), (states) => {
        for (const area of assessLevels(eflg2021, states).areas) {
          if (!area.next) {
            expect(area.level?.id).toBe('excellent');
            continue;
          }
          expect(area.next.gaps.length).toBeGreaterThan(0);
          const nextIndex = eflg2021.levels.indexOf(area.next.level);
          const withMet = new Map(states);
          for (const gap of area.next.gaps) {
            expect(
              eflg2021.levels.findIndex((level) => level.id === gap.criterion.level),
            ).toBeLessThanOrEqual(nextIndex);
            withMet.set(gap.criterion.ref, { rating: 'met', score: null, evidence: 1, currentEvidence: 1 });
          }
          // Closing exactly those gaps reaches the next level.
          const closed = assessLevels(eflg2021, withMet).areas.find((other) => other.areaId === area.areaId)!;
          expect(eflg2021.levels.indexOf(closed.level!)).toBeGreaterThanOrEqual(nextIndex);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives the lowest area level overall, and none while any area has not started', () => {
    fc.assert(
      fc.property(statesFor(eflg2021), (states) => {
        const result = assessLevels(eflg2021, states);
        const indexes = result.areas.map((area) => (area.level ? eflg2021.levels.indexOf(area.level) : -1));
        const lowest = Math.min(...indexes);
        expect(result.overall.level ? eflg2021.levels.indexOf(result.overall.level) : -1).toBe(lowest);
        expect(result.overall.explanation).toMatch(/lowest level reached by any area/);
      }),
    );
  });

  it('covers only the modules in scope, and shows the journey to a target beyond the next level', () => {
    const result = assessLevels(eflg2021, new Map(), ['1', '3'], 'achieving');
    expect(result.areas.map((area) => area.areaId)).toEqual(['1', '3']);
    const module1 = result.areas[0]!;
    expect(module1.level).toBeNull();
    expect(module1.next!.level.id).toBe('developing');
    expect(module1.next!.gaps).toHaveLength(5);
    expect(module1.target!.level.id).toBe('achieving');
    expect(module1.target!.gaps.map((gap) => gap.criterion.ref)).toContain('1.1.2');
  });

  it('says why: evidence past its review date does not count where the rule wants current evidence', () => {
    const states = new Map(
      eflg2021.criteria.map((c) => [
        c.ref,
        { rating: 'met' as const, score: null, evidence: 1, currentEvidence: 1 },
      ]),
    );
    states.set('2.3.1', { rating: 'met', score: null, evidence: 2, currentEvidence: 0 });
    states.set('2.1.2', { rating: 'met', score: null, evidence: 0, currentEvidence: 0 });
    const module2 = assessLevels(eflg2021, states).areas.find((area) => area.areaId === '2')!;
    expect(module2.level).toBeNull();
    expect(module2.next!.gaps.map((gap) => [gap.criterion.ref, gap.reason])).toEqual([
      ['2.3.1', 'stale_evidence'],
    ]);
    expect(module2.target).toBeNull();
    states.set('2.3.1', { rating: 'met', score: null, evidence: 2, currentEvidence: 1 });
    const after = assessLevels(eflg2021, states).areas.find((area) => area.areaId === '2')!;
    expect(after.level!.id).toBe('developing');
    expect(after.next!.gaps.map((gap) => [gap.criterion.ref, gap.reason])).toEqual([
      ['2.1.2', 'no_evidence'],
    ]);
  });
});

describe('levels by score totals (NHS EDS 2022)', () => {
  const scored = fc
    .array(fc.integer({ min: 0, max: 3 }), { minLength: 11, maxLength: 11 })
    .map(
      (scores) =>
        new Map(
          eds.criteria.map((criterion, index) => [
            criterion.ref,
            { rating: 'not_started' as const, score: scores[index]!, evidence: 0, currentEvidence: 0 },
          ]),
        ),
    );

  it('adds the scores and maps the total through the bands', () => {
    fc.assert(
      fc.property(scored, (states) => {
        const result = assessLevels(eds, states);
        const total = [...states.values()].reduce((sum, state) => sum + state.score!, 0);
        expect(result.overall.total).toBe(total);
        expect(result.overall.maxTotal).toBe(33);
        const expected =
          total < 8 ? 'undeveloped' : total <= 21 ? 'developing' : total <= 32 ? 'achieving' : 'excelling';
        expect(result.overall.level!.id).toBe(expected);
        for (const area of result.areas) {
          const scores = criteriaByArea(eds)
            .get(area.areaId)!
            .map((criterion) => states.get(criterion.ref)!.score!);
          const mean = Math.floor(scores.reduce((a, b) => a + b, 0) / scores.length);
          expect(area.level!.score).toBe(mean);
        }
      }),
    );
  });

  it('is monotone: a higher score never gives a lower overall rating', () => {
    fc.assert(
      fc.property(scored, fc.nat(10), (states, index) => {
        const ref = eds.criteria[index]!.ref;
        const state = states.get(ref)!;
        const better = new Map(states).set(ref, { ...state, score: Math.min(3, state.score! + 1) });
        const rank = (result: ReturnType<typeof assessLevels>) => eds.levels.indexOf(result.overall.level!);
        expect(rank(assessLevels(eds, better))).toBeGreaterThanOrEqual(rank(assessLevels(eds, states)));
      }),
    );
  });

  it('reports the confirmed boundary: 21 is Developing and 22 is Achieving', () => {
    const withTotal = (total: number) =>
      new Map(
        eds.criteria.map((criterion, index) => [
          criterion.ref,
          {
            rating: 'not_started' as const,
            score: Math.min(3, Math.max(0, total - 3 * index)),
            evidence: 0,
            currentEvidence: 0,
          },
        ]),
      );
    expect(assessLevels(eds, withTotal(21)).overall.level!.name).toBe('Developing');
    expect(assessLevels(eds, withTotal(22)).overall.level!.name).toBe('Achieving');
  });

  it('gives no overall rating until every outcome is scored, or when only some domains are in scope', () => {
    const partial = new Map([
      ['1A', { rating: 'not_started' as const, score: 2, evidence: 0, currentEvidence: 0 }],
    ]);
    expect(assessLevels(eds, partial).overall).toMatchObject({ level: null, total: 2 });
    expect(assessLevels(eds, partial, ['1']).overall.explanation).toMatch(/covers 1 of 3 areas/);
  });
});
