import { sql, type Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { EvidenceItemsTable } from '../../db/schema.ts';
import { createRecordLinksRepo } from '../../thread/record-links.repo.ts';
import { compositeId, criterionRecord, type RecordRef, type RecordType } from '../../thread/record-types.ts';

const links = createRecordLinksRepo();

export type EvidenceKind = 'upload' | 'link' | 'record';

export interface EvidenceRow {
  id: string;
  title: string;
  kind: EvidenceKind;
  url: string | null;
  recordType: 'action' | 'objective' | null;
  recordId: string | null;
  fileId: string | null;
  fileName: string | null;
  sizeBytes: number | null;
  description: string | null;
  ownerUserId: string | null;
  ownerName: string | null;
  evidenceDate: string | null;
  reviewDate: string | null;
  strands: string[];
  supports: number;
  version: number;
  withdrawnAt: Date | null;
  withdrawnByLabel: string | null;
  withdrawnReason: string | null;
}

/** A file an upload used to have, before a newer one replaced it. */
export interface EarlierFile {
  fileId: string;
  fileName: string;
  sizeBytes: number;
  replacedAt: Date;
  replacedByLabel: string;
}

export interface StoredFile {
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  content: Buffer | null;
  storagePath: string | null;
}

export interface EvidenceValues {
  title: string;
  kind: EvidenceKind;
  url: string | null;
  recordType: 'action' | 'objective' | null;
  recordId: string | null;
  description: string | null;
  ownerUserId: string | null;
  evidenceDate: string | null;
  reviewDate: string | null;
  strands: string[];
}

export interface CriterionLink {
  frameworkId: string;
  criterionRef: string;
}

/** Evidence as a criterion shows it: enough to list, link and judge whether it is current. */
export interface LinkedEvidence {
  evidenceId: string;
  criterionRef: string;
  title: string;
  kind: EvidenceKind;
  url: string | null;
  recordType: 'action' | 'objective' | null;
  recordId: string | null;
  fileName: string | null;
  reviewDate: string | null;
  ownerName: string | null;
}

/**
 * For a `record` item (evidence that is itself an action or objective), the type or id of that
 * record: the first evidence → action/objective link it has. Null for other kinds.
 */
function recordOf<Column extends 'to_type' | 'to_id'>(column: Column) {
  return sql<
    Column extends 'to_type' ? 'action' | 'objective' | null : string | null
  >`(select r.${sql.ref(column)} from record_links r
    where r.organisation_id = e.organisation_id and r.from_type = 'evidence' and r.from_id = e.id::text
      and r.to_type in ('action', 'objective') and e.kind = 'record'
    order by r.created_at, r.to_id limit 1)`;
}

/** Evidence → criterion links for one framework's criteria, joined to their items. */
function criterionLinks(db: Db, organisationId: string, frameworkId: string) {
  return db
    .selectFrom('record_links as c')
    .innerJoin('evidence_items as e', (join) =>
      join.on(sql<boolean>`e.id::text = c.from_id`).onRef('e.organisation_id', '=', 'c.organisation_id'),
    )
    .where('c.organisation_id', '=', organisationId)
    .where('c.from_type', '=', 'evidence')
    .where('c.to_type', '=', 'criterion')
    .where(sql<boolean>`starts_with(c.to_id, ${frameworkId + ':'})`);
}

function itemQuery(db: Db, organisationId: string) {
  return db
    .selectFrom('evidence_items as e')
    .leftJoin('evidence_files as f', 'f.id', 'e.file_id')
    .leftJoin('users as u', 'u.id', 'e.owner_user_id')
    .select([
      'e.id',
      'e.title',
      'e.kind',
      'e.url',
      recordOf('to_type').as('recordType'),
      recordOf('to_id').as('recordId'),
      'e.file_id as fileId',
      'f.file_name as fileName',
      'f.size_bytes as sizeBytes',
      'e.description',
      'e.owner_user_id as ownerUserId',
      'u.display_name as ownerName',
      sql<string | null>`to_char(e.evidence_date, 'YYYY-MM-DD')`.as('evidenceDate'),
      sql<string | null>`to_char(e.review_date, 'YYYY-MM-DD')`.as('reviewDate'),
      'e.strands',
      sql<number>`(select count(*)::int from record_links c where c.organisation_id = e.organisation_id and c.from_type = 'evidence' and c.from_id = e.id::text and c.to_type = 'criterion')`.as(
        'supports',
      ),
      'e.version',
      'e.withdrawn_at as withdrawnAt',
      'e.withdrawn_by_label as withdrawnByLabel',
      'e.withdrawn_reason as withdrawnReason',
    ])
    .where('e.organisation_id', '=', organisationId);
}

function row(values: EvidenceValues) {
  return {
    title: values.title,
    kind: values.kind,
    url: values.url,
    description: values.description,
    owner_user_id: values.ownerUserId,
    evidence_date: values.evidenceDate,
    review_date: values.reviewDate,
    strands: values.strands,
  };
}

/** Updates one item only if it is still at the version the person saw, and moves the version on. */
async function updateItemIfVersion(
  db: Db,
  organisationId: string,
  id: string,
  version: number,
  changes: Omit<Updateable<EvidenceItemsTable>, 'version' | 'updated_at'>,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('evidence_items')
    .set({ ...changes, version: version + 1, updated_at: at })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The records an evidence item may itself be (kind `record`): an action or an objective. */
const RECORD_TYPES_EVIDENCE_CAN_BE: RecordType[] = ['action', 'objective'];

const evidenceRecord = (id: string): RecordRef => ({ type: 'evidence', id });

/** Points a `record` item at its record (a link to it), replacing the one it pointed at before. */
async function pointAtRecord(
  db: Db,
  organisationId: string,
  id: string,
  values: EvidenceValues,
  byLabel: string,
) {
  if (values.kind !== 'record' || !values.recordType || !values.recordId) return;
  const next: RecordRef = { type: values.recordType, id: values.recordId };
  const [current] = await links.targets(db, organisationId, evidenceRecord(id), RECORD_TYPES_EVIDENCE_CAN_BE);
  if (current && current.type === next.type && current.id === next.id) return;
  if (current) await links.remove(db, organisationId, evidenceRecord(id), current);
  await links.add(db, organisationId, evidenceRecord(id), next, byLabel);
}

export function createEvidenceRepo() {
  return {
    list: (db: Db, organisationId: string): Promise<EvidenceRow[]> =>
      itemQuery(db, organisationId).orderBy('e.title').orderBy('e.id').execute() as Promise<EvidenceRow[]>,

    /**
     * Items a person owns whose review date is before `today`. The dashboard asks on every visit,
     * so this reads only what the reminder shows.
     */
    staleOwnedBy: (
      db: Db,
      organisationId: string,
      userId: string,
      today: string,
    ): Promise<{ id: string; title: string; reviewDate: string }[]> =>
      db
        .selectFrom('evidence_items')
        .select(['id', 'title', sql<string>`to_char(review_date, 'YYYY-MM-DD')`.as('reviewDate')])
        .where('organisation_id', '=', organisationId)
        .where('owner_user_id', '=', userId)
        .where('review_date', '<', today)
        .where('withdrawn_at', 'is', null)
        .orderBy('review_date')
        .orderBy('id')
        .execute(),

    find: (db: Db, organisationId: string, id: string): Promise<EvidenceRow | undefined> =>
      itemQuery(db, organisationId).where('e.id', '=', id).executeTakeFirst() as Promise<
        EvidenceRow | undefined
      >,

    async insert(
      db: Db,
      organisationId: string,
      values: EvidenceValues,
      fileId: string | null,
      byLabel: string,
    ): Promise<string> {
      const inserted = await db
        .insertInto('evidence_items')
        .values({ organisation_id: organisationId, ...row(values), file_id: fileId })
        .returning('id')
        .executeTakeFirstOrThrow();
      await pointAtRecord(db, organisationId, inserted.id, values, byLabel);
      return inserted.id;
    },

    async updateIfVersion(
      db: Db,
      organisationId: string,
      id: string,
      version: number,
      values: EvidenceValues,
      at: Date,
      byLabel: string,
    ): Promise<boolean> {
      const { kind: _kind, ...changes } = row(values);
      void _kind;
      if (!(await updateItemIfVersion(db, organisationId, id, version, changes, at))) return false;
      await pointAtRecord(db, organisationId, id, values, byLabel);
      return true;
    },

    async insertFile(db: Db, organisationId: string, file: StoredFile): Promise<string> {
      const inserted = await db
        .insertInto('evidence_files')
        .values({
          organisation_id: organisationId,
          file_name: file.fileName,
          content_type: file.contentType,
          size_bytes: file.sizeBytes,
          sha256: file.sha256,
          content: file.content,
          storage_path: file.storagePath,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return inserted.id;
    },

    file: (db: Db, organisationId: string, fileId: string) =>
      db
        .selectFrom('evidence_files')
        .select([
          'file_name as fileName',
          'content_type as contentType',
          'size_bytes as sizeBytes',
          'sha256',
          'content',
          'storage_path as storagePath',
        ])
        .where('organisation_id', '=', organisationId)
        .where('id', '=', fileId)
        .executeTakeFirst(),

    async criteriaOf(db: Db, organisationId: string, evidenceId: string): Promise<CriterionLink[]> {
      const targets = await links.targets(db, organisationId, evidenceRecord(evidenceId), ['criterion']);
      return targets
        .map((target) => compositeId(target.id)!)
        .map((parts) => ({ frameworkId: parts.owner, criterionRef: parts.ref }))
        .sort(
          (a, b) =>
            a.frameworkId.localeCompare(b.frameworkId) || a.criterionRef.localeCompare(b.criterionRef),
        );
    },

    link: (db: Db, organisationId: string, evidenceId: string, link: CriterionLink, byLabel: string) =>
      links.add(
        db,
        organisationId,
        evidenceRecord(evidenceId),
        criterionRecord(link.frameworkId, link.criterionRef),
        byLabel,
      ),

    /**
     * Every evidence link for a framework's criteria, in one query (the submission pack lists
     * them all). `only.criterionRef` keeps one criterion's links; `only.staleBefore` keeps links to
     * items whose review date is before that day.
     * Withdrawn evidence keeps its links (restoring brings them back) but counts for nothing, so
     * it is dropped here. It is dropped after reading rather than in SQL: the embedded database
     * never gathers statistics, and with `withdrawn_at is null` in the query its planner guessed
     * one matching item and scanned every item for every link (73 ms for 1,000 links, not 5 ms).
     */
    async forFramework(
      db: Db,
      organisationId: string,
      frameworkId: string,
      only: { criterionRef?: string; staleBefore?: string } = {},
    ): Promise<LinkedEvidence[]> {
      let query = criterionLinks(db, organisationId, frameworkId)
        .leftJoin('evidence_files as f', 'f.id', 'e.file_id')
        .leftJoin('users as u', 'u.id', 'e.owner_user_id')
        .select([
          'e.id as evidenceId',
          sql<string>`substr(c.to_id, ${frameworkId.length + 2})`.as('criterionRef'),
          'e.title',
          'e.kind',
          'e.url',
          recordOf('to_type').as('recordType'),
          recordOf('to_id').as('recordId'),
          'f.file_name as fileName',
          sql<string | null>`to_char(e.review_date, 'YYYY-MM-DD')`.as('reviewDate'),
          'u.display_name as ownerName',
          sql<boolean>`e.withdrawn_at is not null`.as('withdrawn'),
        ]);
      if (only.criterionRef) query = query.where('c.to_id', '=', `${frameworkId}:${only.criterionRef}`);
      if (only.staleBefore) query = query.where('e.review_date', '<', only.staleBefore);
      const rows = await query.orderBy('e.title').orderBy('e.id').execute();
      return rows.filter((row) => !row.withdrawn).map(({ withdrawn: _withdrawn, ...link }) => link);
    },

    /**
     * How many items support each criterion of a framework, and how many of those are current
     * (no review date, or one not before `today`): what levels and readiness need, without
     * reading every link. Withdrawn items are not counted.
     */
    linkCounts: (
      db: Db,
      organisationId: string,
      frameworkId: string,
      today: string,
    ): Promise<{ criterionRef: string; evidence: number; current: number }[]> =>
      criterionLinks(db, organisationId, frameworkId)
        .select([
          sql<string>`substr(c.to_id, ${frameworkId.length + 2})`.as('criterionRef'),
          sql<number>`count(*) filter (where e.withdrawn_at is null)::int`.as('evidence'),
          sql<number>`count(*) filter (where e.withdrawn_at is null and (e.review_date is null or e.review_date >= ${today}))::int`.as(
            'current',
          ),
        ])
        .groupBy('c.to_id')
        .execute(),

    /** Withdraws (with a reason) or restores (reason null) an item, if nobody changed it first. */
    async setWithdrawnIfVersion(
      db: Db,
      organisationId: string,
      id: string,
      version: number,
      withdrawal: { at: Date; byLabel: string; reason: string } | null,
      at: Date,
    ): Promise<boolean> {
      const changes = {
        withdrawn_at: withdrawal?.at ?? null,
        withdrawn_by_label: withdrawal?.byLabel ?? null,
        withdrawn_reason: withdrawal?.reason ?? null,
      };
      return updateItemIfVersion(db, organisationId, id, version, changes, at);
    },

    /** Points an upload at a new file and keeps the one it replaces, if nobody changed it first. */
    async replaceFileIfVersion(
      db: Db,
      organisationId: string,
      id: string,
      version: number,
      change: { earlierFileId: string; newFileId: string; byLabel: string },
      at: Date,
    ): Promise<boolean> {
      if (!(await updateItemIfVersion(db, organisationId, id, version, { file_id: change.newFileId }, at)))
        return false;
      await db
        .insertInto('evidence_earlier_files')
        .values({
          organisation_id: organisationId,
          evidence_id: id,
          file_id: change.earlierFileId,
          replaced_at: at,
          replaced_by_label: change.byLabel,
        })
        .execute();
      return true;
    },

    /** The files an item used to have, most recently replaced first. */
    earlierFiles: (db: Db, organisationId: string, evidenceId: string): Promise<EarlierFile[]> =>
      db
        .selectFrom('evidence_earlier_files as h')
        .innerJoin('evidence_files as f', 'f.id', 'h.file_id')
        .select([
          'h.file_id as fileId',
          'f.file_name as fileName',
          'f.size_bytes as sizeBytes',
          'h.replaced_at as replacedAt',
          'h.replaced_by_label as replacedByLabel',
        ])
        .where('h.organisation_id', '=', organisationId)
        .where('h.evidence_id', '=', evidenceId)
        .orderBy('h.replaced_at', 'desc')
        .orderBy('h.sequence', 'desc')
        .execute(),
  };
}

export type EvidenceRepo = ReturnType<typeof createEvidenceRepo>;
