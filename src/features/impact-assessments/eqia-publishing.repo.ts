import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { ReadableAssessment } from './eqia-readable.ts';

export interface LivePublication {
  id: string;
  assessmentId: string;
  snapshot: ReadableAssessment;
  publishedAt: Date;
  publishedByLabel: string;
}

export interface PublicComment {
  id: string;
  name: string;
  email: string;
  text: string;
  receivedAt: Date;
}

const liveColumns = [
  'id',
  'assessment_id as assessmentId',
  sql<ReadableAssessment>`snapshot`.as('snapshot'),
  'published_at as publishedAt',
  'published_by_label as publishedByLabel',
] as const;

/** Publications of impact assessments (frozen copies; at most one live per assessment) and the public's comments. */
export function createEqiaPublishingRepo() {
  return {
    /** The live publication of an assessment, or a publication by its id if it is still live. */
    async live(
      db: Db,
      organisationId: string,
      by: { assessmentId: string } | { publicationId: string },
    ): Promise<LivePublication | undefined> {
      const query = db
        .selectFrom('eqia_publications')
        .select(liveColumns)
        .where('organisation_id', '=', organisationId)
        .where('withdrawn_at', 'is', null);
      return (
        'assessmentId' in by
          ? query.where('assessment_id', '=', by.assessmentId)
          : query.where('id', '=', by.publicationId)
      ).executeTakeFirst();
    },

    /** The register: every live publication, most recently published first, with what the list shows. */
    async register(db: Db, organisationId: string) {
      return db
        .selectFrom('eqia_publications')
        .select([
          'id',
          'published_at as publishedAt',
          sql<string>`snapshot->>'title'`.as('title'),
          sql<string>`snapshot->>'service'`.as('service'),
          sql<string | null>`snapshot->>'outcome'`.as('outcome'),
          sql<string | null>`snapshot->>'reviewOn'`.as('reviewOn'),
        ])
        .where('organisation_id', '=', organisationId)
        .where('withdrawn_at', 'is', null)
        .orderBy('published_at', 'desc')
        .orderBy('id')
        .execute();
    },

    /** Takes the live publication down; how many were (0 or 1). */
    async withdrawLive(
      db: Db,
      organisationId: string,
      assessmentId: string,
      by: { label: string; at: Date },
    ): Promise<number> {
      const result = await db
        .updateTable('eqia_publications')
        .set({ withdrawn_at: by.at, withdrawn_by_label: by.label })
        .where('organisation_id', '=', organisationId)
        .where('assessment_id', '=', assessmentId)
        .where('withdrawn_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async insert(
      db: Db,
      organisationId: string,
      values: { assessmentId: string; snapshot: ReadableAssessment; by: string; at: Date },
    ): Promise<string> {
      const row = await db
        .insertInto('eqia_publications')
        .values({
          organisation_id: organisationId,
          assessment_id: values.assessmentId,
          snapshot: JSON.stringify(values.snapshot),
          published_at: values.at,
          published_by_label: values.by,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async insertComment(
      db: Db,
      organisationId: string,
      values: {
        publicationId: string;
        assessmentId: string;
        name: string;
        email: string;
        text: string;
        at: Date;
      },
    ): Promise<string> {
      const row = await db
        .insertInto('eqia_public_comments')
        .values({
          organisation_id: organisationId,
          publication_id: values.publicationId,
          assessment_id: values.assessmentId,
          name: values.name,
          email: values.email,
          text: values.text,
          received_at: values.at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async comments(db: Db, organisationId: string, assessmentId: string): Promise<PublicComment[]> {
      return db
        .selectFrom('eqia_public_comments')
        .select(['id', 'name', 'email', 'text', 'received_at as receivedAt'])
        .where('organisation_id', '=', organisationId)
        .where('assessment_id', '=', assessmentId)
        .orderBy('received_at', 'desc')
        .execute();
    },
  };
}

export type EqiaPublishingRepo = ReturnType<typeof createEqiaPublishingRepo>;
