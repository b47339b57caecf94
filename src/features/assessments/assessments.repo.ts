import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { Rating } from '../frameworks/framework-levels.ts';
import { createRecordLinksRepo } from '../../thread/record-links.repo.ts';
import { assessmentCriterionRecord } from '../../thread/record-types.ts';

const links = createRecordLinksRepo();

export type AssessmentStatus = 'in_progress' | 'submitted' | 'closed';

export interface AssessmentRow {
  id: string;
  title: string;
  frameworkKey: string;
  definition: unknown;
  scope: string[];
  targetLevel: string | null;
  ownerUserId: string | null;
  ownerName: string | null;
  sharedWithAssessors: boolean;
  status: AssessmentStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface AssessmentSettings {
  title: string;
  targetLevel: string | null;
  ownerUserId: string | null;
  sharedWithAssessors: boolean;
  status: AssessmentStatus;
}

export interface RatingRow {
  criterionRef: string;
  rating: Rating;
  score: number | null;
  narrative: string | null;
  ownerUserId: string | null;
  ownerName: string | null;
  reviewDate: string | null;
  version: number;
  updatedAt: Date;
  updatedByLabel: string | null;
}

export interface RatingValues {
  rating: Rating;
  score: number | null;
  narrative: string | null;
  ownerUserId: string | null;
  reviewDate: string | null;
}

export interface CommentRow {
  id: string;
  criterionRef: string;
  authorLabel: string;
  authorRole: string;
  body: string;
  createdAt: Date;
}

export interface HistoryRow {
  criterionRef: string;
  rating: string;
  score: number | null;
  changedByLabel: string;
  changedAt: Date;
}

const assessmentColumns = [
  'a.id',
  'a.title',
  'a.framework_key as frameworkKey',
  'a.definition',
  'a.scope',
  'a.target_level as targetLevel',
  'a.owner_user_id as ownerUserId',
  'u.display_name as ownerName',
  'a.shared_with_assessors as sharedWithAssessors',
  'a.status',
  'a.version',
  'a.created_at as createdAt',
  'a.updated_at as updatedAt',
] as const;

function ratingQuery(db: Db, organisationId: string, assessmentId: string) {
  return db
    .selectFrom('criterion_ratings as r')
    .leftJoin('users as u', 'u.id', 'r.owner_user_id')
    .select([
      'r.criterion_ref as criterionRef',
      'r.rating',
      'r.score',
      'r.narrative',
      'r.owner_user_id as ownerUserId',
      'u.display_name as ownerName',
      sql<string | null>`to_char(r.review_date, 'YYYY-MM-DD')`.as('reviewDate'),
      'r.version',
      'r.updated_at as updatedAt',
      'r.updated_by_label as updatedByLabel',
    ])
    .where('r.organisation_id', '=', organisationId)
    .where('r.assessment_id', '=', assessmentId);
}

export function createAssessmentsRepo() {
  return {
    list: (db: Db, organisationId: string): Promise<AssessmentRow[]> =>
      db
        .selectFrom('assessments as a')
        .leftJoin('users as u', 'u.id', 'a.owner_user_id')
        .select(assessmentColumns)
        .where('a.organisation_id', '=', organisationId)
        .orderBy('a.created_at', 'desc')
        .orderBy('a.id')
        .execute() as Promise<AssessmentRow[]>,

    find: (db: Db, organisationId: string, id: string): Promise<AssessmentRow | undefined> =>
      db
        .selectFrom('assessments as a')
        .leftJoin('users as u', 'u.id', 'a.owner_user_id')
        .select(assessmentColumns)
        .where('a.organisation_id', '=', organisationId)
        .where('a.id', '=', id)
        .executeTakeFirst() as Promise<AssessmentRow | undefined>,

    async insert(
      db: Db,
      organisationId: string,
      values: AssessmentSettings & { frameworkKey: string; definition: unknown; scope: string[] },
    ): Promise<string> {
      const row = await db
        .insertInto('assessments')
        .values({
          organisation_id: organisationId,
          title: values.title,
          framework_key: values.frameworkKey,
          definition: JSON.stringify(values.definition),
          scope: values.scope,
          target_level: values.targetLevel,
          owner_user_id: values.ownerUserId,
          shared_with_assessors: values.sharedWithAssessors,
          status: values.status,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updateSettingsIfVersion(
      db: Db,
      organisationId: string,
      id: string,
      version: number,
      values: AssessmentSettings,
      at: Date,
    ): Promise<boolean> {
      const result = await db
        .updateTable('assessments')
        .set({
          title: values.title,
          target_level: values.targetLevel,
          owner_user_id: values.ownerUserId,
          shared_with_assessors: values.sharedWithAssessors,
          status: values.status,
          version: version + 1,
          updated_at: at,
        })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    contributors: (db: Db, organisationId: string, assessmentId: string) =>
      db
        .selectFrom('assessment_contributors as c')
        .innerJoin('users as u', 'u.id', 'c.user_id')
        .select(['c.area_id as areaId', 'c.user_id as userId', 'u.display_name as name'])
        .where('c.organisation_id', '=', organisationId)
        .where('c.assessment_id', '=', assessmentId)
        .orderBy('u.display_name')
        .execute(),

    async replaceContributors(
      db: Db,
      organisationId: string,
      assessmentId: string,
      areaId: string,
      userIds: string[],
    ): Promise<void> {
      await db
        .deleteFrom('assessment_contributors')
        .where('organisation_id', '=', organisationId)
        .where('assessment_id', '=', assessmentId)
        .where('area_id', '=', areaId)
        .execute();
      if (userIds.length)
        await db
          .insertInto('assessment_contributors')
          .values(
            userIds.map((userId) => ({
              organisation_id: organisationId,
              assessment_id: assessmentId,
              area_id: areaId,
              user_id: userId,
            })),
          )
          .execute();
    },

    ratings: (db: Db, organisationId: string, assessmentId: string): Promise<RatingRow[]> =>
      ratingQuery(db, organisationId, assessmentId).execute() as Promise<RatingRow[]>,

    rating: (
      db: Db,
      organisationId: string,
      assessmentId: string,
      ref: string,
    ): Promise<RatingRow | undefined> =>
      ratingQuery(db, organisationId, assessmentId)
        .where('r.criterion_ref', '=', ref)
        .executeTakeFirst() as Promise<RatingRow | undefined>,

    /**
     * Saves a rating if nobody else has since `version` (0: the criterion was never rated).
     * Returns false on a conflict, so the caller can show both versions.
     */
    async saveRatingIfVersion(
      db: Db,
      organisationId: string,
      assessmentId: string,
      ref: string,
      version: number,
      values: RatingValues,
      at: Date,
      byLabel: string,
    ): Promise<boolean> {
      const columns = {
        rating: values.rating,
        score: values.score,
        narrative: values.narrative,
        owner_user_id: values.ownerUserId,
        review_date: values.reviewDate,
        updated_at: at,
        updated_by_label: byLabel,
      };
      if (version === 0) {
        const result = await db
          .insertInto('criterion_ratings')
          .values({
            organisation_id: organisationId,
            assessment_id: assessmentId,
            criterion_ref: ref,
            ...columns,
          })
          .onConflict((conflict) => conflict.doNothing())
          .executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
      }
      const result = await db
        .updateTable('criterion_ratings')
        .set({ ...columns, version: version + 1 })
        .where('organisation_id', '=', organisationId)
        .where('assessment_id', '=', assessmentId)
        .where('criterion_ref', '=', ref)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async insertHistory(
      db: Db,
      organisationId: string,
      assessmentId: string,
      entries: { ref: string; rating: string; score: number | null; byLabel: string; at?: Date }[],
    ): Promise<void> {
      if (entries.length === 0) return;
      await db
        .insertInto('rating_history')
        .values(
          entries.map((entry) => ({
            organisation_id: organisationId,
            assessment_id: assessmentId,
            criterion_ref: entry.ref,
            rating: entry.rating,
            score: entry.score,
            changed_by_label: entry.byLabel,
            ...(entry.at ? { changed_at: entry.at } : {}),
          })),
        )
        .execute();
    },

    history: (db: Db, organisationId: string, assessmentId: string): Promise<HistoryRow[]> =>
      db
        .selectFrom('rating_history')
        .select([
          'criterion_ref as criterionRef',
          'rating',
          'score',
          'changed_by_label as changedByLabel',
          'changed_at as changedAt',
        ])
        .where('organisation_id', '=', organisationId)
        .where('assessment_id', '=', assessmentId)
        .orderBy('changed_at')
        .orderBy('sequence')
        .execute(),

    comments: (db: Db, organisationId: string, assessmentId: string): Promise<CommentRow[]> =>
      db
        .selectFrom('assessment_comments')
        .select([
          'id',
          'criterion_ref as criterionRef',
          'author_label as authorLabel',
          'author_role as authorRole',
          'body',
          'created_at as createdAt',
        ])
        .where('organisation_id', '=', organisationId)
        .where('assessment_id', '=', assessmentId)
        .orderBy('sequence')
        .execute(),

    async insertComment(
      db: Db,
      organisationId: string,
      values: {
        assessmentId: string;
        ref: string;
        authorUserId: string | null;
        authorLabel: string;
        authorRole: string;
        body: string;
      },
    ): Promise<string> {
      const row = await db
        .insertInto('assessment_comments')
        .values({
          organisation_id: organisationId,
          assessment_id: values.assessmentId,
          criterion_ref: values.ref,
          author_user_id: values.authorUserId,
          author_label: values.authorLabel,
          author_role: values.authorRole,
          body: values.body,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** The actions raised for this assessment's criteria (action → assessment criterion links). */
    async actionLinks(db: Db, organisationId: string, assessmentId: string) {
      const rows = await db
        .selectFrom('record_links')
        .select(['from_id as actionId', 'to_id as criterionId'])
        .where('organisation_id', '=', organisationId)
        .where('from_type', '=', 'action')
        .where('to_type', '=', 'assessment-criterion')
        .where(sql<boolean>`starts_with(to_id, ${assessmentId + ':'})`)
        .orderBy('created_at')
        .execute();
      return rows.map((row) => ({
        criterionRef: row.criterionId.slice(assessmentId.length + 1),
        actionId: row.actionId,
      }));
    },

    async linkAction(
      db: Db,
      organisationId: string,
      assessmentId: string,
      ref: string,
      actionId: string,
      byLabel: string,
    ): Promise<void> {
      await links.add(
        db,
        organisationId,
        { type: 'action', id: actionId },
        assessmentCriterionRecord(assessmentId, ref),
        byLabel,
      );
    },
  };
}

export type AssessmentsRepo = ReturnType<typeof createAssessmentsRepo>;
