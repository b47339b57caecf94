import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { AuditEvent, NewAuditEvent } from '../../db/schema.ts';

export interface AuditFilters {
  actorUserId?: string | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
  from?: Date | undefined;
  /** Exclusive upper bound. */
  to?: Date | undefined;
  text?: string | undefined;
}

export interface AuditPage {
  events: AuditEvent[];
  total: number;
}

/**
 * The only SQL for audit events. `db` may be a transaction: writers pass the transaction that
 * makes the change, so the event and the change commit (or roll back) together.
 */
export function createAuditRepo() {
  return {
    async insert(db: Db, event: NewAuditEvent): Promise<void> {
      await db.insertInto('audit_events').values(event).execute();
    },

    async list(
      db: Db,
      organisationId: string,
      filters: AuditFilters,
      limit: number,
      offset: number,
    ): Promise<AuditPage> {
      let query = db.selectFrom('audit_events').where('organisation_id', '=', organisationId);
      if (filters.actorUserId) query = query.where('actor_user_id', '=', filters.actorUserId);
      if (filters.action) query = query.where('action', '=', filters.action);
      if (filters.entityType) query = query.where('entity_type', '=', filters.entityType);
      if (filters.from) query = query.where('occurred_at', '>=', filters.from);
      if (filters.to) query = query.where('occurred_at', '<', filters.to);
      if (filters.text) {
        const pattern = `%${filters.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query = query.where((eb) =>
          eb.or([eb('summary', 'ilike', pattern), eb('actor_label', 'ilike', pattern)]),
        );
      }
      const [events, count] = await Promise.all([
        query.selectAll().orderBy('occurred_at', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
        query.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
      ]);
      return { events, total: count.total };
    },

    /**
     * The latest events, without the count a paged list needs, and without their before and
     * after (which can be large, and a list of what happened does not show them).
     */
    async latest(
      db: Db,
      organisationId: string,
      limit: number,
    ): Promise<Pick<AuditEvent, 'id' | 'summary' | 'actor_label' | 'occurred_at' | 'action'>[]> {
      return db
        .selectFrom('audit_events')
        .select(['id', 'summary', 'actor_label', 'occurred_at', 'action'])
        .where('organisation_id', '=', organisationId)
        .orderBy('occurred_at', 'desc')
        .orderBy('id')
        .limit(limit)
        .execute();
    },

    async find(db: Db, organisationId: string, id: string): Promise<AuditEvent | undefined> {
      return db
        .selectFrom('audit_events')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** The distinct values the filter form offers, so people pick rather than guess. */
    async facets(db: Db, organisationId: string) {
      const [actions, entityTypes, actors] = await Promise.all([
        db
          .selectFrom('audit_events')
          .select('action')
          .distinct()
          .where('organisation_id', '=', organisationId)
          .orderBy('action')
          .execute(),
        db
          .selectFrom('audit_events')
          .select('entity_type')
          .distinct()
          .where('organisation_id', '=', organisationId)
          .orderBy('entity_type')
          .execute(),
        db
          .selectFrom('audit_events')
          .select(['actor_user_id', 'actor_label'])
          .distinctOn('actor_user_id')
          .where('organisation_id', '=', organisationId)
          .where('actor_user_id', 'is not', null)
          .orderBy('actor_user_id')
          .orderBy('occurred_at', 'desc')
          .execute(),
      ]);
      return {
        actions: actions.map((row) => row.action),
        entityTypes: entityTypes.map((row) => row.entity_type),
        actors: actors.map((row) => ({ id: row.actor_user_id as string, label: row.actor_label })),
      };
    },
  };
}

export type AuditRepo = ReturnType<typeof createAuditRepo>;
