import type { Db } from '../../db/connect.ts';
import type { Organisation } from '../../db/schema.ts';
import type { Actor, RecordAudit } from '../../platform/audit/audit.ts';
import { EditConflictError, NotFoundError } from '../../platform/http-errors.ts';
import type { OrganisationsRepo } from './organisations.repo.ts';
import type { SettingsForm } from './organisations.schema.ts';

export class SlugTakenError extends Error {
  constructor(slug: string) {
    super(`An organisation with the short name "${slug}" already exists`);
    this.name = 'SlugTakenError';
  }
}

function snapshot(organisation: Organisation) {
  return {
    name: organisation.name,
    slug: organisation.slug,
    brandColour: organisation.brand_colour,
    disclosurePolicy: organisation.disclosure_policy,
  };
}

export function createOrganisationsService(deps: {
  db: Db;
  repo: OrganisationsRepo;
  audit: RecordAudit;
  now: () => Date;
}) {
  const { db, repo, audit, now } = deps;
  return {
    async create(actor: Actor, values: { name: string; slug: string }): Promise<Organisation> {
      return db.transaction().execute(async (trx) => {
        if (await repo.findBySlug(trx, values.slug)) throw new SlugTakenError(values.slug);
        const organisation = await repo.insert(trx, values);
        await audit(trx, actor, {
          organisationId: organisation.id,
          action: 'organisation.created',
          entityType: 'organisation',
          entityId: organisation.id,
          summary: `Created the organisation ${organisation.name}`,
          after: snapshot(organisation),
        });
        return organisation;
      });
    },

    async get(organisationId: string): Promise<Organisation> {
      const organisation = await repo.findById(db, organisationId);
      if (!organisation) throw new NotFoundError();
      return organisation;
    },

    findBySlug: (slug: string) => repo.findBySlug(db, slug),
    list: () => repo.list(db),

    /** Saves settings edited from `version`; throws EditConflictError if someone saved since. */
    async updateSettings(
      actor: Actor,
      organisationId: string,
      version: number,
      values: SettingsForm,
    ): Promise<Organisation> {
      return db.transaction().execute(async (trx) => {
        const before = await repo.findById(trx, organisationId);
        if (!before) throw new NotFoundError();
        const after = await repo.updateIfVersion(
          trx,
          organisationId,
          version,
          {
            name: values.name,
            brand_colour: values.brandColour,
            ...(values.disclosurePolicy ? { disclosure_policy: values.disclosurePolicy } : {}),
          },
          now(),
        );
        if (!after) throw new EditConflictError({ ...snapshot(before), version: before.version });
        await audit(trx, actor, {
          organisationId,
          action: 'organisation.settings_changed',
          entityType: 'organisation',
          entityId: organisationId,
          summary: 'Changed the organisation’s settings',
          before: snapshot(before),
          after: snapshot(after),
        });
        return after;
      });
    },
  };
}

export type OrganisationsService = ReturnType<typeof createOrganisationsService>;
