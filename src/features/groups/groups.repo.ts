import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { createRecordLinksRepo } from '../../thread/record-links.repo.ts';
import type { RecordRef } from '../../thread/record-types.ts';

const links = createRecordLinksRepo();

export interface GroupRow {
  id: string;
  name: string;
  purpose: string | null;
  memberCount: number;
}

export interface GroupMemberRow {
  id: string;
  userId: string | null;
  name: string;
  roleInGroup: string | null;
}

export function createGroupsRepo() {
  return {
    list: (db: Db, organisationId: string): Promise<GroupRow[]> =>
      db
        .selectFrom('equality_groups as g')
        .select([
          'g.id',
          'g.name',
          'g.purpose',
          (eb) =>
            eb
              .selectFrom('group_members')
              .select(sql<number>`count(*)::int`.as('n'))
              .whereRef('group_members.group_id', '=', 'g.id')
              .as('memberCount'),
        ])
        .where('g.organisation_id', '=', organisationId)
        .orderBy('g.name')
        .execute() as Promise<GroupRow[]>,

    find: (db: Db, organisationId: string, id: string) =>
      db
        .selectFrom('equality_groups')
        .select(['id', 'name', 'purpose'])
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst(),

    async nameTaken(db: Db, organisationId: string, name: string): Promise<boolean> {
      const row = await db
        .selectFrom('equality_groups')
        .select('id')
        .where('organisation_id', '=', organisationId)
        .where(sql`lower(name)`, '=', name.toLowerCase())
        .executeTakeFirst();
      return row !== undefined;
    },

    async insert(
      db: Db,
      organisationId: string,
      values: { name: string; purpose: string | null },
    ): Promise<string> {
      const row = await db
        .insertInto('equality_groups')
        .values({ organisation_id: organisationId, name: values.name, purpose: values.purpose })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    members: (db: Db, organisationId: string, groupId: string): Promise<GroupMemberRow[]> =>
      db
        .selectFrom('group_members')
        .select(['id', 'user_id as userId', 'name', 'role_in_group as roleInGroup'])
        .where('organisation_id', '=', organisationId)
        .where('group_id', '=', groupId)
        .orderBy('created_at')
        .execute(),

    async addMember(
      db: Db,
      organisationId: string,
      values: { groupId: string; userId: string | null; name: string; roleInGroup: string | null },
    ): Promise<void> {
      await db
        .insertInto('group_members')
        .values({
          organisation_id: organisationId,
          group_id: values.groupId,
          user_id: values.userId,
          name: values.name,
          role_in_group: values.roleInGroup,
        })
        .execute();
    },

    async removeMember(
      db: Db,
      organisationId: string,
      groupId: string,
      memberId: string,
    ): Promise<string | undefined> {
      const row = await db
        .deleteFrom('group_members')
        .where('organisation_id', '=', organisationId)
        .where('group_id', '=', groupId)
        .where('id', '=', memberId)
        .returning('name')
        .executeTakeFirst();
      return row?.name;
    },

    /** What the group oversees (group → objective and group → action links). */
    async oversight(db: Db, organisationId: string, groupId: string) {
      const targets = await links.targets(db, organisationId, { type: 'group', id: groupId }, [
        'objective',
        'action',
      ]);
      return targets.map((target) => ({
        objectiveId: target.type === 'objective' ? target.id : null,
        actionId: target.type === 'action' ? target.id : null,
      }));
    },

    async oversee(
      db: Db,
      organisationId: string,
      groupId: string,
      item: { objectiveId: string } | { actionId: string },
      byLabel: string,
    ): Promise<void> {
      const target: RecordRef =
        'objectiveId' in item
          ? { type: 'objective', id: item.objectiveId }
          : { type: 'action', id: item.actionId };
      await links.add(db, organisationId, { type: 'group', id: groupId }, target, byLabel);
    },

    async stopOverseeing(db: Db, organisationId: string, groupId: string, itemId: string): Promise<void> {
      for (const type of ['objective', 'action'] as const)
        await links.remove(db, organisationId, { type: 'group', id: groupId }, { type, id: itemId });
    },
  };
}

export type GroupsRepo = ReturnType<typeof createGroupsRepo>;
