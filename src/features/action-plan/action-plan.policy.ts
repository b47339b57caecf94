import { EDITORS, LEADS, type Person } from '../../platform/roles.ts';

export type { Person };

/**
 * Who may do what to the action plan, in one place: the pages ask it which controls to show and
 * the service asks it what to refuse, so the two can never disagree. Pure; tested beside this file.
 */
export const planPolicy = {
  /** Import, add, change, split, withdraw, publish, connect names to people: the equality leads. */
  mayChangePlan(person: Person): boolean {
    return LEADS.includes(person.role);
  },

  /**
   * Post progress on an action: the leads on any action; a contributor (a lead officer) on the
   * actions they lead. Viewers and assessors read.
   */
  mayPostProgress(person: Person, action: { leads: readonly { userId: string | null }[] }): boolean {
    if (!EDITORS.includes(person.role)) return false;
    if (person.role !== 'contributor') return true;
    return person.userId !== null && action.leads.some((lead) => lead.userId === person.userId);
  },
};
