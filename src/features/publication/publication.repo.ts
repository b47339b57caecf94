import type { Db } from '../../db/connect.ts';

/** An equality objective as it stood when it was published: what the public page shows of it. */
export interface PublishedObjective {
  reference: string | null;
  title: string;
  description: string | null;
  ways: string[];
  periodStart: string | null;
  reviewDue: string | null;
  indicators: string | null;
  status: 'active' | 'achieved';
}

export interface PublicationRow {
  id: string;
  planVersionId: string;
  objectives: PublishedObjective[];
  publishedAt: Date;
  publishedBy: string;
  withdrawnAt: Date | null;
  withdrawnBy: string | null;
}

export function createPublicationRepo() {
  const columns = [
    'id',
    'plan_version_id as planVersionId',
    'objectives',
    'published_at as publishedAt',
    'published_by_label as publishedBy',
    'withdrawn_at as withdrawnAt',
    'withdrawn_by_label as withdrawnBy',
  ] as const;

  return {
    /** The publication the public page shows: the newest one not taken down. */
    current: (db: Db, organisationId: string) =>
      db
        .selectFrom('publications')
        .select(columns)
        .where('organisation_id', '=', organisationId)
        .where('withdrawn_at', 'is', null)
        .orderBy('sequence', 'desc')
        .limit(1)
        .executeTakeFirst() as Promise<PublicationRow | undefined>,

    history: (db: Db, organisationId: string) =>
      db
        .selectFrom('publications')
        .select(columns)
        .where('organisation_id', '=', organisationId)
        .orderBy('sequence', 'desc')
        .execute() as Promise<PublicationRow[]>,

    async insert(
      db: Db,
      organisationId: string,
      values: { planVersionId: string; objectives: PublishedObjective[]; publishedBy: string; at: Date },
    ): Promise<string> {
      const row = await db
        .insertInto('publications')
        .values({
          organisation_id: organisationId,
          plan_version_id: values.planVersionId,
          objectives: JSON.stringify(values.objectives),
          published_at: values.at,
          published_by_label: values.publishedBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** Takes every live publication down (there is at most one that shows). */
    async withdrawAll(db: Db, organisationId: string, values: { by: string; at: Date }): Promise<number> {
      const result = await db
        .updateTable('publications')
        .set({ withdrawn_at: values.at, withdrawn_by_label: values.by })
        .where('organisation_id', '=', organisationId)
        .where('withdrawn_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}

export type PublicationRepo = ReturnType<typeof createPublicationRepo>;
