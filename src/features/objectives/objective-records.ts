import { STAFF } from '../../platform/roles.ts';
import type { RecordSummary, RecordTypeSource } from '../../thread/record-registry.ts';
import type { ObjectivesService } from './objectives.service.ts';

const STATUS_TAGS = {
  draft: { text: 'Draft', colour: 'grey' },
  active: { text: 'Active', colour: 'blue' },
  achieved: { text: 'Achieved', colour: 'green' },
  withdrawn: { text: 'Withdrawn', colour: 'grey' },
} as const;

/** Equality objectives on the golden thread: insiders see them; peer assessors do not. */
export function objectiveRecords(objectives: Pick<ObjectivesService, 'list'>): RecordTypeSource {
  async function summaries(organisationId: string): Promise<RecordSummary[]> {
    return (await objectives.list(organisationId)).map((objective) => ({
      id: objective.id,
      title: `Objective${objective.reference ? ` ${objective.reference}` : ''}: ${objective.title}`,
      href: `/objectives/${objective.id}`,
      tag: STATUS_TAGS[objective.status],
    }));
  }
  return {
    type: 'objective',
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
