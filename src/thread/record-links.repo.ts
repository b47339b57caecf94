import type { Db } from '../db/connect.ts';
import type { RecordRef, RecordType } from './record-types.ts';

export interface StoredLink {
  from: RecordRef;
  to: RecordRef;
  createdAt: Date;
}

/**
 * The only SQL that writes the golden thread: one `record_links` table joins any two records of
 * an organisation. Feature repos may read it in their own joins (evidence counts per criterion,
 * for instance); every write comes through here. `db` may be a transaction, so a link and the
 * change that made it commit together.
 */
export function createRecordLinksRepo() {
  return {
    async add(
      db: Db,
      organisationId: string,
      from: RecordRef,
      to: RecordRef,
      byLabel: string,
    ): Promise<boolean> {
      const result = await db
        .insertInto('record_links')
        .values({
          organisation_id: organisationId,
          from_type: from.type,
          from_id: from.id,
          to_type: to.type,
          to_id: to.id,
          created_by_label: byLabel,
        })
        .onConflict((conflict) => conflict.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    async remove(db: Db, organisationId: string, from: RecordRef, to: RecordRef): Promise<boolean> {
      const result = await db
        .deleteFrom('record_links')
        .where('organisation_id', '=', organisationId)
        .where('from_type', '=', from.type)
        .where('from_id', '=', from.id)
        .where('to_type', '=', to.type)
        .where('to_id', '=', to.id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    /** Every link touching any of `records`, in either direction, oldest first. */
    async touching(db: Db, organisationId: string, records: readonly RecordRef[]): Promise<StoredLink[]> {
      if (records.length === 0) return [];
      const rows = await db
        .selectFrom('record_links')
        .select(['from_type', 'from_id', 'to_type', 'to_id', 'created_at'])
        .where('organisation_id', '=', organisationId)
        .where((eb) =>
          eb.or(
            records.flatMap((record) => [
              eb.and([eb('from_type', '=', record.type), eb('from_id', '=', record.id)]),
              eb.and([eb('to_type', '=', record.type), eb('to_id', '=', record.id)]),
            ]),
          ),
        )
        .orderBy('created_at')
        .orderBy('from_id')
        .orderBy('to_id')
        .execute();
      return rows.map((row) => ({
        from: { type: row.from_type as RecordType, id: row.from_id },
        to: { type: row.to_type as RecordType, id: row.to_id },
        createdAt: row.created_at,
      }));
    },

    /** Every link of one pair of types in the organisation, e.g. each action's objectives. */
    between: (db: Db, organisationId: string, fromType: RecordType, toType: RecordType) =>
      db
        .selectFrom('record_links')
        .select(['from_id as fromId', 'to_id as toId'])
        .where('organisation_id', '=', organisationId)
        .where('from_type', '=', fromType)
        .where('to_type', '=', toType)
        .orderBy('created_at')
        .orderBy('from_id')
        .orderBy('to_id')
        .execute(),

    /** The records `from` points at, of the given types. */
    async targets(
      db: Db,
      organisationId: string,
      from: RecordRef,
      toTypes: readonly RecordType[],
    ): Promise<RecordRef[]> {
      const rows = await db
        .selectFrom('record_links')
        .select(['to_type', 'to_id'])
        .where('organisation_id', '=', organisationId)
        .where('from_type', '=', from.type)
        .where('from_id', '=', from.id)
        .where('to_type', 'in', toTypes)
        .orderBy('created_at')
        .orderBy('to_id')
        .execute();
      return rows.map((row) => ({ type: row.to_type as RecordType, id: row.to_id }));
    },

    /** The ids of the records of `fromType` that point at `to`. */
    async sources(db: Db, organisationId: string, to: RecordRef, fromType: RecordType): Promise<string[]> {
      const rows = await db
        .selectFrom('record_links')
        .select('from_id')
        .where('organisation_id', '=', organisationId)
        .where('to_type', '=', to.type)
        .where('to_id', '=', to.id)
        .where('from_type', '=', fromType)
        .orderBy('created_at')
        .orderBy('from_id')
        .execute();
      return rows.map((row) => row.from_id);
    },
  };
}

export type RecordLinksRepo = ReturnType<typeof createRecordLinksRepo>;
