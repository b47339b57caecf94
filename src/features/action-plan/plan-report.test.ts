import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATUSES } from './action-status.ts';
import { buildCommitteeReport } from './plan-report.ts';
import type { VersionAction } from './plan-versions.ts';

function action(reference: string, overrides: Partial<VersionAction> = {}): VersionAction {
  return {
    reference,
    parentReference: null,
    area: 'Workforce',
    text: reference,
    targetText: '',
    targetEnd: null,
    status: 'on_track',
    leads: [],
    strands: [],
    criteria: [],
    ...overrides,
  };
}

describe('buildCommitteeReport', () => {
  it('counts work items (not group headings), lists exceptions and what was completed since last time', () => {
    const previous = [action('1.1', { status: 'on_track' }), action('1.2', { status: 'completed' })];
    const current = [
      action('1.1', { status: 'completed' }),
      action('1.2', { status: 'completed' }),
      action('2.1', { area: 'Services', status: 'overdue' }),
      action('2.2', { area: 'Services', status: 'not_started' }),
      action('2.2a', { area: 'Services', parentReference: '2.2', status: 'at_risk' }),
    ];
    const report = buildCommitteeReport(
      { label: 'Autumn', snapshot: current },
      { label: 'Spring', snapshot: previous },
    );
    expect(report.totals).toMatchObject({ all: 4, completed: 2, overdue: 1, at_risk: 1, not_started: 0 });
    expect(report.byArea.map((row) => [row.area, row.counts.all])).toEqual([
      ['Workforce', 2],
      ['Services', 2],
    ]);
    expect(report.overdue.map((a) => a.reference)).toEqual(['2.1']);
    expect(report.atRisk.map((a) => a.reference)).toEqual(['2.2a']);
    expect(report.completedSince.map((a) => a.reference)).toEqual(['1.1']);
  });

  it('adds up: areas sum to the totals and statuses sum to all (property)', () => {
    const arbitrary = fc.uniqueArray(
      fc.record({
        reference: fc.integer({ min: 1, max: 60 }).map(String),
        status: fc.constantFrom(...STATUSES),
        area: fc.constantFrom('A', 'B', 'C'),
      }),
      { selector: (value) => value.reference },
    );
    fc.assert(
      fc.property(arbitrary, (items) => {
        const report = buildCommitteeReport(
          { label: 'v', snapshot: items.map((item) => action(item.reference, item)) },
          null,
        );
        expect(report.byArea.reduce((sum, row) => sum + row.counts.all, 0)).toBe(report.totals.all);
        expect(STATUSES.reduce((sum, status) => sum + report.totals[status], 0)).toBe(report.totals.all);
        expect(report.totals.all).toBe(items.length);
      }),
    );
  });
});
