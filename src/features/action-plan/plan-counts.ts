/**
 * One way of counting actions, used by every count Equalis shows (the import, the plan page, the
 * committee report, published versions and the command line): sub-actions count, and a heading
 * that only groups sub-actions does not — it is counted through its parts. Pure.
 */
export const COUNTING_RULE = 'Sub-actions are counted; a heading that only groups sub-actions is not.';

export function countableActions<T extends { reference: string; parentReference: string | null }>(
  actions: readonly T[],
): T[] {
  const parents = new Set(
    actions.map((action) => action.parentReference).filter((reference) => reference !== null),
  );
  return actions.filter((action) => !parents.has(action.reference));
}
