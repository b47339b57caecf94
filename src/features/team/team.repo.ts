import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { Role } from '../../platform/roles.ts';

export interface Member {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  version: number;
  joinedAt: Date;
  /** The language they chose for the service ('en' or 'cy'); null until they choose. */
  language: string | null;
}

export interface Invitation {
  id: string;
  organisationId: string;
  organisationName: string;
  email: string;
  displayName: string;
  role: Role;
  invitedByName: string | null;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

function invitations(db: Db) {
  return db
    .selectFrom('invitations')
    .innerJoin('organisations', 'organisations.id', 'invitations.organisation_id')
    .leftJoin('users as inviter', 'inviter.id', 'invitations.invited_by')
    .select([
      'invitations.id',
      'invitations.organisation_id as organisationId',
      'organisations.name as organisationName',
      'invitations.email',
      'invitations.display_name as displayName',
      'invitations.role',
      'inviter.display_name as invitedByName',
      'invitations.created_at as createdAt',
      'invitations.expires_at as expiresAt',
      'invitations.accepted_at as acceptedAt',
      'invitations.revoked_at as revokedAt',
    ]);
}

function members(db: Db) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select([
      'users.id as userId',
      'users.email',
      'users.display_name as displayName',
      'memberships.role',
      'memberships.version',
      'memberships.created_at as joinedAt',
      'users.language',
    ]);
}

export function createTeamRepo() {
  return {
    listMembers: (db: Db, organisationId: string): Promise<Member[]> =>
      members(db)
        .where('memberships.organisation_id', '=', organisationId)
        .orderBy('users.display_name')
        .execute(),

    findMember: (db: Db, organisationId: string, userId: string): Promise<Member | undefined> =>
      members(db)
        .where('memberships.organisation_id', '=', organisationId)
        .where('memberships.user_id', '=', userId)
        .executeTakeFirst(),

    async insertMembership(db: Db, organisationId: string, userId: string, role: Role): Promise<void> {
      await db
        .insertInto('memberships')
        .values({ organisation_id: organisationId, user_id: userId, role })
        .execute();
      // Until someone switches, they start where they joined first.
      await db
        .updateTable('users')
        .set({ last_organisation_id: organisationId })
        .where('id', '=', userId)
        .where('last_organisation_id', 'is', null)
        .execute();
    },

    async updateRoleIfVersion(
      db: Db,
      organisationId: string,
      userId: string,
      version: number,
      role: Role,
      at: Date,
    ): Promise<boolean> {
      const result = await db
        .updateTable('memberships')
        .set({ role, version: version + 1, updated_at: at })
        .where('organisation_id', '=', organisationId)
        .where('user_id', '=', userId)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async deleteMembership(db: Db, organisationId: string, userId: string): Promise<void> {
      await db
        .deleteFrom('memberships')
        .where('organisation_id', '=', organisationId)
        .where('user_id', '=', userId)
        .execute();
    },

    async countAdmins(db: Db, organisationId: string): Promise<number> {
      const row = await db
        .selectFrom('memberships')
        .select(sql<number>`count(*)::int`.as('count'))
        .where('organisation_id', '=', organisationId)
        .where('role', '=', 'admin')
        .executeTakeFirstOrThrow();
      return row.count;
    },

    /** Locks the organisation's admin memberships so two removals cannot both pass the last-admin check. */
    async lockAdmins(db: Db, organisationId: string): Promise<void> {
      await db
        .selectFrom('memberships')
        .select('user_id')
        .where('organisation_id', '=', organisationId)
        .where('role', '=', 'admin')
        .forUpdate()
        .execute();
    },

    async insertInvitation(
      db: Db,
      values: {
        organisationId: string;
        email: string;
        displayName: string;
        role: Role;
        tokenHash: string;
        invitedBy: string | null;
        expiresAt: Date;
      },
    ): Promise<string> {
      const row = await db
        .insertInto('invitations')
        .values({
          organisation_id: values.organisationId,
          email: values.email,
          display_name: values.displayName,
          role: values.role,
          token_hash: values.tokenHash,
          invited_by: values.invitedBy,
          expires_at: values.expiresAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** By token: the token itself is the proof of being invited, so no organisation is known yet. */
    findInvitationByTokenHash: (db: Db, tokenHash: string): Promise<Invitation | undefined> =>
      invitations(db).where('invitations.token_hash', '=', tokenHash).executeTakeFirst(),

    findInvitation: (db: Db, organisationId: string, id: string): Promise<Invitation | undefined> =>
      invitations(db)
        .where('invitations.organisation_id', '=', organisationId)
        .where('invitations.id', '=', id)
        .executeTakeFirst(),

    listOpenInvitations: (db: Db, organisationId: string, now: Date): Promise<Invitation[]> =>
      invitations(db)
        .where('invitations.organisation_id', '=', organisationId)
        .where('invitations.accepted_at', 'is', null)
        .where('invitations.revoked_at', 'is', null)
        .where('invitations.expires_at', '>', now)
        .orderBy('invitations.created_at', 'desc')
        .execute(),

    async markAccepted(db: Db, id: string, at: Date): Promise<boolean> {
      const result = await db
        .updateTable('invitations')
        .set({ accepted_at: at })
        .where('id', '=', id)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async markRevoked(db: Db, organisationId: string, id: string, at: Date): Promise<boolean> {
      const result = await db
        .updateTable('invitations')
        .set({ revoked_at: at })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

export type TeamRepo = ReturnType<typeof createTeamRepo>;
