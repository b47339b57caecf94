import type { Db } from '../../db/connect.ts';
import type { Actor, RecordAudit } from '../../platform/audit/audit.ts';
import { EditConflictError, NotFoundError } from '../../platform/http-errors.ts';
import type { ActionPlanService } from '../action-plan/action-plan.service.ts';
import type { ObjectiveRow, ObjectiveValues, ObjectivesRepo } from './objectives.repo.ts';

/** The editable fields of a stored objective, for the audit log's before/after. */
function snapshot(objective: ObjectiveValues) {
  return {
    reference: objective.reference,
    title: objective.title,
    description: objective.description,
    kind: objective.kind,
    ways: objective.ways,
    ownerName: objective.ownerName,
    periodStart: objective.periodStart,
    reviewDue: objective.reviewDue,
    indicators: objective.indicators,
    criteriaRefs: objective.criteriaRefs,
    status: objective.status,
  };
}

export function createObjectivesService(deps: {
  db: Db;
  repo: ObjectivesRepo;
  actionPlan: ActionPlanService;
  audit: RecordAudit;
  now: () => Date;
}) {
  const { db, repo, actionPlan, audit, now } = deps;

  async function require(trx: Db, organisationId: string, id: string): Promise<ObjectiveRow> {
    const objective = await repo.find(trx, organisationId, id);
    if (!objective) throw new NotFoundError();
    return objective;
  }

  return {
    list: (organisationId: string) => repo.list(db, organisationId),
    get: (organisationId: string, id: string) => require(db, organisationId, id),

    /** The objective with the actions that deliver it and where each stands: the golden thread. */
    async withActions(organisationId: string, id: string) {
      const objective = await require(db, organisationId, id);
      const [linked, all] = await Promise.all([
        repo.linkedActionIds(db, organisationId, id),
        actionPlan.list(organisationId),
      ]);
      const actions = all.filter((action) => linked.includes(action.id));
      return { objective, actions };
    },

    async create(actor: Actor, organisationId: string, values: ObjectiveValues): Promise<string> {
      return db.transaction().execute(async (trx) => {
        const id = await repo.insert(trx, organisationId, values);
        await audit(trx, actor, {
          organisationId,
          action: 'objective.created',
          entityType: 'objective',
          entityId: id,
          summary: `Added the equality objective “${values.title}”`,
          after: snapshot(values),
        });
        return id;
      });
    },

    async update(
      actor: Actor,
      organisationId: string,
      id: string,
      version: number,
      values: ObjectiveValues,
    ): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const before = await require(trx, organisationId, id);
        if (!(await repo.updateIfVersion(trx, organisationId, id, version, values, now()))) {
          throw new EditConflictError({ ...before });
        }
        await audit(trx, actor, {
          organisationId,
          action: 'objective.changed',
          entityType: 'objective',
          entityId: id,
          summary: `Changed the equality objective “${values.title}”`,
          before: snapshot(before),
          after: snapshot(values),
        });
      });
    },

    async link(actor: Actor, organisationId: string, objectiveId: string, actionId: string): Promise<void> {
      const objective = await require(db, organisationId, objectiveId);
      const action = (await actionPlan.list(organisationId)).find((candidate) => candidate.id === actionId);
      if (!action) throw new NotFoundError();
      await db.transaction().execute(async (trx) => {
        if (!(await repo.link(trx, organisationId, objectiveId, actionId, actor.label))) return;
        await audit(trx, actor, {
          organisationId,
          action: 'objective.action_linked',
          entityType: 'objective',
          entityId: objectiveId,
          summary: `Linked action ${action.reference} to the objective “${objective.title}”`,
        });
      });
    },

    async unlink(actor: Actor, organisationId: string, objectiveId: string, actionId: string): Promise<void> {
      const objective = await require(db, organisationId, objectiveId);
      await db.transaction().execute(async (trx) => {
        if (!(await repo.unlink(trx, organisationId, objectiveId, actionId))) return;
        await audit(trx, actor, {
          organisationId,
          action: 'objective.action_unlinked',
          entityType: 'objective',
          entityId: objectiveId,
          summary: `Unlinked an action from the objective “${objective.title}”`,
          before: { actionId },
        });
      });
    },
  };
}

export type ObjectivesService = ReturnType<typeof createObjectivesService>;
