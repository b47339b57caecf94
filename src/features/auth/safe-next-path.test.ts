import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasControlCharacter } from '../../platform/control-characters.ts';
import { safeNextPath } from './auth.schema.ts';

const ORIGIN = 'https://equalis.example.gov.uk';

describe('safeNextPath', () => {
  it('keeps ordinary paths, with their query and fragment', () => {
    expect(safeNextPath('/plan?status=overdue#list')).toBe('/plan?status=overdue#list');
    expect(safeNextPath('/assessments/1/criteria/2.3.2')).toBe('/assessments/1/criteria/2.3.2');
  });

  it.each([
    '//evil.example/',
    '/\t/evil.example',
    '/%09/evil.example'.replace('%09', '\t'),
    '/\\evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    ' /plan',
    '/plan\u0000',
  ])('refuses %j', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });

  it('whatever it is given, a browser following the result stays on this site', () => {
    const tricky = fc.constantFrom(
      '/',
      '\\',
      '\t',
      '\n',
      '\r',
      ' ',
      '.',
      ':',
      '@',
      '%',
      '?',
      '#',
      'evil.example',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(tricky, fc.string()), { maxLength: 8 }), (parts) => {
        const next = safeNextPath(parts.join(''));
        expect(hasControlCharacter(next, { allowLineBreaksAndTabs: false })).toBe(false);
        expect(new URL(next, ORIGIN).origin).toBe(ORIGIN);
      }),
      { numRuns: 2000 },
    );
  });
});
