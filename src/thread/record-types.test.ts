import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../platform/roles.ts';
import {
  formatRecordRef,
  LINK_KINDS,
  linkablesOf,
  linkKindOf,
  parseRecordRef,
  RECORD_TYPES,
  sectionOf,
  type LinkKindName,
} from './record-types.ts';
import { threadPolicy } from './thread.policy.ts';

describe('record references', () => {
  it('read back what they wrote, whatever the id (composite ids hold colons)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RECORD_TYPES),
        fc.string({ minLength: 1, maxLength: 300 }),
        (type, id) => {
          expect(parseRecordRef(formatRecordRef({ type, id }))).toEqual({ type, id });
        },
      ),
    );
  });

  it('refuse anything that is not a known type with an id', () => {
    for (const text of [
      '',
      ':',
      'action',
      'action:',
      'thing:1',
      ':1',
      'Action:1',
      `action:${'x'.repeat(301)}`,
    ])
      expect(parseRecordRef(text), text).toBeUndefined();
    expect(parseRecordRef('criterion:eflg-2021:Domain 1: 1A')).toEqual({
      type: 'criterion',
      id: 'eflg-2021:Domain 1: 1A',
    });
  });
});

describe('link kinds', () => {
  it('give each pair of record types at most one kind, in one direction only', () => {
    for (const from of RECORD_TYPES)
      for (const to of RECORD_TYPES) {
        const kinds = (Object.keys(LINK_KINDS) as LinkKindName[]).filter(
          (kind) =>
            (LINK_KINDS[kind].from as readonly string[]).includes(from) &&
            (LINK_KINDS[kind].to as readonly string[]).includes(to),
        );
        expect(kinds.length, `${from} → ${to}`).toBeLessThanOrEqual(1);
        if (kinds.length) expect(linkKindOf(to, from), `${to} → ${from}`).toBeUndefined();
        expect(linkKindOf(from, to)).toBe(kinds[0]);
      }
  });

  it('offer from each record every link it can take, seen from its own end', () => {
    expect(linkablesOf('action')).toEqual(
      expect.arrayContaining([
        { kind: 'delivers', other: 'objective', asSource: true },
        { kind: 'addresses', other: 'assessment-criterion', asSource: true },
        { kind: 'shows', other: 'evidence', asSource: false },
        { kind: 'oversees', other: 'group', asSource: false },
      ]),
    );
    expect(sectionOf('delivers', true)).toBe('why');
    expect(sectionOf('delivers', false)).toBe('delivery');
    expect(sectionOf('supports', false)).toBe('proof');
    expect(sectionOf('oversees', false)).toBe('oversight');
  });

  it('let only the leads plan (objectives, criteria, groups), and anyone who adds evidence link it', () => {
    const allowed = (kind: LinkKindName) =>
      ROLES.filter((role) => threadPolicy.mayChangeLink({ userId: null, role }, kind));
    expect(allowed('delivers')).toEqual(['admin', 'equality_lead']);
    expect(allowed('addresses')).toEqual(['admin', 'equality_lead']);
    expect(allowed('oversees')).toEqual(['admin', 'equality_lead']);
    expect(allowed('supports')).toEqual(['admin', 'equality_lead', 'contributor']);
    expect(allowed('shows')).toEqual(['admin', 'equality_lead', 'contributor']);
  });
});
