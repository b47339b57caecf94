import { insidersListSource, type RecordTypeSource } from '../../thread/record-registry.ts';
import type { GroupsService } from './groups.service.ts';

/** Equality groups (staff networks, forums) on the golden thread: what they oversee. */
export function groupRecords(groups: Pick<GroupsService, 'list'>): RecordTypeSource {
  return insidersListSource('group', async (organisationId) =>
    (await groups.list(organisationId)).map((group) => ({
      id: group.id,
      title: group.name,
      href: `/groups/${group.id}`,
    })),
  );
}
