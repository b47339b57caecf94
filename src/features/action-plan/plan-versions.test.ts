import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATUSES } from './action-status.ts';
import { comparePlans, isUnchanged, type VersionAction } from './plan-versions.ts';

function action(reference: string, overrides: Partial<VersionAction> = {}): VersionAction {
  return {
    reference,
    parentReference: null,
    area: 'A',
    text: `Action ${reference}`,
    targetText: 'March 2027',
    targetEnd: '2027-03-31',
    status: 'on_track',
    leads: [],
    strands: [],
    criteria: [],
    ...overrides,
  };
}

describe('comparePlans', () => {
  it('finds what was added, removed, completed and slipped', () => {
    const before = [action('1.1'), action('1.2'), action('1.3'), action('1.4')];
    const after = [
      action('1.1', { status: 'completed' }),
      action('1.2', { targetText: 'June 2027', targetEnd: '2027-06-30' }),
      action('1.3', { status: 'at_risk' }),
      action('1.5'),
    ];
    const result = comparePlans(before, after);
    expect(result.added.map((a) => a.reference)).toEqual(['1.5']);
    expect(result.removed.map((a) => a.reference)).toEqual(['1.4']);
    expect(result.completed.map((p) => p.after.reference)).toEqual(['1.1']);
    expect(result.slipped.map((p) => p.after.reference)).toEqual(['1.2']);
    expect(result.statusChanged.map((p) => p.after.reference)).toEqual(['1.3']);
  });

  const arbitraryPlan = fc
    .uniqueArray(
      fc.record({
        reference: fc.constantFrom('1.1', '1.2', '1.3', '2.1', '2.2', '3.1'),
        status: fc.constantFrom(...STATUSES),
        targetEnd: fc.option(fc.constantFrom('2026-12-31', '2027-06-30', '2028-01-31')),
      }),
      { selector: (value) => value.reference },
    )
    .map((items) =>
      items.map((item) => action(item.reference, { status: item.status, targetEnd: item.targetEnd })),
    );

  it('finds no change between a version and itself (property)', () => {
    fc.assert(
      fc.property(arbitraryPlan, (plan) => {
        expect(isUnchanged(comparePlans(plan, plan))).toBe(true);
      }),
    );
  });

  it('mirrors additions and removals when the versions are swapped (property)', () => {
    fc.assert(
      fc.property(arbitraryPlan, arbitraryPlan, (a, b) => {
        const forward = comparePlans(a, b);
        const backward = comparePlans(b, a);
        expect(forward.added.map((x) => x.reference).sort()).toEqual(
          backward.removed.map((x) => x.reference).sort(),
        );
        expect(forward.removed.map((x) => x.reference).sort()).toEqual(
          backward.added.map((x) => x.reference).sort(),
        );
        // Every action is accounted for: kept, added or removed.
        const kept = b.filter((x) => a.some((y) => y.reference === x.reference)).length;
        expect(kept + forward.added.length).toBe(b.length);
      }),
    );
  });
});
