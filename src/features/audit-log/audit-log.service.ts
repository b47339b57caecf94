import type { Db } from '../../db/connect.ts';
import type { AuditFilters, AuditRepo } from '../../platform/audit/audit.repo.ts';
import { changedFields } from '../../platform/audit/audit.ts';
import { NotFoundError } from '../../platform/http-errors.ts';

export const AUDIT_PAGE_SIZE = 50;

export function createAuditLogService(deps: { db: Db; repo: AuditRepo }) {
  const { db, repo } = deps;
  return {
    async page(organisationId: string, filters: AuditFilters, pageNumber: number) {
      const page = Math.max(1, pageNumber);
      const result = await repo.list(
        db,
        organisationId,
        filters,
        AUDIT_PAGE_SIZE,
        (page - 1) * AUDIT_PAGE_SIZE,
      );
      return { ...result, page, pageCount: Math.max(1, Math.ceil(result.total / AUDIT_PAGE_SIZE)) };
    },

    recent: (organisationId: string, limit: number) => repo.latest(db, organisationId, limit),

    facets: (organisationId: string) => repo.facets(db, organisationId),

    async event(organisationId: string, id: string) {
      const event = await repo.find(db, organisationId, id);
      if (!event) throw new NotFoundError();
      return { event, fields: changedFields(event.before, event.after) };
    },
  };
}

export type AuditLogService = ReturnType<typeof createAuditLogService>;
