import { describe, expect, it } from 'vitest';
import { ROLES, THE_SYSTEM } from '../../platform/roles.ts';
import { evidencePolicy } from './evidence.policy.ts';

describe('who may do what to evidence', () => {
  const mine = { ownerUserId: 'u1' };
  const theirs = { ownerUserId: 'u2' };
  const nobodys = { ownerUserId: null };

  it('lets everyone who works on the programme add evidence, not viewers or assessors', () => {
    expect(ROLES.filter((role) => evidencePolicy.mayAdd({ userId: 'u1', role }))).toEqual([
      'admin',
      'equality_lead',
      'contributor',
    ]);
  });

  it('lets a contributor change only their own items, and the leads any item', () => {
    const contributor = { userId: 'u1', role: 'contributor' as const };
    expect(evidencePolicy.mayChange(contributor, mine)).toBe(true);
    expect(evidencePolicy.mayChange(contributor, theirs)).toBe(false);
    expect(evidencePolicy.mayChange(contributor, nobodys)).toBe(false);
    expect(evidencePolicy.mayChange({ userId: null, role: 'contributor' }, nobodys)).toBe(false);
    for (const role of ['admin', 'equality_lead'] as const)
      expect(evidencePolicy.mayChange({ userId: 'u9', role }, theirs)).toBe(true);
    for (const role of ['viewer', 'assessor'] as const)
      expect(evidencePolicy.mayChange({ userId: 'u1', role }, mine)).toBe(false);
  });

  it('lets the system itself act, said explicitly rather than by a borrowed role', () => {
    expect(evidencePolicy.mayChange(THE_SYSTEM, theirs)).toBe(true);
    expect(evidencePolicy.mayAdd(THE_SYSTEM)).toBe(true);
  });
});
