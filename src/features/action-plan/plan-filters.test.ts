import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filterActions, readFilters, type FilterableAction } from './plan-filters.ts';
import { STATUSES } from './action-status.ts';

const TODAY = '2026-11-22';

function action(overrides: Partial<FilterableAction> = {}): FilterableAction {
  return {
    status: 'on_track',
    strands: ['race'],
    leads: [{ name: 'Priya Shah', userId: 'u1' }],
    areaId: 'a1',
    objectiveIds: [],
    targetEnd: '2027-01-31',
    children: [],
    ...overrides,
  };
}

describe('filterActions', () => {
  it('filters by status, strand (with "All" matching every strand), lead and area', () => {
    const actions = [
      action({ status: 'overdue' }),
      action({ strands: ['all'], leads: [{ name: 'Tom Evans', userId: null }] }),
      action({ strands: ['disability'], areaId: 'a2' }),
    ];
    expect(filterActions(actions, { status: 'overdue' }, TODAY)).toHaveLength(1);
    expect(filterActions(actions, { strand: 'race' }, TODAY)).toHaveLength(2);
    expect(filterActions(actions, { lead: 'u1' }, TODAY)).toHaveLength(2);
    expect(filterActions(actions, { lead: 'tom evans' }, TODAY)).toHaveLength(1);
    expect(filterActions(actions, { areaId: 'a2' }, TODAY)).toHaveLength(1);
  });

  it('filters by objective, keeping a linked group with all its sub-actions', () => {
    const actions = [
      action({ objectiveIds: ['o1'], children: [action(), action()] }),
      action({ objectiveIds: ['o2'] }),
      action(),
    ];
    const kept = filterActions(actions, { objectiveId: 'o1' }, TODAY);
    expect(kept).toHaveLength(1);
    expect(kept[0]?.children).toHaveLength(2);
  });

  it('finds what is due in the next 30 days and not complete', () => {
    const actions = [
      action({ targetEnd: '2026-12-10' }),
      action({ targetEnd: '2026-12-10', status: 'completed' }),
      action({ targetEnd: '2027-03-01' }),
      action({ targetEnd: null }),
    ];
    expect(filterActions(actions, { due: 'soon' }, TODAY)).toHaveLength(1);
  });

  it('keeps a group when one of its sub-actions matches, showing only the matching ones', () => {
    const group = action({
      status: 'on_track',
      children: [action({ status: 'overdue' }), action({ status: 'completed' })],
    });
    const [kept] = filterActions([group], { status: 'overdue' }, TODAY);
    expect(kept?.children).toHaveLength(1);
  });

  it('never returns more than it was given, and no filter returns everything (property)', () => {
    const arbitraryAction = fc.record({
      status: fc.constantFrom(...STATUSES),
      strands: fc.subarray(['all', 'race', 'disability', 'age'] as const),
      leads: fc.constant([{ name: 'Priya Shah', userId: 'u1' }]),
      areaId: fc.constantFrom('a1', 'a2'),
      objectiveIds: fc.constant([]),
      targetEnd: fc.option(fc.constantFrom('2026-11-01', '2026-12-01', '2027-06-01')),
      children: fc.constant([]),
    }) as fc.Arbitrary<FilterableAction>;
    fc.assert(
      fc.property(
        fc.array(arbitraryAction, { maxLength: 20 }),
        fc.constantFrom(...STATUSES),
        (actions, status) => {
          expect(filterActions(actions, {}, TODAY)).toHaveLength(actions.length);
          const filtered = filterActions(actions, { status }, TODAY);
          expect(filtered.length).toBeLessThanOrEqual(actions.length);
          expect(filtered.every((a) => a.status === status)).toBe(true);
        },
      ),
    );
  });
});

describe('readFilters', () => {
  it('reads allowed values, turns lead=me into the user, and ignores nonsense', () => {
    expect(readFilters({ status: 'overdue', strand: 'race', lead: 'me', due: 'soon' }, 'u9')).toEqual({
      status: 'overdue',
      strand: 'race',
      lead: 'u9',
      due: 'soon',
    });
    expect(
      readFilters({ status: 'purple', strand: 'x', area: 'drop table', due: 'yesterday' }, 'u9'),
    ).toEqual({});
  });
});
