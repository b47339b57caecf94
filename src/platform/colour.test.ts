import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contrastRatio, relativeLuminance } from './colour.ts';

const hexColour = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))
  .map(([r, g, b]) => `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`);

describe('WCAG contrast', () => {
  it('matches the published reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    // GOV.UK blue on white is documented as 5.17:1.
    expect(contrastRatio('#1d70b8', '#ffffff')).toBeCloseTo(5.17, 2);
  });

  it('is symmetric and between 1 and 21 (property)', () => {
    fc.assert(
      fc.property(hexColour, hexColour, (a, b) => {
        const ratio = contrastRatio(a, b);
        expect(ratio).toBeCloseTo(contrastRatio(b, a), 10);
        expect(ratio).toBeGreaterThanOrEqual(1);
        expect(ratio).toBeLessThanOrEqual(21);
      }),
    );
  });

  it('has luminance that grows with every channel (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 254 }), (value) => {
        const hex = (v: number) => `#${v.toString(16).padStart(2, '0').repeat(3)}`;
        expect(relativeLuminance(hex(value + 1))).toBeGreaterThan(relativeLuminance(hex(value)));
      }),
    );
  });
});
