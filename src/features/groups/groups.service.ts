import type { Db } from '../../db/connect.ts';
import type { Actor, RecordAudit } from '../../platform/audit/audit.ts';
import { NotFoundError, RuleError } from '../../platform/http-errors.ts';
import type { ActionPlanService } from '../action-plan/action-plan.service.ts';
import type { ObjectivesService } from '../objectives/objectives.service.ts';
import type { TeamService } from '../team/team.service.ts';
import type { GroupsRepo } from './groups.repo.ts';

export function createGroupsService(deps: {
  db: Db;
  repo: GroupsRepo;
  team: TeamService;
  objectives: ObjectivesService;
  actionPlan: ActionPlanService;
  audit: RecordAudit;
}) {
  const { db, repo, team, objectives, actionPlan, audit } = deps;

  async function require(organisationId: string, groupId: string) {
    const group = await repo.find(db, organisationId, groupId);
    if (!group) throw new NotFoundError();
    return group;
  }

  return {
    list: (organisationId: string) => repo.list(db, organisationId),
    get: require,

    async create(
      actor: Actor,
      organisationId: string,
      values: { name: string; purpose: string | null },
    ): Promise<string> {
      return db.transaction().execute(async (trx) => {
        if (await repo.nameTaken(trx, organisationId, values.name))
          throw new RuleError('name', 'groups.errors.nameTaken', { name: values.name });
        const id = await repo.insert(trx, organisationId, values);
        await audit(trx, actor, {
          organisationId,
          action: 'group.created',
          entityType: 'equality_group',
          entityId: id,
          summary: `Set up the equality group “${values.name}”`,
          after: values,
        });
        return id;
      });
    },

    /** The group with its members and what it oversees, each objective and action with its status. */
    async detail(organisationId: string, groupId: string) {
      const group = await require(organisationId, groupId);
      const [members, oversight, allObjectives, allActions, people] = await Promise.all([
        repo.members(db, organisationId, groupId),
        repo.oversight(db, organisationId, groupId),
        objectives.list(organisationId),
        actionPlan.list(organisationId),
        team.listMembers(organisationId),
      ]);
      const objectiveIds = new Set(oversight.map((item) => item.objectiveId).filter(Boolean));
      const actionIds = new Set(oversight.map((item) => item.actionId).filter(Boolean));
      return {
        group,
        members,
        objectives: allObjectives.filter((objective) => objectiveIds.has(objective.id)),
        actions: allActions.filter((action) => actionIds.has(action.id)),
        choices: {
          people: people.filter((person) => !members.some((member) => member.userId === person.userId)),
          objectives: allObjectives.filter((objective) => !objectiveIds.has(objective.id)),
          actions: allActions.filter((action) => !actionIds.has(action.id)),
        },
      };
    },

    /** Adds a member: someone with an account, or a named person from outside (a partner, a councillor). */
    async addMember(
      actor: Actor,
      organisationId: string,
      groupId: string,
      values: { userId: string | null; name: string | null; roleInGroup: string | null },
    ): Promise<void> {
      const group = await require(organisationId, groupId);
      const name = values.userId
        ? (await team.getMember(organisationId, values.userId)).displayName
        : values.name;
      if (!name) throw new RuleError('userId', 'groups.errors.chooseAPersonOrEnter');
      await db.transaction().execute(async (trx) => {
        await repo.addMember(trx, organisationId, {
          groupId,
          userId: values.userId,
          name,
          roleInGroup: values.roleInGroup,
        });
        await audit(trx, actor, {
          organisationId,
          action: 'group.member_added',
          entityType: 'equality_group',
          entityId: groupId,
          summary: `Added ${name}${values.roleInGroup ? ` (${values.roleInGroup})` : ''} to “${group.name}”`,
        });
      });
    },

    async removeMember(
      actor: Actor,
      organisationId: string,
      groupId: string,
      memberId: string,
    ): Promise<void> {
      const group = await require(organisationId, groupId);
      await db.transaction().execute(async (trx) => {
        const name = await repo.removeMember(trx, organisationId, groupId, memberId);
        if (!name) return;
        await audit(trx, actor, {
          organisationId,
          action: 'group.member_removed',
          entityType: 'equality_group',
          entityId: groupId,
          summary: `Removed ${name} from “${group.name}”`,
        });
      });
    },

    /** The group takes oversight of an objective or an action of the same organisation. */
    async oversee(
      actor: Actor,
      organisationId: string,
      groupId: string,
      item: { kind: 'objective' | 'action'; id: string },
    ): Promise<void> {
      const group = await require(organisationId, groupId);
      // Each lookup throws NotFoundError for another organisation's record.
      const label =
        item.kind === 'objective'
          ? `objective “${(await objectives.get(organisationId, item.id)).title}”`
          : `action ${(await actionPlan.action(organisationId, item.id)).action.reference}`;
      await db.transaction().execute(async (trx) => {
        await repo.oversee(
          trx,
          organisationId,
          groupId,
          item.kind === 'objective' ? { objectiveId: item.id } : { actionId: item.id },
          actor.label,
        );
        await audit(trx, actor, {
          organisationId,
          action: 'group.oversight_added',
          entityType: 'equality_group',
          entityId: groupId,
          summary: `“${group.name}” now oversees the ${label}`,
        });
      });
    },

    async stopOverseeing(
      actor: Actor,
      organisationId: string,
      groupId: string,
      itemId: string,
    ): Promise<void> {
      const group = await require(organisationId, groupId);
      await db.transaction().execute(async (trx) => {
        await repo.stopOverseeing(trx, organisationId, groupId, itemId);
        await audit(trx, actor, {
          organisationId,
          action: 'group.oversight_removed',
          entityType: 'equality_group',
          entityId: groupId,
          summary: `“${group.name}” no longer oversees an item`,
          before: { itemId },
        });
      });
    },
  };
}

export type GroupsService = ReturnType<typeof createGroupsService>;
