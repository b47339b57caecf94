import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { Impact } from './eqia-checks.ts';
import { readTemplate, type Aim, type EqiaTemplate, type Outcome } from './eqia-template.ts';

export type EqiaStatus = 'draft' | 'in_review' | 'approved';

export interface AssessmentRow {
  id: string;
  programmeId: string | null;
  title: string;
  service: string;
  leadOfficer: string;
  description: string;
  affected: string;
  decisionBody: string;
  areaCode: string | null;
  monitoredServiceId: string | null;
  template: EqiaTemplate;
  screening: Record<string, boolean>;
  screeningReason: string;
  impacts: Record<string, Impact>;
  aims: Partial<Record<Aim, string>>;
  consultation: string;
  outcome: Outcome | null;
  outcomeReason: string;
  reviewOn: string | null;
  status: EqiaStatus;
  approvedByLabel: string | null;
  approvedAt: Date | null;
  createdAt: Date;
  createdByLabel: string;
  version: number;
}

export interface CommentRow {
  id: string;
  assessmentId: string;
  authorUserId: string | null;
  authorLabel: string;
  text: string;
  response: string | null;
  respondedByLabel: string | null;
  respondedAt: Date | null;
  createdAt: Date;
  /** Set when a critical friend invited by link wrote it. */
  reviewerLinkId: string | null;
}

export interface ProgrammeRow {
  id: string;
  title: string;
  description: string;
  createdAt: Date;
}

export type AssessmentDetails = Pick<
  AssessmentRow,
  | 'title'
  | 'service'
  | 'leadOfficer'
  | 'description'
  | 'affected'
  | 'decisionBody'
  | 'areaCode'
  | 'monitoredServiceId'
  | 'programmeId'
>;

/** The parts of an assessment a form changes, each saved whole. */
export type AssessmentChange =
  | Partial<AssessmentDetails>
  | { screening: Record<string, boolean>; screeningReason: string }
  | { impacts: Record<string, Impact>; aims: Partial<Record<Aim, string>>; consultation: string }
  | { outcome: Outcome | null; outcomeReason: string; reviewOn: string | null }
  | { status: EqiaStatus; approvedByLabel?: string | null; approvedAt?: Date | null };

const assessmentColumns = [
  'id',
  'programme_id as programmeId',
  'title',
  'service',
  'lead_officer as leadOfficer',
  'description',
  'affected',
  'decision_body as decisionBody',
  'area_code as areaCode',
  'monitored_service_id as monitoredServiceId',
  'template',
  'screening',
  'screening_reason as screeningReason',
  'impacts',
  'aims',
  'consultation',
  sql<Outcome | null>`outcome`.as('outcome'),
  'outcome_reason as outcomeReason',
  sql<string | null>`to_char(review_on, 'YYYY-MM-DD')`.as('reviewOn'),
  sql<EqiaStatus>`status`.as('status'),
  'approved_by_label as approvedByLabel',
  'approved_at as approvedAt',
  'created_at as createdAt',
  'created_by_label as createdByLabel',
  'version',
] as const;

const toRow = (row: Record<string, unknown>): AssessmentRow =>
  ({ ...row, template: readTemplate(row.template) }) as AssessmentRow;

/** Column names for each changed field, so a change is one UPDATE whatever the form. */
const COLUMN_OF: Record<string, string> = {
  title: 'title',
  service: 'service',
  leadOfficer: 'lead_officer',
  description: 'description',
  affected: 'affected',
  decisionBody: 'decision_body',
  areaCode: 'area_code',
  monitoredServiceId: 'monitored_service_id',
  programmeId: 'programme_id',
  screening: 'screening',
  screeningReason: 'screening_reason',
  impacts: 'impacts',
  aims: 'aims',
  consultation: 'consultation',
  outcome: 'outcome',
  outcomeReason: 'outcome_reason',
  reviewOn: 'review_on',
  status: 'status',
  approvedByLabel: 'approved_by_label',
  approvedAt: 'approved_at',
};
const JSON_FIELDS = new Set(['screening', 'impacts', 'aims']);

/** Impact assessments, their template versions, programmes and review comments. */
export function createEqiaRepo() {
  return {
    async latestTemplate(db: Db, organisationId: string): Promise<EqiaTemplate | null> {
      const row = await db
        .selectFrom('eqia_templates')
        .select('definition')
        .where('organisation_id', '=', organisationId)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? readTemplate(row.definition) : null;
    },

    async insertTemplate(db: Db, organisationId: string, template: EqiaTemplate, byLabel: string) {
      await db
        .insertInto('eqia_templates')
        .values({
          organisation_id: organisationId,
          version: template.version,
          definition: JSON.stringify(template),
          created_by_label: byLabel,
        })
        .execute();
    },

    async list(db: Db, organisationId: string, programmeId?: string): Promise<AssessmentRow[]> {
      let query = db
        .selectFrom('impact_assessments')
        .select(assessmentColumns)
        .where('organisation_id', '=', organisationId);
      if (programmeId) query = query.where('programme_id', '=', programmeId);
      return (await query.orderBy('created_at', 'desc').orderBy('title').execute()).map(toRow);
    },

    /** A programme's assessments as its matrix needs them: no more than titles, impacts and characteristics. */
    async programmeImpacts(db: Db, organisationId: string, programmeId: string) {
      return db
        .selectFrom('impact_assessments')
        .select([
          'id',
          'title',
          'impacts',
          sql<string[]>`array(select c->>'id' from jsonb_array_elements(template->'characteristics') c)`.as(
            'characteristicIds',
          ),
        ])
        .where('organisation_id', '=', organisationId)
        .where('programme_id', '=', programmeId)
        .orderBy('title')
        .execute() as Promise<
        { id: string; title: string; impacts: Record<string, Impact>; characteristicIds: string[] }[]
      >;
    },

    /**
     * A programme with what its matrix was drawn from, in one cheap query: which assessments are
     * in it at which versions (every change bumps one) and the template version (its columns).
     */
    async programmeWithFreshness(
      db: Db,
      organisationId: string,
      programmeId: string,
    ): Promise<{ programme: ProgrammeRow; freshness: string } | undefined> {
      const row = await sql<ProgrammeRow & { freshness: string }>`
        select p.id, p.title, p.description, p.created_at as "createdAt",
               (select count(*) || ':' || coalesce(md5(string_agg(a.id::text || '@' || a.version, ',' order by a.id)), '')
                  from impact_assessments a
                 where a.organisation_id = p.organisation_id and a.programme_id = p.id)
               || ':' || coalesce((select max(version) from eqia_templates t where t.organisation_id = p.organisation_id), 0)
               as freshness
          from eqia_programmes p
         where p.organisation_id = ${organisationId} and p.id = ${programmeId}`.execute(db);
      const found = row.rows[0];
      if (!found) return undefined;
      const { freshness, ...programme } = found;
      return { programme, freshness };
    },

    async reviewsDue(db: Db, organisationId: string, untilIso: string) {
      return db
        .selectFrom('impact_assessments')
        .select([
          'id',
          'title',
          sql<string>`to_char(review_on, 'YYYY-MM-DD')`.as('reviewOn'),
          'owner_user_id as ownerUserId',
        ])
        .where('organisation_id', '=', organisationId)
        .where('status', '=', 'approved')
        .where('review_on', '<=', untilIso)
        .orderBy('review_on')
        .orderBy('title')
        .execute();
    },

    async get(db: Db, organisationId: string, id: string): Promise<AssessmentRow | undefined> {
      const row = await db
        .selectFrom('impact_assessments')
        .select(assessmentColumns)
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toRow(row) : undefined;
    },

    async insert(
      db: Db,
      organisationId: string,
      details: AssessmentDetails,
      template: EqiaTemplate,
      by: { userId: string | null; label: string },
    ): Promise<string> {
      const row = await db
        .insertInto('impact_assessments')
        .values({
          organisation_id: organisationId,
          programme_id: details.programmeId,
          title: details.title,
          service: details.service,
          lead_officer: details.leadOfficer,
          description: details.description,
          affected: details.affected,
          decision_body: details.decisionBody,
          area_code: details.areaCode,
          monitored_service_id: details.monitoredServiceId,
          template: JSON.stringify(template),
          created_by_label: by.label,
          owner_user_id: by.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** Saves a change if nobody has since `version`; false when someone has. */
    async update(
      db: Db,
      organisationId: string,
      id: string,
      version: number,
      change: AssessmentChange,
    ): Promise<boolean> {
      const set: Record<string, unknown> = { version: sql`version + 1` };
      for (const [field, value] of Object.entries(change))
        set[COLUMN_OF[field]!] = JSON_FIELDS.has(field) ? JSON.stringify(value) : value;
      const result = await db
        .updateTable('impact_assessments')
        .set(set as never)
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async comments(db: Db, organisationId: string, assessmentId: string): Promise<CommentRow[]> {
      return db
        .selectFrom('eqia_comments')
        .select([
          'id',
          'assessment_id as assessmentId',
          'author_user_id as authorUserId',
          'author_label as authorLabel',
          'text',
          'response',
          'responded_by_label as respondedByLabel',
          'responded_at as respondedAt',
          'created_at as createdAt',
          'reviewer_link_id as reviewerLinkId',
        ])
        .where('organisation_id', '=', organisationId)
        .where('assessment_id', '=', assessmentId)
        .orderBy('created_at')
        .execute();
    },

    async comment(db: Db, organisationId: string, id: string) {
      return db
        .selectFrom('eqia_comments')
        .select(['id', 'assessment_id as assessmentId', 'text', 'response'])
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async insertComment(
      db: Db,
      organisationId: string,
      comment: {
        assessmentId: string;
        authorUserId: string | null;
        authorLabel: string;
        text: string;
        reviewerLinkId?: string | null;
      },
    ): Promise<string> {
      const row = await db
        .insertInto('eqia_comments')
        .values({
          organisation_id: organisationId,
          assessment_id: comment.assessmentId,
          author_user_id: comment.authorUserId,
          author_label: comment.authorLabel,
          text: comment.text,
          reviewer_link_id: comment.reviewerLinkId ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async respond(db: Db, organisationId: string, id: string, response: string, byLabel: string) {
      await db
        .updateTable('eqia_comments')
        .set({ response, responded_by_label: byLabel, responded_at: sql<Date>`now()` })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .execute();
    },

    async programmes(db: Db, organisationId: string): Promise<ProgrammeRow[]> {
      return db
        .selectFrom('eqia_programmes')
        .select(['id', 'title', 'description', 'created_at as createdAt'])
        .where('organisation_id', '=', organisationId)
        .orderBy('created_at', 'desc')
        .execute();
    },

    async insertProgramme(
      db: Db,
      organisationId: string,
      programme: { title: string; description: string },
    ): Promise<string | null> {
      const row = await db
        .insertInto('eqia_programmes')
        .values({ organisation_id: organisationId, ...programme })
        .onConflict((conflict) => conflict.columns(['organisation_id', 'title']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return row?.id ?? null;
    },
  };
}

export type EqiaRepo = ReturnType<typeof createEqiaRepo>;
