import type { Db } from '../../db/connect.ts';
import type { Actor, RecordAudit } from '../../platform/audit/audit.ts';
import { EditConflictError, NotFoundError } from '../../platform/http-errors.ts';
import type { CatalogueEntry, CatalogueValues, DataCatalogueRepo } from './data-catalogue.repo.ts';

/**
 * The data catalogue: a register of the equality data each service holds. Entries are added and
 * changed by the equality lead (version-checked, so two people editing never overwrite each
 * other), every change audited with before and after.
 */
export function createDataCatalogueService(deps: { db: Db; repo: DataCatalogueRepo; audit: RecordAudit }) {
  const { db, repo, audit } = deps;
  return {
    list: (organisationId: string): Promise<CatalogueEntry[]> => repo.list(db, organisationId),

    async get(organisationId: string, id: string): Promise<CatalogueEntry> {
      const entry = await repo.find(db, organisationId, id);
      if (!entry) throw new NotFoundError();
      return entry;
    },

    async add(actor: Actor, organisationId: string, values: CatalogueValues): Promise<string> {
      return db.transaction().execute(async (trx) => {
        const id = await repo.insert(trx, organisationId, values);
        await audit(trx, actor, {
          organisationId,
          action: 'catalogue.added',
          entityType: 'catalogue_entry',
          entityId: id,
          summary: `Added “${values.title}” (${values.service}) to the data catalogue`,
          after: { ...values },
        });
        return id;
      });
    },

    async change(
      actor: Actor,
      organisationId: string,
      id: string,
      version: number,
      values: CatalogueValues,
    ): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const before = await repo.find(trx, organisationId, id);
        if (!before) throw new NotFoundError();
        if (!(await repo.updateIfVersion(trx, organisationId, id, version, values)))
          throw new EditConflictError({ ...before });
        const was: CatalogueValues = {
          title: before.title,
          service: before.service,
          owner: before.owner,
          characteristics: before.characteristics,
          geography: before.geography,
          frequency: before.frequency,
          location: before.location,
          legalBasis: before.legalBasis,
          retention: before.retention,
        };
        await audit(trx, actor, {
          organisationId,
          action: 'catalogue.changed',
          entityType: 'catalogue_entry',
          entityId: id,
          summary: `Changed “${values.title}” in the data catalogue`,
          before: was,
          after: { ...values },
        });
      });
    },
  };
}

export type DataCatalogueService = ReturnType<typeof createDataCatalogueService>;
