import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findLinkedTo, parseCriteriaRefs, parseLeads, parseStrands, parseTarget } from './plan-fields.ts';
import { MONTH_NAMES } from './plan-fields.ts';

describe('parseTarget', () => {
  it.each([
    ['September 2010', { kind: 'date', end: '2010-09-30', precision: 'month' }],
    ['February 2012', { kind: 'date', end: '2012-02-29', precision: 'month' }],
    ['Sept 2010', { kind: 'date', end: '2010-09-30', precision: 'month' }],
    ['30/09/2010', { kind: 'date', end: '2010-09-30', precision: 'day' }],
    ['1 April 2011', { kind: 'date', end: '2011-04-01', precision: 'day' }],
    ['April 2010 – April 2011', { kind: 'range', start: '2010-04-01', end: '2011-04-30' }],
    ['April 2010 - April 2011', { kind: 'range', start: '2010-04-01', end: '2011-04-30' }],
    ['On-going', { kind: 'ongoing' }],
    ['Ongoing', { kind: 'ongoing' }],
    ['Completed', { kind: 'completed', completedOn: null }],
    ['Completed March 2010', { kind: 'completed', completedOn: '2010-03-31' }],
    ['', { kind: 'none' }],
  ])('reads "%s"', (text, expected) => {
    const result = parseTarget(text);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toMatchObject(expected);
  });

  it.each(['Soon', '31/02/2010', 'Smarch 2010', 'April 2011 – April 2010'])(
    'reports "%s" as a problem',
    (text) => {
      const result = parseTarget(text);
      expect(result.ok).toBe(false);
    },
  );

  it('reads any month and year as the last day of that month, keeping the text (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1950, max: 2100 }), (month, year) => {
        const text = `${MONTH_NAMES[month]} ${year}`;
        const result = parseTarget(text);
        expect(result.ok).toBe(true);
        if (!result.ok || result.value.kind !== 'date') return;
        expect(result.value.text).toBe(text);
        const end = new Date(`${result.value.end}T00:00:00Z`);
        expect(end.getUTCMonth()).toBe(month);
        expect(new Date(end.getTime() + 86_400_000).getUTCDate()).toBe(1); // the next day starts a month
      }),
    );
  });

  it('reads any ordered pair of months as a range that starts before it ends (property)', () => {
    const monthYear = fc.tuple(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 2000, max: 2040 }));
    fc.assert(
      fc.property(monthYear, monthYear, ([m1, y1], [m2, y2]) => {
        const result = parseTarget(`${MONTH_NAMES[m1]} ${y1} – ${MONTH_NAMES[m2]} ${y2}`);
        const ordered = y1 * 12 + m1 <= y2 * 12 + m2;
        expect(result.ok).toBe(ordered);
        if (result.ok && result.value.kind === 'range')
          expect(result.value.start < result.value.end).toBe(true);
      }),
    );
  });
});

describe('parseStrands', () => {
  it('splits "R A SO D F&B" into five strands', () => {
    expect(parseStrands('R A SO D F&B')).toEqual({
      ok: true,
      value: ['race', 'age', 'sexual_orientation', 'disability', 'religion_belief'],
    });
  });

  it('reads All, single codes and blanks', () => {
    expect(parseStrands('All')).toEqual({ ok: true, value: ['all'] });
    expect(parseStrands('G')).toEqual({ ok: true, value: ['sex'] });
    expect(parseStrands('R D')).toEqual({ ok: true, value: ['race', 'disability'] });
    expect(parseStrands('  ')).toEqual({ ok: true, value: [] });
  });

  it('reports unknown codes by name rather than dropping them', () => {
    expect(parseStrands('R XYZ')).toEqual({ ok: false, problem: 'unknown equality strand "XYZ"' });
  });

  it('gives the same set whatever order and case the codes come in (property)', () => {
    const codes = ['R', 'A', 'SO', 'D', 'F&B', 'G', 'GR', 'C'];
    fc.assert(
      fc.property(fc.shuffledSubarray(codes, { minLength: 1 }), fc.boolean(), (subset, lower) => {
        const text = subset.map((code) => (lower ? code.toLowerCase() : code)).join(' ');
        const result = parseStrands(text);
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.value.length).toBe(subset.length);
      }),
    );
  });
});

describe('parseCriteriaRefs', () => {
  it('keeps references exactly as written', () => {
    expect(parseCriteriaRefs('1.10 2.10 3.10')).toEqual({ ok: true, value: ['1.10', '2.10', '3.10'] });
    expect(parseCriteriaRefs('')).toEqual({ ok: true, value: [] });
    expect(parseCriteriaRefs('1.2 see note').ok).toBe(false);
  });

  it('round-trips any list of references (property)', () => {
    const ref = fc
      .tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 40 }))
      .map(([a, b]) => `${a}.${b}`);
    fc.assert(
      fc.property(fc.array(ref, { maxLength: 10 }), (refs) => {
        expect(parseCriteriaRefs(refs.join(' '))).toEqual({ ok: true, value: refs });
      }),
    );
  });
});

describe('parseLeads', () => {
  it('splits on "/" and separates people from teams', () => {
    expect(parseLeads('Jane Harris/ Stephen Barker')).toEqual([
      { name: 'Jane Harris', team: null },
      { name: 'Stephen Barker', team: null },
    ]);
    expect(parseLeads('Jane Harris/ South Somerset District Council (Jo Morgan)')).toEqual([
      { name: 'Jane Harris', team: null },
      { name: 'Jo Morgan', team: 'South Somerset District Council' },
    ]);
    expect(parseLeads('Lucy Macready (Community Safety)')).toEqual([
      { name: 'Lucy Macready', team: 'Community Safety' },
    ]);
    expect(parseLeads('Performance and Planning Group Jane Harris/ Tom Rutland')).toEqual([
      { name: 'Jane Harris', team: 'Performance and Planning Group' },
      { name: 'Tom Rutland', team: null },
    ]);
    expect(parseLeads('Corporate Procurement Unit')).toEqual([
      { name: 'Corporate Procurement Unit', team: null },
    ]);
  });
});

describe('findLinkedTo', () => {
  it('finds a link written into the text', () => {
    expect(findLinkedTo('Support VCS events. Linked to Community Cohesion Action 1.4')).toBe(
      'Community Cohesion Action 1.4',
    );
    expect(findLinkedTo('No link here.')).toBeNull();
  });
});

describe('targets as councils write them', () => {
  const read = (text: string) => parseTarget(text);
  it.each([
    ['Q2 2010/11', { kind: 'range', start: '2010-07-01', end: '2010-09-30' }],
    ['Q4 2010/11', { kind: 'range', start: '2011-01-01', end: '2011-03-31' }],
    ['Q1 2026/2027', { kind: 'range', start: '2026-04-01', end: '2026-06-30' }],
    ['2010/11', { kind: 'range', start: '2010-04-01', end: '2011-03-31' }],
    ['by end of 2011/12', { kind: 'range', start: '2011-04-01', end: '2012-03-31' }],
    ['By the end of March 2011', { kind: 'date', end: '2011-03-31' }],
    ['Aug-10', { kind: 'date', end: '2010-08-31' }],
    ['Sept 10', { kind: 'date', end: '2010-09-30' }],
    ['Mar-2011', { kind: 'date', end: '2011-03-31' }],
    ['Sept 2010', { kind: 'date', end: '2010-09-30' }],
    ['30/09/2010', { kind: 'date', end: '2010-09-30' }],
    ['w/c 4 May 2026', { kind: 'range', start: '2026-05-04', end: '2026-05-10' }],
    ['Completed (March 2010)', { kind: 'completed', completedOn: '2010-03-31' }],
    ['Annually', { kind: 'ongoing' }],
    ['Quarterly', { kind: 'ongoing' }],
    ['Ongoing - annual review', { kind: 'ongoing' }],
    ['40451', { kind: 'date', end: '2010-09-30' }],
  ])('%s', (text, expected) => {
    const result = read(text);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toMatchObject({ ...expected, text });
  });

  it('says what to do with TBC and a week without a year', () => {
    expect(read('TBC')).toEqual({
      ok: false,
      problem: 'the target is "TBC": enter a date, or leave it blank to import the action with no target',
    });
    expect(read('w/c 4 May')).toMatchObject({ ok: false, problem: expect.stringContaining('with the year') });
  });
});

describe('strands and leads as councils write them', () => {
  it.each([
    ['Sexual orientation', ['sexual_orientation']],
    ['Race, Sexual orientation, Disability', ['race', 'sexual_orientation', 'disability']],
    ['Religion or belief', ['religion_belief']],
    ['BME', ['race']],
    ['LGBT+', ['sexual_orientation', 'gender_reassignment']],
    ['Older people; young people', ['age']],
    ['R A SO D F&B', ['race', 'age', 'sexual_orientation', 'disability', 'religion_belief']],
  ])('%s', (text, expected) => {
    expect(parseStrands(text)).toEqual({ ok: true, value: expected });
  });

  it('suggests the nearest strand for a typo', () => {
    expect(parseStrands('Dissability')).toEqual({
      ok: false,
      problem: 'unknown equality strand "Dissability" (did you mean Disability?)',
    });
  });

  it('splits leads at / , ; and new lines, and at "and" only between people', () => {
    expect(parseLeads('Jane Harris, Tom Evans; Priya Shah\nJ. Okafor').map((lead) => lead.name)).toEqual([
      'Jane Harris',
      'Tom Evans',
      'Priya Shah',
      'J. Okafor',
    ]);
    expect(parseLeads('Jane Harris and Tom Evans').map((lead) => lead.name)).toEqual([
      'Jane Harris',
      'Tom Evans',
    ]);
    expect(parseLeads('Policy and Performance Team')).toEqual([
      { name: 'Policy and Performance Team', team: null },
    ]);
    expect(parseLeads('Head of HR & OD')).toEqual([{ name: 'Head of HR & OD', team: null }]);
  });
});
