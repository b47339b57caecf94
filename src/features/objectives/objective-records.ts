import { insidersListSource, type RecordTypeSource } from '../../thread/record-registry.ts';
import type { ObjectivesService } from './objectives.service.ts';

const STATUS_TAGS = {
  draft: { key: 'objectives.form.draft', colour: 'grey' },
  active: { key: 'objectives.form.active', colour: 'blue' },
  achieved: { key: 'objectives.form.achieved', colour: 'green' },
  withdrawn: { key: 'objectives.form.withdrawn', colour: 'grey' },
} as const;

/** Equality objectives on the golden thread: insiders see them; peer assessors do not. */
export function objectiveRecords(objectives: Pick<ObjectivesService, 'list'>): RecordTypeSource {
  return insidersListSource('objective', async (organisationId) =>
    (await objectives.list(organisationId)).map((objective) => ({
      id: objective.id,
      title: objective.title,
      label: objective.reference
        ? { key: 'thread.label.objectiveRef', values: { reference: objective.reference } }
        : { key: 'thread.label.objective', values: {} as Record<string, string> },
      href: `/objectives/${objective.id}`,
      tag: STATUS_TAGS[objective.status],
    })),
  );
}
