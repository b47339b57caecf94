import type { Db } from '../../db/connect.ts';

export interface ReviewerLink {
  id: string;
  assessmentId: string;
  reviewerName: string;
  reviewerGroup: string;
  createdByLabel: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

const linkColumns = [
  'id',
  'assessment_id as assessmentId',
  'reviewer_name as reviewerName',
  'reviewer_group as reviewerGroup',
  'created_by_label as createdByLabel',
  'created_at as createdAt',
  'expires_at as expiresAt',
  'revoked_at as revokedAt',
] as const;

/** Links that let a critical friend without an account review one assessment; tokens kept as hashes. */
export function createEqiaReviewersRepo() {
  return {
    async insert(
      db: Db,
      organisationId: string,
      values: {
        assessmentId: string;
        tokenHash: string;
        reviewerName: string;
        reviewerGroup: string;
        by: string;
        at: Date;
        expiresAt: Date;
      },
    ): Promise<string> {
      const row = await db
        .insertInto('eqia_reviewer_links')
        .values({
          organisation_id: organisationId,
          assessment_id: values.assessmentId,
          token_hash: values.tokenHash,
          reviewer_name: values.reviewerName,
          reviewer_group: values.reviewerGroup,
          created_by_label: values.by,
          created_at: values.at,
          expires_at: values.expiresAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async list(db: Db, organisationId: string, assessmentId: string): Promise<ReviewerLink[]> {
      return db
        .selectFrom('eqia_reviewer_links')
        .select(linkColumns)
        .where('organisation_id', '=', organisationId)
        .where('assessment_id', '=', assessmentId)
        .orderBy('created_at')
        .execute();
    },

    async get(db: Db, organisationId: string, id: string): Promise<ReviewerLink | undefined> {
      return db
        .selectFrom('eqia_reviewer_links')
        .select(linkColumns)
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** The link a token opens, whichever organisation it belongs to (the token is the capability). */
    async byTokenHash(
      db: Db,
      tokenHash: string,
    ): Promise<(ReviewerLink & { organisationId: string }) | undefined> {
      return db
        .selectFrom('eqia_reviewer_links')
        .select([...linkColumns, 'organisation_id as organisationId'])
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
    },

    async revoke(db: Db, organisationId: string, id: string, at: Date): Promise<boolean> {
      const result = await db
        .updateTable('eqia_reviewer_links')
        .set({ revoked_at: at })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

export type EqiaReviewersRepo = ReturnType<typeof createEqiaReviewersRepo>;
