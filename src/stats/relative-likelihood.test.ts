import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { relativeLikelihoods, type JourneyStage } from './relative-likelihood.ts';

const stage = (name: string, outOf: string | null, counts: Record<string, number>): JourneyStage => ({
  stage: name,
  outOf,
  counts: new Map(Object.entries(counts)),
});

describe('relative likelihoods along an employee journey', () => {
  it('reads as the WRES does: the reference group’s likelihood over the group’s', () => {
    // White: 200 shortlisted, 50 appointed (0.25); BME: 100 shortlisted, 10 appointed (0.10): 2.5 times as likely.
    const [appointed] = relativeLikelihoods(
      [
        stage('Shortlisted', null, { white: 200, bme: 100 }),
        stage('Appointed', 'Shortlisted', { white: 50, bme: 10 }),
      ],
      'white',
      ['white', 'bme'],
    );
    const bme = appointed!.groups.find((one) => one.group === 'bme')!;
    expect(bme.likelihood).toBeCloseTo(0.1);
    expect(bme.relative!.estimate).toBeCloseTo(2.5);
    expect(bme.relative!.lower).toBeGreaterThan(1);
    expect(bme.reading).toBe('reference more likely');
    expect(appointed!.groups[0]!.relative).toBeNull();
  });

  it('names a stage with more people than the stage it is out of, instead of a ratio', () => {
    const [result] = relativeLikelihoods(
      [stage('Applied', null, { a: 10, b: 5 }), stage('Shortlisted', 'Applied', { a: 4, b: 6 })],
      'a',
      ['a', 'b'],
    );
    expect(result!.impossible).toEqual(['b']);
    expect(result!.groups[1]!.relative).toBeNull();
  });

  it('gives 1 when every group is equally likely, and its interval always holds the estimate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        (base, k1, k2) => {
          const [result] = relativeLikelihoods(
            [
              stage('Before', null, { r: base * k1 * 2, g: base * k2 * 2 }),
              stage('After', 'Before', { r: base * k1, g: base * k2 }),
            ],
            'r',
            ['r', 'g'],
          );
          const relative = result!.groups[1]!.relative!;
          expect(relative.estimate).toBeCloseTo(1, 9);
          expect(relative.lower).toBeLessThanOrEqual(relative.estimate);
          expect(relative.upper).toBeGreaterThanOrEqual(relative.estimate);
        },
      ),
    );
  });
});
