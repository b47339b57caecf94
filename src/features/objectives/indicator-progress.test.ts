import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indicatorProgress } from './indicator-progress.ts';

describe('an indicator’s progress towards its target', () => {
  it('reads up and down targets alike', () => {
    expect(indicatorProgress(0.1, 0.15, 0.2).status).toBe('towards');
    expect(indicatorProgress(0.1, 0.15, 0.2).covered).toBeCloseTo(0.5);
    expect(indicatorProgress(0.3, 0.25, 0.2).covered).toBeCloseTo(0.5);
    expect(indicatorProgress(0.1, 0.05, 0.2)).toEqual({ status: 'away', covered: 0 });
    expect(indicatorProgress(0.1, 0.2, 0.2)).toEqual({ status: 'met', covered: 1 });
    expect(indicatorProgress(0.1, 0.1, 0.2)).toEqual({ status: 'unchanged', covered: 0 });
    expect(indicatorProgress(null, 0.1, 0.2)).toEqual({ status: 'no-baseline', covered: null });
    expect(indicatorProgress(0.1, null, 0.2)).toEqual({ status: 'no-data', covered: null });
  });

  it('never says more than the whole way, and mirrors when target and baseline swap sides', () => {
    // Shares to a tenth of a percentage point, as published figures are.
    const share = fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000);
    fc.assert(
      fc.property(share, share, share, (baseline, latest, target) => {
        const forward = indicatorProgress(baseline, latest, target);
        if (forward.covered !== null) expect(forward.covered).toBeGreaterThanOrEqual(0);
        if (forward.covered !== null) expect(forward.covered).toBeLessThanOrEqual(1);
        const mirrored = indicatorProgress(1 - baseline, 1 - latest, 1 - target);
        expect(mirrored.status).toBe(forward.status);
      }),
    );
  });
});
