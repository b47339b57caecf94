import type { Db } from '../../db/connect.ts';
import type { JsonObject } from '../../db/schema.ts';
import type { AuditRepo } from './audit.repo.ts';

/** Who made a change: a signed-in person, or an operator at the command line. */
export interface Actor {
  userId: string | null;
  label: string;
  requestId?: string | undefined;
}

export const COMMAND_LINE_ACTOR: Actor = { userId: null, label: 'Command line' };

export interface AuditRecord {
  organisationId: string;
  action: string;
  entityType: string;
  entityId?: string | null;
  summary: string;
  before?: JsonObject | null;
  after?: JsonObject | null;
}

/**
 * Records one audit event. Always pass the transaction that makes the change, so the record and
 * the change are one unit: if either fails, neither happens.
 */
export type RecordAudit = (trx: Db, actor: Actor, record: AuditRecord) => Promise<void>;

export function createAuditRecorder(repo: AuditRepo, now: () => Date = () => new Date()): RecordAudit {
  return async (trx, actor, record) => {
    await repo.insert(trx, {
      organisation_id: record.organisationId,
      actor_user_id: actor.userId,
      actor_label: actor.label,
      action: record.action,
      entity_type: record.entityType,
      entity_id: record.entityId ?? null,
      summary: record.summary,
      before: record.before ?? null,
      after: record.after ?? null,
      request_id: actor.requestId ?? null,
      occurred_at: now(),
    });
  };
}

/** The fields whose values differ between two snapshots, for the audit log's detail page. */
export function changedFields(before: JsonObject | null, after: JsonObject | null) {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return keys.map((field) => {
    const was = before?.[field];
    const now = after?.[field];
    return { field, before: was, after: now, changed: JSON.stringify(was) !== JSON.stringify(now) };
  });
}
