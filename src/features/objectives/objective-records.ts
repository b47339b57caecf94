import { insidersListSource, type RecordTypeSource } from '../../thread/record-registry.ts';
import type { ObjectivesService } from './objectives.service.ts';

const STATUS_TAGS = {
  draft: { text: 'Draft', colour: 'grey' },
  active: { text: 'Active', colour: 'blue' },
  achieved: { text: 'Achieved', colour: 'green' },
  withdrawn: { text: 'Withdrawn', colour: 'grey' },
} as const;

/** Equality objectives on the golden thread: insiders see them; peer assessors do not. */
export function objectiveRecords(objectives: Pick<ObjectivesService, 'list'>): RecordTypeSource {
  return insidersListSource('objective', async (organisationId) =>
    (await objectives.list(organisationId)).map((objective) => ({
      id: objective.id,
      title: `Objective${objective.reference ? ` ${objective.reference}` : ''}: ${objective.title}`,
      href: `/objectives/${objective.id}`,
      tag: STATUS_TAGS[objective.status],
    })),
  );
}
