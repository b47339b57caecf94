import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blocksFromRows } from './plan-blocks.ts';
import { importChanges, type CurrentAction } from './plan-import-changes.ts';
import { allActions, parsePlan } from './plan-parser.ts';

const plan = (rows: string[][]) =>
  parsePlan(blocksFromRows([['Area', 'Ref', 'Action', 'Target date'], ...rows]));

/** The plan as Equalis would hold it after importing these rows. */
function held(rows: string[][]): CurrentAction[] {
  return plan(rows).areas.flatMap((area) =>
    area.actions.map((action) => ({
      id: `id-${action.reference}`,
      reference: action.reference,
      parentReference: action.parentReference,
      area: area.title,
      text: action.text,
      targetText: action.target.text,
      leads: '',
      partners: [],
      criteria: [],
      strands: [],
    })),
  );
}

const row = fc.tuple(
  fc.constantFrom('Communities', 'Workforce'),
  fc.constantFrom('March 2027', 'June 2027', 'On-going'),
);

describe('what an import would change', () => {
  it('the same file again changes nothing; every action is matched once', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), (cells) => {
        const rows = cells.map(([area, target], index) => [
          area,
          `1.${index + 1}`,
          `Action number ${index + 1}`,
          target,
        ]);
        const changes = importChanges(held(rows), plan(rows), 'update');
        expect(changes).toMatchObject({ added: [], changed: [], withdrawn: [], unchanged: rows.length });
      }),
    );
  });

  it('counts add up: each current action is changed, unchanged or withdrawn; each file action added or matched', () => {
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 10 }),
        fc.array(row, { minLength: 1, maxLength: 10 }),
        (before, after) => {
          const current = held(
            before.map(([area, target], index) => [area, `1.${index + 1}`, `Action ${index + 1}`, target]),
          );
          const incoming = plan(
            after.map(([area, target], index) => [area, `1.${index + 3}`, `Action ${index + 3}`, target]),
          );
          const changes = importChanges(current, incoming, 'update');
          expect(changes.changed.length + changes.unchanged + changes.withdrawn.length).toBe(current.length);
          expect(changes.added.length + changes.changed.length + changes.unchanged).toBe(
            allActions(incoming).length,
          );
        },
      ),
    );
  });

  it('matches by wording when the reference is new, and says the reference changed', () => {
    const changes = importChanges(
      held([['Communities', '1.1', 'Publish profiles', 'March 2027']]),
      plan([['Communities', '3.4', 'Publish profiles', 'March 2027']]),
      'update',
    );
    expect(changes.changed).toHaveLength(1);
    expect(changes.changed[0]!.fields).toEqual(['reference']);
  });

  it('replace withdraws everything and adds the file; add only adds', () => {
    const current = held([['Communities', '1.1', 'Publish profiles', 'March 2027']]);
    const file = plan([['Communities', '1.1', 'Publish profiles', 'March 2027']]);
    expect(importChanges(current, file, 'replace')).toMatchObject({ withdrawn: current, unchanged: 0 });
    expect(importChanges(current, file, 'replace').added).toHaveLength(1);
    expect(importChanges(current, file, 'add')).toMatchObject({ withdrawn: [], changed: [] });
  });
});
