import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../platform/roles.ts';
import { planPolicy } from './action-plan.policy.ts';

describe('who may do what to the plan', () => {
  it('lets leads change the plan, and no one else', () => {
    expect(ROLES.filter((role) => planPolicy.mayChangePlan({ userId: 'u', role }))).toEqual([
      'admin',
      'equality_lead',
    ]);
  });

  it('lets a contributor post progress only on the actions they lead; leads on any; others on none', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ROLES),
        fc.uuid(),
        fc.array(fc.option(fc.uuid(), { nil: null }), { maxLength: 4 }),
        fc.boolean(),
        (role, userId, otherLeads, leadsIt) => {
          const action = {
            leads: [...otherLeads, ...(leadsIt ? [userId] : [])].map((id) => ({ userId: id })),
          };
          const allowed = planPolicy.mayPostProgress({ userId, role }, action);
          const expected =
            role === 'admin' || role === 'equality_lead'
              ? true
              : role === 'contributor'
                ? leadsIt || otherLeads.includes(userId)
                : false;
          expect(allowed).toBe(expected);
        },
      ),
    );
    // An unlinked lead row (a name with no account) never lets anyone in.
    expect(
      planPolicy.mayPostProgress({ userId: null, role: 'contributor' }, { leads: [{ userId: null }] }),
    ).toBe(false);
  });
});
