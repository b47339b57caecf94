import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';

export interface ServiceRow {
  id: string;
  name: string;
  catchmentAreaCode: string | null;
  createdAt: Date;
}

export interface PeriodRow {
  id: string;
  serviceId: string;
  period: string;
  bankVersion: string;
  layout: 'people' | 'counts';
  people: number;
  fileName: string;
  importedAt: Date;
  importedByLabel: string;
}

const periodColumns = [
  'id',
  'service_id as serviceId',
  'period',
  'bank_version as bankVersion',
  sql<'people' | 'counts'>`layout`.as('layout'),
  'people',
  'file_name as fileName',
  'imported_at as importedAt',
  'imported_by_label as importedByLabel',
] as const;

export function createMonitoringRepo() {
  return {
    async services(db: Db, organisationId: string): Promise<ServiceRow[]> {
      return db
        .selectFrom('monitored_services')
        .select(['id', 'name', 'catchment_area_code as catchmentAreaCode', 'created_at as createdAt'])
        .where('organisation_id', '=', organisationId)
        .orderBy('name')
        .execute();
    },

    async service(db: Db, organisationId: string, id: string): Promise<ServiceRow | undefined> {
      return db
        .selectFrom('monitored_services')
        .select(['id', 'name', 'catchment_area_code as catchmentAreaCode', 'created_at as createdAt'])
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async insertService(
      db: Db,
      organisationId: string,
      service: { name: string; catchmentAreaCode: string | null },
    ): Promise<string | null> {
      const row = await db
        .insertInto('monitored_services')
        .values({
          organisation_id: organisationId,
          name: service.name,
          catchment_area_code: service.catchmentAreaCode,
        })
        .onConflict((conflict) => conflict.columns(['organisation_id', 'name']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return row?.id ?? null;
    },

    async periods(db: Db, organisationId: string, serviceId?: string): Promise<PeriodRow[]> {
      let query = db
        .selectFrom('monitoring_periods')
        .select(periodColumns)
        .where('organisation_id', '=', organisationId);
      if (serviceId) query = query.where('service_id', '=', serviceId);
      return query.orderBy('period').execute();
    },

    /** Replaces a period's aggregates (or adds the period), returning its id and whether it was there before. */
    async replacePeriod(
      db: Db,
      organisationId: string,
      period: Omit<PeriodRow, 'id' | 'importedAt'>,
    ): Promise<{ id: string; replaced: boolean }> {
      const deleted = await db
        .deleteFrom('monitoring_periods')
        .where('organisation_id', '=', organisationId)
        .where('service_id', '=', period.serviceId)
        .where('period', '=', period.period)
        .executeTakeFirst();
      const row = await db
        .insertInto('monitoring_periods')
        .values({
          organisation_id: organisationId,
          service_id: period.serviceId,
          period: period.period,
          bank_version: period.bankVersion,
          layout: period.layout,
          people: period.people,
          file_name: period.fileName,
          imported_by_label: period.importedByLabel,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: row.id, replaced: Number(deleted.numDeletedRows) > 0 };
    },

    async insertCounts(
      db: Db,
      organisationId: string,
      periodId: string,
      counts: { question: string; answer: string; count: number }[],
    ): Promise<void> {
      if (counts.length === 0) return;
      await sql`
        insert into monitoring_counts (organisation_id, period_id, question, answer, count)
        select ${organisationId}, ${periodId}, q, a, n
          from unnest(${counts.map((c) => c.question)}::text[], ${counts.map((c) => c.answer)}::text[], ${counts.map((c) => c.count)}::int[]) as t(q, a, n)`.execute(
        db,
      );
    },

    async insertCrosses(
      db: Db,
      organisationId: string,
      periodId: string,
      crosses: {
        rowQuestion: string;
        columnQuestion: string;
        rowAnswer: string;
        columnAnswer: string;
        count: number;
      }[],
    ): Promise<void> {
      for (let start = 0; start < crosses.length; start += 10_000) {
        const chunk = crosses.slice(start, start + 10_000);
        await sql`
          insert into monitoring_crosses (organisation_id, period_id, row_question, column_question, row_answer, column_answer, count)
          select ${organisationId}, ${periodId}, rq, cq, ra, ca, n
            from unnest(${chunk.map((c) => c.rowQuestion)}::text[], ${chunk.map((c) => c.columnQuestion)}::text[],
                        ${chunk.map((c) => c.rowAnswer)}::text[], ${chunk.map((c) => c.columnAnswer)}::text[],
                        ${chunk.map((c) => c.count)}::int[]) as t(rq, cq, ra, ca, n)`.execute(db);
      }
    },

    /** Every period's counts for the organisation (or one service), for comparisons and trends. */
    async counts(
      db: Db,
      organisationId: string,
      periodIds: string[],
    ): Promise<{ periodId: string; question: string; answer: string; count: number }[]> {
      if (periodIds.length === 0) return [];
      return db
        .selectFrom('monitoring_counts')
        .select(['period_id as periodId', 'question', 'answer', 'count'])
        .where('organisation_id', '=', organisationId)
        .where('period_id', 'in', periodIds)
        .execute();
    },

    async crosses(
      db: Db,
      organisationId: string,
      periodId: string,
      rowQuestion: string,
      columnQuestion: string,
    ): Promise<{ rowAnswer: string; columnAnswer: string; count: number }[]> {
      return db
        .selectFrom('monitoring_crosses')
        .select(['row_answer as rowAnswer', 'column_answer as columnAnswer', 'count'])
        .where('organisation_id', '=', organisationId)
        .where('period_id', '=', periodId)
        .where('row_question', '=', rowQuestion)
        .where('column_question', '=', columnQuestion)
        .execute();
    },
  };
}

export type MonitoringRepo = ReturnType<typeof createMonitoringRepo>;
