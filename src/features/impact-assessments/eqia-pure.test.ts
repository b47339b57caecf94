import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cumulativeMatrix, missingBeforeReview, type AssessmentContent, type Impact } from './eqia-checks.ts';
import { aimsFor, defaultTemplate, NATURES, screen, SEVERITIES, withLocalExtras } from './eqia-template.ts';
import { adverseImpacts, publicName, readableAssessment } from './eqia-readable.ts';

const template = defaultTemplate();
const allNo = Object.fromEntries(template.screening.map((question) => [question.id, false]));

describe('screening', () => {
  it('needs a full assessment at the threshold, or on a decisive yes, and not before every answer', () => {
    expect(screen(template, allNo)).toMatchObject({ score: 0, fullNeeded: false, unanswered: [] });
    expect(screen(template, { ...allNo, affectsPeople: true, differentNeeds: true })).toMatchObject({
      score: 4,
      fullNeeded: true,
      decidedBy: ['affectsPeople', 'differentNeeds'],
    });
    expect(screen(template, { ...allNo, largeBudget: true }).fullNeeded).toBe(false);
    expect(screen(template, { ...allNo, reducesAccess: true }).fullNeeded).toBe(true);
    expect(screen(template, { affectsPeople: true }).unanswered).toHaveLength(template.screening.length - 1);
  });

  it('never lowers the score, or undoes the need, when one more answer turns to yes', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }), fc.nat(6), (answers, flip) => {
        const before = Object.fromEntries(template.screening.map((q, i) => [q.id, answers[i]!]));
        const after = { ...before, [template.screening[flip]!.id]: true };
        const [a, b] = [screen(template, before), screen(template, after)];
        expect(b.score).toBeGreaterThanOrEqual(a.score);
        if (a.fullNeeded) expect(b.fullNeeded).toBe(true);
        expect(a.score).toBeLessThanOrEqual(a.outOf);
      }),
    );
  });

  it('keeps the nine protected characteristics whatever local extras are chosen, in a new version', () => {
    const next = withLocalExtras(template, ['armed-forces', 'rurality', 'not-an-extra'], 5);
    expect(next.version).toBe(2);
    expect(next.threshold).toBe(5);
    expect(next.characteristics.filter((one) => one.protected)).toHaveLength(9);
    expect(next.characteristics.filter((one) => !one.protected).map((one) => one.id)).toEqual([
      'armed-forces',
      'rurality',
    ]);
    expect(aimsFor({ id: 'marriage' })).toEqual(['eliminate']);
    expect(aimsFor({ id: 'disability' })).toHaveLength(3);
  });
});

describe('what is missing before review', () => {
  const full: AssessmentContent = {
    template,
    screening: { ...allNo, affectsPeople: true, changesService: true },
    screeningReason: '',
    impacts: Object.fromEntries(
      template.characteristics.map((one) => [
        one.id,
        { nature: 'neutral', severity: null, evidence: '' } as Impact,
      ]),
    ),
    aims: { advance: 'Longer opening hours help carers.' },
    outcome: 'adjust',
    outcomeReason: 'Opening hours kept on Saturdays.',
  };

  it('asks for nothing when everything is there', () => expect(missingBeforeReview(full)).toEqual([]));

  it('asks for evidence and severity of an adverse impact, an outcome’s reason, and a screening answer', () => {
    const missing = missingBeforeReview({
      ...full,
      screening: { ...full.screening, largeBudget: undefined as unknown as boolean },
      impacts: { ...full.impacts, disability: { nature: 'negative', severity: null, evidence: '' } },
      outcomeReason: ' ',
    });
    expect(missing.map((one) => one.key)).toEqual([
      'eqia.missing.screening',
      'eqia.missing.evidence',
      'eqia.missing.outcomeReason',
    ]);
  });

  it('needs only a reason, and an outcome, when screening finds no full assessment is needed', () => {
    const screenedOut = { ...full, screening: allNo, impacts: {}, aims: {}, outcome: 'no_change' as const };
    expect(missingBeforeReview(screenedOut).map((one) => one.key)).toEqual(['eqia.missing.screeningReason']);
    expect(missingBeforeReview({ ...screenedOut, screeningReason: 'A change of supplier only.' })).toEqual(
      [],
    );
  });
});

describe('the cumulative impact matrix', () => {
  const impact = (nature: Impact['nature'], severity: Impact['severity'] = null): Impact => ({
    nature,
    severity,
    evidence: 'x',
  });

  it('shows where adverse impacts pile up, the heaviest first', () => {
    const matrix = cumulativeMatrix(
      ['disability', 'age', 'race'],
      [
        {
          id: 'a',
          title: 'Close a day centre',
          impacts: { disability: impact('negative', 'high'), age: impact('negative', 'low') },
        },
        {
          id: 'b',
          title: 'Cut bus subsidy',
          impacts: { disability: impact('negative', 'medium'), age: impact('negative') },
        },
        {
          id: 'c',
          title: 'New library',
          impacts: { disability: impact('positive'), race: impact('neutral') },
        },
      ],
    );
    expect(matrix.columns.map((column) => [column.characteristic, column.adverse, column.weight])).toEqual([
      ['disability', 2, 5],
      ['age', 2, 3],
      ['race', 0, 0],
    ]);
    expect(matrix.hotspots.map((spot) => spot.characteristic)).toEqual(['disability', 'age']);
    expect(matrix.rows[2]!.cells[0]).toEqual({ nature: 'positive', severity: null });
    expect(matrix.rows[0]!.cells[2]).toEqual({ nature: null, severity: null });
  });

  it('counts each adverse impact once, in its own column, for any programme', () => {
    const characteristics = ['age', 'disability', 'sex', 'race'];
    const arbitraryImpact = fc.record({
      nature: fc.constantFrom(...NATURES),
      severity: fc.option(fc.constantFrom(...SEVERITIES), { nil: null }),
      evidence: fc.constant(''),
    });
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(fc.constantFrom(...characteristics), arbitraryImpact), { maxLength: 30 }),
        (impacts) => {
          const matrix = cumulativeMatrix(
            characteristics,
            impacts.map((one, index) => ({ id: String(index), title: `P${index}`, impacts: one })),
          );
          const adverse = impacts.reduce(
            (sum, one) => sum + Object.values(one).filter((value) => value.nature === 'negative').length,
            0,
          );
          expect(matrix.columns.reduce((sum, column) => sum + column.adverse, 0)).toBe(adverse);
          for (const column of matrix.columns) {
            expect(column.weight).toBeGreaterThanOrEqual(column.adverse);
            expect(column.weight).toBeLessThanOrEqual(3 * column.adverse);
          }
          expect(matrix.hotspots.every((spot) => spot.adverse >= 2)).toBe(true);
        },
      ),
    );
  });
});

describe('an assessment as the public reads it', () => {
  it('names people without the email address an audit label carries', () => {
    expect(publicName('Priya Shah (equality.lead@demo-district.example)')).toBe('Priya Shah');
    expect(publicName('Disability Advisory Group')).toBe('Disability Advisory Group');
    expect(publicName('Jo Bloggs (Carers’ Forum)')).toBe('Jo Bloggs (Carers’ Forum)');
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((name) => !/[()@]/.test(name)),
        fc.emailAddress(),
        (name, email) => !publicName(`${name} (${email})`).includes('@'),
      ),
    );
  });

  it('keeps every characteristic of its template, in order, and only the aims written', () => {
    const template = defaultTemplate();
    const readable = readableAssessment(
      {
        id: 'a',
        programmeId: null,
        title: 'T',
        service: '',
        leadOfficer: '',
        description: '',
        affected: '',
        decisionBody: '',
        areaCode: null,
        monitoredServiceId: null,
        template,
        screening: {},
        screeningReason: '',
        impacts: { disability: { nature: 'negative', severity: 'high', evidence: 'E' } },
        aims: { foster: 'F' },
        consultation: '',
        outcome: null,
        outcomeReason: '',
        reviewOn: null,
        status: 'draft',
        approvedByLabel: null,
        approvedAt: null,
        createdAt: new Date(),
        createdByLabel: 'x',
        version: 1,
      },
      { areaName: null, mitigations: [] },
    );
    expect(readable.impacts.map((one) => one.characteristic)).toEqual(
      template.characteristics.map((one) => one.id),
    );
    expect(readable.screening).toBeNull();
    expect(readable.aims).toEqual([{ aim: 'foster', text: 'F' }]);
    expect(adverseImpacts(readable)).toEqual([
      { characteristic: 'disability', nature: 'negative', severity: 'high', evidence: 'E' },
    ]);
  });
});
