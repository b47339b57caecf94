import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionStatus, groupStatus, STATUSES, ukToday, type StatusInput } from './action-status.ts';

const TODAY = '2026-11-22';

describe('actionStatus', () => {
  it.each<[string, StatusInput, string]>([
    [
      'completed in the plan',
      { targetKind: 'completed', targetEnd: null, latestProgress: null },
      'completed',
    ],
    [
      'marked complete in progress',
      {
        targetKind: 'date',
        targetEnd: '2020-01-31',
        latestProgress: { state: 'completed', percentComplete: 100 },
      },
      'completed',
    ],
    [
      'past its date',
      {
        targetKind: 'date',
        targetEnd: '2026-10-31',
        latestProgress: { state: 'on_track', percentComplete: 90 },
      },
      'overdue',
    ],
    [
      'due soon and barely started',
      {
        targetKind: 'date',
        targetEnd: '2026-12-10',
        latestProgress: { state: 'on_track', percentComplete: 20 },
      },
      'at_risk',
    ],
    [
      'due soon and nearly done',
      {
        targetKind: 'date',
        targetEnd: '2026-12-10',
        latestProgress: { state: 'on_track', percentComplete: 80 },
      },
      'on_track',
    ],
    [
      'flagged at risk by its owner',
      { targetKind: 'ongoing', targetEnd: null, latestProgress: { state: 'at_risk', percentComplete: null } },
      'at_risk',
    ],
    [
      'far off with no progress yet',
      { targetKind: 'date', targetEnd: '2027-09-30', latestProgress: null },
      'not_started',
    ],
    [
      'on-going with progress',
      {
        targetKind: 'ongoing',
        targetEnd: null,
        latestProgress: { state: 'on_track', percentComplete: null },
      },
      'on_track',
    ],
    [
      'due today',
      { targetKind: 'date', targetEnd: TODAY, latestProgress: { state: 'on_track', percentComplete: 60 } },
      'on_track',
    ],
  ])('%s', (_, input, expected) => {
    expect(actionStatus(input, TODAY)).toBe(expected);
  });

  const input = fc.record({
    targetKind: fc.constantFrom('date', 'range', 'ongoing', 'completed', 'none') as fc.Arbitrary<
      StatusInput['targetKind']
    >,
    targetEnd: fc.option(
      fc
        .integer({ min: -400, max: 400 })
        .map((days) =>
          new Date(Date.parse(`${TODAY}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10),
        ),
    ),
    latestProgress: fc.option(
      fc.record({
        state: fc.constantFrom('on_track', 'at_risk', 'completed') as fc.Arbitrary<
          'on_track' | 'at_risk' | 'completed'
        >,
        percentComplete: fc.option(fc.integer({ min: 0, max: 100 })),
      }),
    ),
  });

  it('never calls anything with a passed deadline on track, unless it is complete (property)', () => {
    fc.assert(
      fc.property(input, (value) => {
        const status = actionStatus(value, TODAY);
        expect(STATUSES).toContain(status);
        const passed =
          (value.targetKind === 'date' || value.targetKind === 'range') &&
          value.targetEnd !== null &&
          value.targetEnd < TODAY;
        const complete = value.targetKind === 'completed' || value.latestProgress?.state === 'completed';
        if (complete) expect(status).toBe('completed');
        else if (passed) expect(status).toBe('overdue');
        else expect(status).not.toBe('overdue');
      }),
    );
  });
});

describe('groupStatus', () => {
  it('is complete only when every part is, and otherwise shows the worst part (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...STATUSES), { minLength: 1, maxLength: 8 }), (children) => {
        const status = groupStatus(children);
        expect(status === 'completed').toBe(children.every((c) => c === 'completed'));
        if (children.includes('overdue')) expect(status).toBe('overdue');
        else if (children.includes('at_risk') && status !== 'completed') expect(status).toBe('at_risk');
      }),
    );
  });
});

describe('ukToday', () => {
  it('uses the UK calendar day, not UTC', () => {
    expect(ukToday(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(ukToday(new Date('2026-11-22T23:30:00Z'))).toBe('2026-11-22');
  });
});
