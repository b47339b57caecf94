import type { Db } from '../../db/connect.ts';

export interface JourneyRow {
  id: string;
  title: string;
  referenceGroup: string;
  groups: string[];
  fileName: string;
  importedAt: Date;
  importedByLabel: string;
}

const columns = [
  'id',
  'title',
  'reference_group as referenceGroup',
  'groups',
  'file_name as fileName',
  'imported_at as importedAt',
  'imported_by_label as importedByLabel',
] as const;

export function createEmployeeJourneysRepo() {
  return {
    async list(db: Db, organisationId: string): Promise<JourneyRow[]> {
      return db
        .selectFrom('employee_journeys')
        .select(columns)
        .where('organisation_id', '=', organisationId)
        .orderBy('imported_at', 'desc')
        .execute();
    },

    async find(db: Db, organisationId: string, id: string): Promise<JourneyRow | undefined> {
      return db
        .selectFrom('employee_journeys')
        .select(columns)
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async counts(db: Db, organisationId: string, journeyId: string) {
      return db
        .selectFrom('employee_journey_counts')
        .select(['position', 'stage', 'out_of as outOf', 'grp as group', 'count'])
        .where('organisation_id', '=', organisationId)
        .where('journey_id', '=', journeyId)
        .orderBy('position')
        .execute();
    },

    async insert(
      db: Db,
      organisationId: string,
      journey: {
        title: string;
        referenceGroup: string;
        groups: string[];
        fileName: string;
        importedByLabel: string;
      },
      counts: { position: number; stage: string; outOf: string | null; group: string; count: number }[],
    ): Promise<string> {
      const row = await db
        .insertInto('employee_journeys')
        .values({
          organisation_id: organisationId,
          title: journey.title,
          reference_group: journey.referenceGroup,
          groups: journey.groups,
          file_name: journey.fileName,
          imported_by_label: journey.importedByLabel,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('employee_journey_counts')
        .values(
          counts.map((one) => ({
            journey_id: row.id,
            organisation_id: organisationId,
            position: one.position,
            stage: one.stage,
            out_of: one.outOf,
            grp: one.group,
            count: one.count,
          })),
        )
        .execute();
      return row.id;
    },
  };
}

export type EmployeeJourneysRepo = ReturnType<typeof createEmployeeJourneysRepo>;
