import { STAFF } from '../../platform/roles.ts';
import type { RecordTypeSource } from '../../thread/record-registry.ts';
import type { GroupsService } from './groups.service.ts';

/** Equality groups (staff networks, forums) on the golden thread: what they oversee. */
export function groupRecords(groups: Pick<GroupsService, 'list'>): RecordTypeSource {
  async function summaries(organisationId: string) {
    return (await groups.list(organisationId)).map((group) => ({
      id: group.id,
      title: group.name,
      href: `/groups/${group.id}`,
    }));
  }
  return {
    type: 'group',
    async describe(organisationId, ids, viewer) {
      if (!STAFF.includes(viewer.role)) return new Map();
      const wanted = new Set(ids);
      return new Map(
        (await summaries(organisationId)).filter((one) => wanted.has(one.id)).map((one) => [one.id, one]),
      );
    },
    candidates: async (organisationId, viewer) =>
      STAFF.includes(viewer.role) ? summaries(organisationId) : [],
  };
}
