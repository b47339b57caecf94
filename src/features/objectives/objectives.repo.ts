import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { createRecordLinksRepo } from '../../thread/record-links.repo.ts';

const links = createRecordLinksRepo();

export interface ObjectiveRow {
  id: string;
  reference: string | null;
  title: string;
  description: string | null;
  kind: 'organisational' | 'service';
  ways: string[];
  ownerName: string | null;
  periodStart: string | null;
  reviewDue: string | null;
  indicators: string | null;
  criteriaRefs: string[];
  status: 'draft' | 'active' | 'achieved' | 'withdrawn';
  version: number;
}

export interface ObjectiveValues {
  reference: string | null;
  title: string;
  description: string | null;
  kind: 'organisational' | 'service';
  ways: string[];
  ownerName: string | null;
  periodStart: string | null;
  reviewDue: string | null;
  indicators: string | null;
  criteriaRefs: string[];
  status: ObjectiveRow['status'];
}

const columns = [
  'id',
  'reference',
  'title',
  'description',
  'kind',
  'ways',
  'owner_name as ownerName',
  sql<string | null>`to_char(period_start, 'YYYY-MM-DD')`.as('periodStart'),
  sql<string | null>`to_char(review_due, 'YYYY-MM-DD')`.as('reviewDue'),
  'indicators',
  'criteria_refs as criteriaRefs',
  'status',
  'version',
] as const;

function row(values: ObjectiveValues) {
  return {
    reference: values.reference,
    title: values.title,
    description: values.description,
    kind: values.kind,
    ways: JSON.stringify(values.ways),
    owner_name: values.ownerName,
    period_start: values.periodStart,
    review_due: values.reviewDue,
    indicators: values.indicators,
    criteria_refs: values.criteriaRefs,
    status: values.status,
  };
}

export function createObjectivesRepo() {
  return {
    list: (db: Db, organisationId: string): Promise<ObjectiveRow[]> =>
      db
        .selectFrom('objectives')
        .select(columns)
        .where('organisation_id', '=', organisationId)
        .orderBy('kind')
        .orderBy('reference')
        .orderBy('title')
        .execute() as Promise<ObjectiveRow[]>,

    find: (db: Db, organisationId: string, id: string): Promise<ObjectiveRow | undefined> =>
      db
        .selectFrom('objectives')
        .select(columns)
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst() as Promise<ObjectiveRow | undefined>,

    async insert(db: Db, organisationId: string, values: ObjectiveValues): Promise<string> {
      const inserted = await db
        .insertInto('objectives')
        .values({ organisation_id: organisationId, ...row(values) })
        .returning('id')
        .executeTakeFirstOrThrow();
      return inserted.id;
    },

    async updateIfVersion(
      db: Db,
      organisationId: string,
      id: string,
      version: number,
      values: ObjectiveValues,
      at: Date,
    ): Promise<boolean> {
      const result = await db
        .updateTable('objectives')
        .set({ ...row(values), version: version + 1, updated_at: at })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    linkedActionIds: (db: Db, organisationId: string, objectiveId: string): Promise<string[]> =>
      links.sources(db, organisationId, { type: 'objective', id: objectiveId }, 'action'),

    link: (
      db: Db,
      organisationId: string,
      objectiveId: string,
      actionId: string,
      byLabel: string,
    ): Promise<boolean> =>
      links.add(
        db,
        organisationId,
        { type: 'action', id: actionId },
        { type: 'objective', id: objectiveId },
        byLabel,
      ),

    unlink: (db: Db, organisationId: string, objectiveId: string, actionId: string): Promise<boolean> =>
      links.remove(
        db,
        organisationId,
        { type: 'action', id: actionId },
        { type: 'objective', id: objectiveId },
      ),
  };
}

export type ObjectivesRepo = ReturnType<typeof createObjectivesRepo>;
