import { EDITORS, isTheSystem, LEADS, type Asker } from '../../platform/roles.ts';

/**
 * Who may do what to evidence, asked by the item page (which controls to show) and by the
 * service (what to refuse). Anyone who works on the programme may add evidence; an item is then
 * changed, given a new file, withdrawn or restored by its owner or an equality lead — not by any
 * contributor, since withdrawing someone's evidence takes it out of every criterion it supports.
 * Pure; tested beside this file.
 */
export const evidencePolicy = {
  mayAdd(asker: Asker): boolean {
    return isTheSystem(asker) || EDITORS.includes(asker.role);
  },

  mayChange(asker: Asker, item: { ownerUserId: string | null }): boolean {
    if (isTheSystem(asker) || LEADS.includes(asker.role)) return true;
    return asker.role === 'contributor' && asker.userId !== null && item.ownerUserId === asker.userId;
  },
};
