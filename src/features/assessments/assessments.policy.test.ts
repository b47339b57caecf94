import { describe, expect, it } from 'vitest';
import { findBuiltIn } from '../frameworks/built-in-frameworks.ts';
import {
  assessorMayOpenEvidence,
  criteriaInScope,
  criterionInScope,
  criterionKey,
  mayRate,
} from './assessments.policy.ts';

const eflg = findBuiltIn('eflg-2021@2021')!;

describe('assessment scope policy', () => {
  it('an empty scope covers every criterion; a chosen scope only its modules', () => {
    expect(criteriaInScope(eflg, [])).toHaveLength(eflg.criteria.length);
    expect(criterionInScope(eflg, ['1'], '1.1.1')).toBe(true);
    expect(criterionInScope(eflg, ['1'], '4.1.1')).toBe(false);
    expect(criterionInScope(eflg, ['1', '4'], '4.1.1')).toBe(true);
    expect(criterionInScope(eflg, [], 'no-such-ref')).toBe(false);
    const moduleTwo = criteriaInScope(eflg, ['2']);
    expect(moduleTwo.length).toBeGreaterThan(0);
    expect(moduleTwo.every((key) => key.startsWith('eflg-2021 2.'))).toBe(true);
  });

  it('an assessor opens evidence only through a criterion shared with them', () => {
    const shared = new Set(criteriaInScope(eflg, ['1']));
    expect(assessorMayOpenEvidence(shared, [{ frameworkId: 'eflg-2021', criterionRef: '1.1.1' }])).toBe(true);
    expect(assessorMayOpenEvidence(shared, [{ frameworkId: 'eflg-2021', criterionRef: '4.1.1' }])).toBe(
      false,
    );
    // The same reference in another framework is another criterion.
    expect(assessorMayOpenEvidence(shared, [{ frameworkId: 'eflg-2009', criterionRef: '1.1.1' }])).toBe(
      false,
    );
    expect(assessorMayOpenEvidence(shared, [])).toBe(false);
    expect(shared.has(criterionKey('eflg-2021', '1.1.1'))).toBe(true);
  });
});

describe('who may rate a criterion', () => {
  const open = { closed: false, areaContributorIds: ['u1'], ownerUserId: 'u2' };
  it('is the leads, the area’s contributors and the owner — and nobody once closed', () => {
    expect(mayRate({ userId: 'u9', role: 'equality_lead' }, open)).toBe(true);
    expect(mayRate({ userId: 'u1', role: 'contributor' }, open)).toBe(true);
    expect(mayRate({ userId: 'u2', role: 'contributor' }, open)).toBe(true);
    expect(mayRate({ userId: 'u3', role: 'contributor' }, open)).toBe(false);
    expect(mayRate({ userId: 'u1', role: 'viewer' }, open)).toBe(false);
    expect(mayRate({ userId: 'u1', role: 'assessor' }, open)).toBe(false);
    expect(mayRate({ userId: 'u9', role: 'admin' }, { ...open, closed: true })).toBe(false);
  });
});
