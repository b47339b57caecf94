import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { PlanBlock } from './plan-blocks.ts';
import type { Strand } from '../../platform/characteristics.ts';
import type { ParsedPlan } from './plan-parser.ts';
import type { VersionAction } from './plan-versions.ts';
import { createRecordLinksRepo } from '../../thread/record-links.repo.ts';

const links = createRecordLinksRepo();

export interface AreaRow {
  id: string;
  position: number;
  title: string;
  description: string | null;
  criteriaHeading: string | null;
}

export interface ActionRow {
  id: string;
  areaId: string | null;
  parentId: string | null;
  reference: string;
  position: number;
  text: string;
  targetKind: 'date' | 'range' | 'ongoing' | 'completed' | 'none';
  targetText: string;
  targetStart: string | null;
  targetEnd: string | null;
  completedOn: string | null;
  criteriaRefs: string[];
  leads: LeadRow[];
  strands: Strand[];
  partners: string[];
  linkedTo: string | null;
  version: number;
  latestState: 'on_track' | 'at_risk' | 'completed' | null;
  latestPercent: number | null;
  latestAt: Date | null;
  latestNote: string | null;
}

/** A lead officer of an action, in the order the plan gives them. */
export interface LeadRow {
  name: string;
  team: string | null;
  userId: string | null;
}

export interface ProgressRow {
  id: string;
  authorLabel: string;
  note: string;
  state: 'on_track' | 'at_risk' | 'completed';
  percentComplete: number | null;
  createdAt: Date;
}

export interface NewAction {
  areaId: string | null;
  parentId: string | null;
  reference: string;
  position: number;
  text: string;
  targetKind: ActionRow['targetKind'];
  targetText: string;
  targetStart: string | null;
  targetEnd: string | null;
  completedOn: string | null;
  criteriaRefs: string[];
  strands: string[];
  partners: string[];
  linkedTo: string | null;
  leads: NewLead[];
}

/** Lead officers as written to an action. */
export type NewLead = LeadRow;

/** Dates leave the database as ISO text: a completion month has no time zone to get wrong. */
/** Rows per JSON-unpacking INSERT: one parameter, so only memory bounds it. */
const JSON_CHUNK = 5_000;

const isoDate = (column: string) => sql<string | null>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

export function createActionPlanRepo() {
  return {
    areas: (db: Db, organisationId: string): Promise<AreaRow[]> =>
      db
        .selectFrom('plan_areas')
        .select(['id', 'position', 'title', 'description', 'criteria_heading as criteriaHeading'])
        .where('organisation_id', '=', organisationId)
        .orderBy('position')
        .execute(),

    /** Every action with its latest progress update, in plan order. */
    actions(db: Db, organisationId: string, actionId?: string): Promise<ActionRow[]> {
      // The latest update of every action in one pass (DISTINCT ON), rather than a subquery per action.
      const latest = db
        .selectFrom('progress_updates')
        .distinctOn('action_id')
        .select(['action_id', 'state', 'percent_complete', 'created_at', 'note'])
        .where('organisation_id', '=', organisationId)
        .orderBy('action_id')
        .orderBy('created_at', 'desc')
        .orderBy('sequence', 'desc');
      let query = db
        .selectFrom('actions')
        .leftJoin(latest.as('latest'), 'latest.action_id', 'actions.id')
        .select([
          'actions.id',
          'actions.area_id as areaId',
          'actions.parent_id as parentId',
          'actions.reference',
          'actions.position',
          'actions.text',
          'actions.target_kind as targetKind',
          'actions.target_text as targetText',
          isoDate('actions.target_start').as('targetStart'),
          isoDate('actions.target_end').as('targetEnd'),
          isoDate('actions.completed_on').as('completedOn'),
          'actions.criteria_refs as criteriaRefs',
          sql<Strand[]>`actions.strands`.as('strands'),
          'actions.partners',
          'actions.linked_to as linkedTo',
          'actions.version',
          'actions.leads',
          'latest.state as latestState',
          'latest.percent_complete as latestPercent',
          'latest.created_at as latestAt',
          'latest.note as latestNote',
        ])
        .where('actions.organisation_id', '=', organisationId)
        .where('actions.withdrawn_at', 'is', null);
      if (actionId) query = query.where('actions.id', '=', actionId);
      return query.orderBy('actions.position').execute() as Promise<ActionRow[]>;
    },

    progress: (db: Db, organisationId: string, actionId: string): Promise<ProgressRow[]> =>
      db
        .selectFrom('progress_updates')
        .select([
          'id',
          'author_label as authorLabel',
          'note',
          'state',
          'percent_complete as percentComplete',
          'created_at as createdAt',
        ])
        .where('organisation_id', '=', organisationId)
        .where('action_id', '=', actionId)
        .orderBy('created_at', 'desc')
        .orderBy('sequence', 'desc')
        .execute() as Promise<ProgressRow[]>,

    async insertProgress(
      db: Db,
      organisationId: string,
      values: {
        actionId: string;
        authorUserId: string | null;
        authorLabel: string;
        note: string;
        state: ProgressRow['state'];
        percentComplete: number | null;
        at: Date;
      },
    ): Promise<void> {
      await db
        .insertInto('progress_updates')
        .values({
          organisation_id: organisationId,
          action_id: values.actionId,
          author_user_id: values.authorUserId,
          author_label: values.authorLabel,
          note: values.note,
          state: values.state,
          percent_complete: values.percentComplete,
          created_at: values.at,
        })
        .execute();
    },

    /** The organisation's plan revision: the database moves it on whenever the plan changes. */
    async planRevision(db: Db, organisationId: string): Promise<string> {
      const row = await db
        .selectFrom('plan_revisions')
        .select(sql<string>`revision::text`.as('revision'))
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst();
      return row?.revision ?? '0';
    },

    /** Which objectives each action serves (the golden thread's action → objective links). */
    objectiveLinks: async (db: Db, organisationId: string) =>
      (await links.between(db, organisationId, 'action', 'objective')).map((link) => ({
        actionId: link.fromId,
        objectiveId: link.toId,
      })),

    async references(db: Db, organisationId: string): Promise<Set<string>> {
      const rows = await db
        .selectFrom('actions')
        .select('reference')
        .where('organisation_id', '=', organisationId)
        .where('withdrawn_at', 'is', null)
        .execute();
      return new Set(rows.map((row) => row.reference));
    },

    async nextPositions(db: Db, organisationId: string): Promise<{ area: number; action: number }> {
      const [area, action] = await Promise.all([
        db
          .selectFrom('plan_areas')
          .select(sql<number>`coalesce(max(position), 0)::int`.as('max'))
          .where('organisation_id', '=', organisationId)
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('actions')
          .select(sql<number>`coalesce(max(position), 0)::int`.as('max'))
          .where('organisation_id', '=', organisationId)
          .executeTakeFirstOrThrow(),
      ]);
      return { area: area.max + 1, action: action.max + 1 };
    },

    async findAreaByTitle(db: Db, organisationId: string, title: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('plan_areas')
        .select('id')
        .where('organisation_id', '=', organisationId)
        .where('title', '=', title)
        .executeTakeFirst();
      return row?.id;
    },

    async insertArea(
      db: Db,
      organisationId: string,
      values: { position: number; title: string; description: string | null; criteriaHeading: string | null },
    ): Promise<string> {
      const row = await db
        .insertInto('plan_areas')
        .values({
          organisation_id: organisationId,
          position: values.position,
          title: values.title,
          description: values.description,
          criteria_heading: values.criteriaHeading,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /**
     * Inserts many actions in a few statements (an import can hold thousands) and returns each
     * one's id by reference. Parents must be inserted before their sub-actions.
     */
    /**
     * Inserts actions in one statement per chunk, the rows passed as one JSON parameter and
     * unpacked by jsonb_to_recordset: binding thousands of separate parameters costs the embedded
     * database far more than parsing one document.
     */
    async insertActions(db: Db, organisationId: string, actions: NewAction[]): Promise<Map<string, string>> {
      const ids = new Map<string, string>();
      for (let start = 0; start < actions.length; start += JSON_CHUNK) {
        const rows = actions.slice(start, start + JSON_CHUNK).map((action) => ({
          area_id: action.areaId,
          parent_id: action.parentId,
          reference: action.reference,
          position: action.position,
          text: action.text,
          target_kind: action.targetKind,
          target_text: action.targetText,
          target_start: action.targetStart,
          target_end: action.targetEnd,
          completed_on: action.completedOn,
          criteria_refs: action.criteriaRefs,
          strands: action.strands,
          partners: action.partners,
          linked_to: action.linkedTo,
          leads: action.leads,
        }));
        const inserted = await sql<{ id: string; reference: string }>`
          insert into actions (organisation_id, area_id, parent_id, reference, position, text, target_kind,
                               target_text, target_start, target_end, completed_on, criteria_refs, strands,
                               partners, linked_to, leads)
          select ${organisationId}::uuid, r.area_id, r.parent_id, r.reference, r.position, r.text, r.target_kind,
                 r.target_text, r.target_start, r.target_end, r.completed_on, r.criteria_refs, r.strands,
                 r.partners, r.linked_to, coalesce(r.leads, '[]'::jsonb)
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(
            area_id uuid, parent_id uuid, reference text, position integer, text text, target_kind text,
            target_text text, target_start date, target_end date, completed_on date, criteria_refs text[],
            strands text[], partners text[], linked_to text, leads jsonb)
          returning id, reference`.execute(db);
        for (const row of inserted.rows) ids.set(row.reference, row.id);
      }
      return ids;
    },

    /** Changes an action if it is still at `version`; false when someone else changed it first. */
    async updateAction(
      db: Db,
      organisationId: string,
      id: string,
      version: number,
      values: {
        areaId: string | null;
        parentId: string | null;
        text: string;
        targetKind: ActionRow['targetKind'];
        targetText: string;
        targetStart: string | null;
        targetEnd: string | null;
        completedOn: string | null;
        criteriaRefs: string[];
        strands: Strand[];
        partners: string[];
        at: Date;
      },
    ): Promise<boolean> {
      const result = await db
        .updateTable('actions')
        .set({
          area_id: values.areaId,
          parent_id: values.parentId,
          text: values.text,
          target_kind: values.targetKind,
          target_text: values.targetText,
          target_start: values.targetStart,
          target_end: values.targetEnd,
          completed_on: values.completedOn,
          criteria_refs: values.criteriaRefs,
          strands: values.strands,
          partners: values.partners,
          updated_at: values.at,
          version: version + 1,
        })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Lead officers named in the plan but not connected to an account, with how many actions each leads. */
    async unlinkedLeadNames(db: Db, organisationId: string): Promise<{ name: string; actions: number }[]> {
      const result = await sql<{ name: string; actions: number }>`
        select e.value->>'name' as name, count(*)::int as actions
          from actions a cross join lateral jsonb_array_elements(a.leads) as e(value)
         where a.organisation_id = ${organisationId} and a.withdrawn_at is null
           and e.value->>'userId' is null
         group by 1 order by 1`.execute(db);
      return result.rows;
    },

    /** Connects every unconnected lead of this name to an account; returns how many were connected. */
    async linkLeadName(db: Db, organisationId: string, name: string, userId: string): Promise<number> {
      // Each unconnected lead of this name, in every action that has one, keeps its place.
      const result = await sql<{ connected: number }>`
        with changed as (
          update actions a set leads = (
              select jsonb_agg(case when e.value->>'name' = ${name} and e.value->>'userId' is null
                                    then jsonb_set(e.value, '{userId}', to_jsonb(${userId}::text))
                                    else e.value end order by e.ord)
                from jsonb_array_elements(a.leads) with ordinality as e(value, ord))
           where a.organisation_id = ${organisationId}
             and exists (select 1 from jsonb_array_elements(a.leads) as l(value)
                          where l.value->>'name' = ${name} and l.value->>'userId' is null)
          returning (select count(*) from jsonb_array_elements(a.leads) as l(value)
                      where l.value->>'name' = ${name} and l.value->>'userId' = ${userId}) as n)
        select coalesce(sum(n), 0)::int as connected from changed`.execute(db);
      return result.rows[0]?.connected ?? 0;
    },

    /** Gives an action the reference a newer copy of the plan uses for it. */
    async renumberAction(db: Db, organisationId: string, id: string, reference: string): Promise<void> {
      await db
        .updateTable('actions')
        .set({ reference })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .where('reference', '!=', reference)
        .execute();
    },

    /** Withdraws an action and its sub-actions if it is still at `version`. */
    async withdrawAction(
      db: Db,
      organisationId: string,
      id: string,
      version: number | null,
      reason: string,
      at: Date,
    ): Promise<boolean> {
      let query = db
        .updateTable('actions')
        .set({ withdrawn_at: at, withdrawn_reason: reason, updated_at: at, version: sql`version + 1` })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .where('withdrawn_at', 'is', null);
      if (version !== null) query = query.where('version', '=', version);
      const result = await query.executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await db
        .updateTable('actions')
        .set({ withdrawn_at: at, withdrawn_reason: reason, updated_at: at })
        .where('organisation_id', '=', organisationId)
        .where('parent_id', '=', id)
        .where('withdrawn_at', 'is', null)
        .execute();
      return true;
    },

    /** An action's lead officers, replaced by these in this order. */
    async setLeads(db: Db, organisationId: string, actionId: string, leads: NewLead[]): Promise<void> {
      await db
        .updateTable('actions')
        .set({ leads: JSON.stringify(leads) })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', actionId)
        .execute();
    },

    async insertVersion(
      db: Db,
      organisationId: string,
      values: { label: string; publishedByLabel: string; snapshot: VersionAction[]; at: Date },
    ): Promise<string> {
      const row = await db
        .insertInto('plan_versions')
        .values({
          organisation_id: organisationId,
          label: values.label,
          published_by_label: values.publishedByLabel,
          published_at: values.at,
          snapshot: JSON.stringify(values.snapshot),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    versions: (db: Db, organisationId: string) =>
      db
        .selectFrom('plan_versions')
        .select([
          'id',
          'label',
          'published_at as publishedAt',
          'published_by_label as publishedBy',
          // Counted as everywhere else (plan-counts.ts): sub-actions, not the headings grouping them.
          sql<number>`(select count(*)::int from jsonb_array_elements(snapshot) as a
             where not exists (select 1 from jsonb_array_elements(snapshot) as c
                               where c->>'parentReference' = a->>'reference'))`.as('actionCount'),
        ])
        .where('organisation_id', '=', organisationId)
        .orderBy('published_at', 'desc')
        .orderBy('sequence', 'desc')
        .execute(),

    findVersion: (db: Db, organisationId: string, id: string) =>
      db
        .selectFrom('plan_versions')
        .select([
          'id',
          'label',
          'published_at as publishedAt',
          'published_by_label as publishedBy',
          'snapshot',
        ])
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst() as Promise<
        | { id: string; label: string; publishedAt: Date; publishedBy: string; snapshot: VersionAction[] }
        | undefined
      >,

    async versionLabelTaken(db: Db, organisationId: string, label: string): Promise<boolean> {
      const row = await db
        .selectFrom('plan_versions')
        .select('id')
        .where('organisation_id', '=', organisationId)
        .where('label', '=', label)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Members by lower-cased display name, to connect "Jane Harris" in a plan to her account. */
    async membersByName(db: Db, organisationId: string): Promise<Map<string, string>> {
      const rows = await db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select(['users.id', 'users.display_name'])
        .where('memberships.organisation_id', '=', organisationId)
        .execute();
      return new Map(rows.map((row) => [row.display_name.toLowerCase(), row.id]));
    },

    async insertImport(
      db: Db,
      organisationId: string,
      values: {
        fileName: string;
        format: string;
        parsed: ParsedPlan;
        blocks: PlanBlock[] | null;
        source?: Buffer | null;
        createdBy: string | null;
      },
    ): Promise<string> {
      const row = await db
        .insertInto('plan_imports')
        .values({
          organisation_id: organisationId,
          file_name: values.fileName,
          format: values.format,
          parsed: JSON.stringify(values.parsed),
          blocks: values.blocks ? JSON.stringify(values.blocks) : null,
          source: values.source ?? null,
          created_by: values.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** The blocks an import was read from (null for imports made before they were kept). */
    async importBlocks(db: Db, organisationId: string, id: string): Promise<PlanBlock[] | null> {
      const row = await db
        .selectFrom('plan_imports')
        .select('blocks')
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
      const blocks = row?.blocks;
      return typeof blocks === 'string'
        ? (JSON.parse(blocks) as PlanBlock[])
        : ((blocks as PlanBlock[] | null) ?? null);
    },

    async importSource(db: Db, organisationId: string, id: string): Promise<Buffer | null> {
      const row = await db
        .selectFrom('plan_imports')
        .select('source')
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row?.source ? Buffer.from(row.source) : null;
    },

    async updateImportParse(
      db: Db,
      organisationId: string,
      id: string,
      parsed: ParsedPlan,
      reread?: { blocks: PlanBlock[]; format: string },
    ): Promise<void> {
      await db
        .updateTable('plan_imports')
        .set({
          parsed: JSON.stringify(parsed),
          ...(reread ? { blocks: JSON.stringify(reread.blocks), format: reread.format } : {}),
        })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .where('committed_at', 'is', null)
        .execute();
    },

    async columnChoices(db: Db, organisationId: string): Promise<Map<string, string>> {
      const rows = await db
        .selectFrom('plan_column_choices')
        .select(['heading', 'choice'])
        .where('organisation_id', '=', organisationId)
        .execute();
      return new Map(rows.map((row) => [row.heading, row.choice]));
    },

    async rememberColumnChoices(db: Db, organisationId: string, choices: Map<string, string>, at: Date) {
      for (const [heading, choice] of choices)
        await db
          .insertInto('plan_column_choices')
          .values({ organisation_id: organisationId, heading, choice, updated_at: at })
          .onConflict((conflict) =>
            conflict.columns(['organisation_id', 'heading']).doUpdateSet({ choice, updated_at: at }),
          )
          .execute();
    },

    findImport: (db: Db, organisationId: string, id: string) =>
      db
        .selectFrom('plan_imports')
        .select([
          'id',
          'file_name as fileName',
          'format',
          'parsed',
          'committed_at as committedAt',
          'created_at as createdAt',
        ])
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst() as Promise<
        | {
            id: string;
            fileName: string;
            format: string;
            parsed: ParsedPlan;
            committedAt: Date | null;
            createdAt: Date;
          }
        | undefined
      >,

    /** Marks an import committed unless it already was (two clicks on Confirm import once). */
    async markImportCommitted(db: Db, organisationId: string, id: string, at: Date): Promise<boolean> {
      const result = await db
        .updateTable('plan_imports')
        .set({ committed_at: at })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .where('committed_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

export type ActionPlanRepo = ReturnType<typeof createActionPlanRepo>;
