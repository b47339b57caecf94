import type { Db } from '../db/connect.ts';
import type { RecordLinksRepo } from './record-links.repo.ts';
import type { RecordType } from './record-types.ts';

/**
 * The plan's actions joined to each of some records of one type (a finding's response actions,
 * an assessment's mitigations), by the record's id. One query for the links; the actions are
 * listed only when there is a link, through `listActions` (the action plan's own list, so its
 * statuses are the plan's).
 */
export async function actionsLinkedTo<A extends { id: string }>(
  db: Db,
  links: Pick<RecordLinksRepo, 'touching'>,
  organisationId: string,
  type: RecordType,
  ids: readonly string[],
  listActions: () => Promise<readonly A[]>,
): Promise<Map<string, A[]>> {
  const stored = await links.touching(
    db,
    organisationId,
    ids.map((id) => ({ type, id })),
  );
  const byRecord = new Map<string, A[]>();
  if (stored.length === 0) return byRecord;
  const actions = new Map((await listActions()).map((action) => [action.id, action]));
  for (const link of stored) {
    const action = link.from.type === 'action' ? actions.get(link.from.id) : undefined;
    if (!action || link.to.type !== type) continue;
    byRecord.set(link.to.id, [...(byRecord.get(link.to.id) ?? []), action]);
  }
  return byRecord;
}
