import type { Db } from '../../db/connect.ts';
import type { Actor, RecordAudit } from '../../platform/audit/audit.ts';
import { NotFoundError, RuleError } from '../../platform/http-errors.ts';
import type { VersionAction } from '../action-plan/plan-versions.ts';
import { publicPlan } from './public-plan.ts';
import type { PublicationRepo, PublishedObjective } from './publication.repo.ts';

/** The published plan versions this feature may put on the public page (from the action plan). */
export interface PublishedVersions {
  versions(organisationId: string): Promise<{ id: string; label: string; publishedAt: Date }[]>;
  /** Throws NotFoundError for an id that is not this organisation's. */
  version(
    organisationId: string,
    id: string,
  ): Promise<{ id: string; label: string; publishedAt: Date; snapshot: VersionAction[] }>;
}

/** The organisation's equality objectives as they stand (from the objectives feature). */
export interface CurrentObjectives {
  list(organisationId: string): Promise<(Omit<PublishedObjective, 'status'> & { status: string })[]>;
}

/** Finding an organisation by the short name in its public address (from organisations). */
export interface OrganisationDirectory {
  findBySlug(
    slug: string,
  ): Promise<{ id: string; name: string; slug: string; brand_colour: string | null } | undefined>;
}

/** Only objectives the organisation is working to, or has achieved, are published. */
function publishable(objectives: Awaited<ReturnType<CurrentObjectives['list']>>): PublishedObjective[] {
  return objectives
    .slice()
    .sort((a, b) =>
      (a.reference ?? a.title).localeCompare(b.reference ?? b.title, 'en-GB', { numeric: true }),
    )
    .filter((objective) => objective.status === 'active' || objective.status === 'achieved')
    .map((objective) => ({
      reference: objective.reference,
      title: objective.title,
      description: objective.description,
      ways: objective.ways,
      periodStart: objective.periodStart,
      reviewDue: objective.reviewDue,
      indicators: objective.indicators,
      status: objective.status as PublishedObjective['status'],
    }));
}

/**
 * The public page: which published plan version an organisation shows, with its equality
 * objectives frozen at the moment it was put there. Staff choose and take down; anyone reads.
 */
export function createPublicationService(deps: {
  db: Db;
  repo: PublicationRepo;
  audit: RecordAudit;
  now: () => Date;
  plan: PublishedVersions;
  objectives: CurrentObjectives;
  organisations: OrganisationDirectory;
}) {
  const { db, repo, audit, now, plan, objectives, organisations } = deps;

  return {
    /** What the staff page shows: the current publication (if any), the history and the versions to choose from. */
    async overview(organisationId: string) {
      const [current, history, versions] = await Promise.all([
        repo.current(db, organisationId),
        repo.history(db, organisationId),
        plan.versions(organisationId),
      ]);
      const labels = new Map(versions.map((version) => [version.id, version.label]));
      return {
        current: current ? { ...current, versionLabel: labels.get(current.planVersionId) ?? '' } : null,
        history: history.map((row) => ({ ...row, versionLabel: labels.get(row.planVersionId) ?? '' })),
        versions,
      };
    },

    /** Shows `versionId` on the public page, with the objectives as they stand now. */
    async publish(actor: Actor, organisationId: string, versionId: string): Promise<string> {
      const version = await plan.version(organisationId, versionId).catch((error: unknown) => {
        if (error instanceof NotFoundError)
          throw new RuleError('versionId', 'publication.errors.chooseAPublishedVersionOf');
        throw error;
      });
      const frozen = publishable(await objectives.list(organisationId));
      return db.transaction().execute(async (trx) => {
        await repo.withdrawAll(trx, organisationId, { by: actor.label, at: now() });
        const id = await repo.insert(trx, organisationId, {
          planVersionId: version.id,
          objectives: frozen,
          publishedBy: actor.label,
          at: now(),
        });
        await audit(trx, actor, {
          organisationId,
          action: 'publication.published',
          entityType: 'publication',
          entityId: id,
          summary: `Put the plan version “${version.label}” and ${frozen.length} equality objectives on the public page`,
          after: { planVersionId: version.id, objectives: frozen.length },
        });
        return id;
      });
    },

    /** Takes the public page down; the address then answers "not found". */
    async withdraw(actor: Actor, organisationId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const taken = await repo.withdrawAll(trx, organisationId, { by: actor.label, at: now() });
        if (taken === 0) throw new RuleError('withdraw', 'publication.errors.nothingIsOnThePublic');
        await audit(trx, actor, {
          organisationId,
          action: 'publication.withdrawn',
          entityType: 'publication',
          summary: 'Took the public page down',
        });
      });
    },

    /** The public page of the organisation with this short name; null when it has published nothing. */
    async publicPage(slug: string) {
      const organisation = await organisations.findBySlug(slug);
      if (!organisation) return null;
      const current = await repo.current(db, organisation.id);
      if (!current) return null;
      const version = await plan.version(organisation.id, current.planVersionId);
      return {
        organisation: {
          name: organisation.name,
          slug: organisation.slug,
          brandColour: organisation.brand_colour,
        },
        publishedAt: current.publishedAt,
        version: { label: version.label, publishedAt: version.publishedAt },
        objectives: current.objectives,
        plan: publicPlan(version.snapshot),
      };
    },
  };
}

export type PublicationService = ReturnType<typeof createPublicationService>;
