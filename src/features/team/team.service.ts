import type { Db } from '../../db/connect.ts';
import type { User } from '../../db/schema.ts';
import type { Actor, RecordAudit } from '../../platform/audit/audit.ts';
import { EditConflictError, NotFoundError, RuleError } from '../../platform/http-errors.ts';
import { formatRole } from '../../platform/format.ts';
import { STAFF, type Role } from '../../platform/roles.ts';
import { newToken } from '../../platform/tokens.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { Invitation, Member, TeamRepo } from './team.repo.ts';

export const INVITATION_DAYS = 14;

export type InvitationState = 'open' | 'expired' | 'accepted' | 'revoked';

export function invitationState(invitation: Invitation, now: Date): InvitationState {
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.revokedAt) return 'revoked';
  return invitation.expiresAt <= now ? 'expired' : 'open';
}

const LAST_ADMIN = 'team.errors.lastAdmin';

export function createTeamService(deps: {
  db: Db;
  repo: TeamRepo;
  auth: AuthService;
  audit: RecordAudit;
  hashToken: (token: string) => string;
  now: () => Date;
}) {
  const { db, repo, auth, audit, hashToken, now } = deps;

  async function requireMember(trx: Db, organisationId: string, userId: string): Promise<Member> {
    const member = await repo.findMember(trx, organisationId, userId);
    if (!member) throw new NotFoundError();
    return member;
  }

  async function joinOrganisation(
    trx: Db,
    actor: Actor,
    organisationId: string,
    user: User,
    role: Role,
    how: string,
  ) {
    await repo.insertMembership(trx, organisationId, user.id, role);
    await audit(trx, actor, {
      organisationId,
      action: 'member.added',
      entityType: 'member',
      entityId: user.id,
      summary: `${user.display_name} joined as ${formatRole(role)} (${how})`,
      after: { email: user.email, name: user.display_name, role },
    });
  }

  return {
    listMembers: (organisationId: string) => repo.listMembers(db, organisationId),
    /** People inside the organisation who can own or lead work (peer assessors cannot). */
    listStaff: async (organisationId: string) =>
      (await repo.listMembers(db, organisationId)).filter((member) => STAFF.includes(member.role)),
    getMember: (organisationId: string, userId: string) => requireMember(db, organisationId, userId),
    listOpenInvitations: (organisationId: string) => repo.listOpenInvitations(db, organisationId, now()),

    async invite(
      actor: Actor,
      organisationId: string,
      values: { email: string; displayName: string; role: Role },
    ): Promise<{ invitationId: string; token: string; expiresAt: Date }> {
      const email = values.email.toLowerCase();
      return db.transaction().execute(async (trx) => {
        const existing = await repo.listMembers(trx, organisationId);
        if (existing.some((member) => member.email === email)) {
          throw new RuleError('email', 'team.errors.alreadyMember', { email });
        }
        const token = newToken();
        const expiresAt = new Date(now().getTime() + INVITATION_DAYS * 86_400_000);
        const invitationId = await repo.insertInvitation(trx, {
          organisationId,
          email,
          displayName: values.displayName,
          role: values.role,
          tokenHash: hashToken(token),
          invitedBy: actor.userId,
          expiresAt,
        });
        await audit(trx, actor, {
          organisationId,
          action: 'invitation.created',
          entityType: 'invitation',
          entityId: invitationId,
          summary: `Invited ${values.displayName} (${email}) as ${formatRole(values.role)}`,
          after: { email, name: values.displayName, role: values.role, expiresAt: expiresAt.toISOString() },
        });
        return { invitationId, token, expiresAt };
      });
    },

    async revokeInvitation(actor: Actor, organisationId: string, invitationId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const invitation = await repo.findInvitation(trx, organisationId, invitationId);
        if (!invitation) throw new NotFoundError();
        if (!(await repo.markRevoked(trx, organisationId, invitationId, now()))) return;
        await audit(trx, actor, {
          organisationId,
          action: 'invitation.revoked',
          entityType: 'invitation',
          entityId: invitationId,
          summary: `Withdrew the invitation to ${invitation.email}`,
        });
      });
    },

    /** Looks up an invitation by the token from its link, with whether its email has an account. */
    async findInvitationByToken(token: string) {
      const invitation = await repo.findInvitationByTokenHash(db, hashToken(token));
      if (!invitation) return undefined;
      const existingUser = await auth.findUserByEmail(invitation.email);
      return { invitation, state: invitationState(invitation, now()), hasAccount: !!existingUser };
    },

    /**
     * Accepts an invitation. New people choose a name and password; people who already have an
     * account (in another organisation) prove it with their existing password.
     */
    async acceptInvitation(
      token: string,
      answer: { kind: 'new'; displayName: string; password: string } | { kind: 'existing'; password: string },
    ): Promise<User> {
      return db.transaction().execute(async (trx) => {
        const invitation = await repo.findInvitationByTokenHash(trx, hashToken(token));
        if (!invitation || invitationState(invitation, now()) !== 'open') throw new NotFoundError();
        const actorFor = (user: User): Actor => ({
          userId: user.id,
          label: `${user.display_name} (${user.email})`,
        });
        let user = await auth.findUserByEmail(invitation.email, trx);
        if (user) {
          if (answer.kind !== 'existing' || !(await auth.verifyUserPassword(user, answer.password))) {
            throw new RuleError('password', 'team.errors.existingPassword');
          }
        } else {
          if (answer.kind !== 'new') throw new RuleError('password', 'team.errors.choosePassword');
          user = await auth.createUser(trx, {
            email: invitation.email,
            displayName: answer.displayName,
            password: answer.password,
          });
        }
        if (!(await repo.markAccepted(trx, invitation.id, now()))) throw new NotFoundError();
        await joinOrganisation(
          trx,
          actorFor(user),
          invitation.organisationId,
          user,
          invitation.role,
          'accepted an invitation',
        );
        return user;
      });
    },

    /** Adds a person directly (the CLI's `user add`), creating their account if they have none. */
    async addMember(
      actor: Actor,
      organisationId: string,
      values: { email: string; displayName: string; role: Role; password: string; isDemo?: boolean },
    ): Promise<User> {
      return db.transaction().execute(async (trx) => {
        const user =
          (await auth.findUserByEmail(values.email, trx)) ??
          (await auth.createUser(trx, {
            email: values.email,
            displayName: values.displayName,
            password: values.password,
            isDemo: values.isDemo ?? false,
          }));
        if (await repo.findMember(trx, organisationId, user.id)) {
          throw new RuleError('email', 'team.errors.alreadyMember', { email: user.email });
        }
        await joinOrganisation(trx, actor, organisationId, user, values.role, 'added by an operator');
        return user;
      });
    },

    async changeRole(
      actor: Actor,
      organisationId: string,
      userId: string,
      version: number,
      role: Role,
    ): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await repo.lockAdmins(trx, organisationId);
        const before = await requireMember(trx, organisationId, userId);
        if (before.version === version && before.role === role) return;
        if (
          before.version === version &&
          before.role === 'admin' &&
          (await repo.countAdmins(trx, organisationId)) <= 1
        ) {
          throw new RuleError('role', LAST_ADMIN);
        }
        if (!(await repo.updateRoleIfVersion(trx, organisationId, userId, version, role, now()))) {
          throw new EditConflictError({ role: before.role, version: before.version });
        }
        await audit(trx, actor, {
          organisationId,
          action: 'member.role_changed',
          entityType: 'member',
          entityId: userId,
          summary: `Changed ${before.displayName}’s role from ${formatRole(before.role)} to ${formatRole(role)}`,
          before: { role: before.role },
          after: { role },
        });
      });
    },

    async removeMember(actor: Actor, organisationId: string, userId: string): Promise<Member> {
      return db.transaction().execute(async (trx) => {
        await repo.lockAdmins(trx, organisationId);
        const member = await requireMember(trx, organisationId, userId);
        if (member.role === 'admin' && (await repo.countAdmins(trx, organisationId)) <= 1) {
          throw new RuleError('member', LAST_ADMIN);
        }
        await repo.deleteMembership(trx, organisationId, userId);
        await audit(trx, actor, {
          organisationId,
          action: 'member.removed',
          entityType: 'member',
          entityId: userId,
          summary: `Removed ${member.displayName} (${member.email}) from the organisation`,
          before: { email: member.email, name: member.displayName, role: member.role },
        });
        return member;
      });
    },
  };
}

export type TeamService = ReturnType<typeof createTeamService>;
