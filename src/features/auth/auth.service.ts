import type { Db } from '../../db/connect.ts';
import type { User } from '../../db/schema.ts';
import type { Actor, RecordAudit } from '../../platform/audit/audit.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { AuthRepo } from './auth.repo.ts';
import {
  LOGIN_WINDOW_MINUTES,
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_IP,
  minutesUntilAllowed,
} from './login-throttle.ts';
import {
  decoyPasswordHash,
  hashPassword,
  passwordProblem,
  verifyPassword,
  type PasswordProblem,
} from './passwords.ts';

type Refused = { ok: false; reason: 'tooManyForAccount' | 'tooManyFromAddress'; waitMinutes: number };

export type SignInResult = { ok: true; user: User } | { ok: false; reason: 'invalid' } | Refused;

export class PasswordPolicyError extends Error {
  constructor(public readonly problem: PasswordProblem) {
    super(`Password rejected: ${problem}`);
    this.name = 'PasswordPolicyError';
  }
}

export function createAuthService(deps: {
  db: Db;
  repo: AuthRepo;
  audit: RecordAudit;
  now: () => Date;
  /** Ends every session of a user (the sessions store is the platform's). */
  endSessionsOf: (userId: string) => Promise<unknown>;
}) {
  const { db, repo, audit, now, endSessionsOf } = deps;

  /**
   * Demo accounts all use the published demo password, so it is hashed once (one salt) for all
   * of them: a second or more off the first start. Real accounts always get their own salt, and
   * production refuses to start while demo accounts exist.
   */
  const demoHashes = new Map<string, Promise<string>>();
  function demoHash(password: string): Promise<string> {
    if (!demoHashes.has(password)) demoHashes.set(password, hashPassword(password));
    return demoHashes.get(password)!;
  }

  async function auditForEachOrganisation(
    trx: Db,
    actor: Actor,
    user: User,
    action: string,
    summary: string,
  ) {
    for (const organisationId of await repo.organisationIdsOf(trx, user.id)) {
      await audit(trx, actor, { organisationId, action, entityType: 'user', entityId: user.id, summary });
    }
  }

  return {
    /**
     * Checks an email and password. The limits (per account and address, then per address) are
     * checked and the attempt claimed in one atomic step before the password is looked at, so
     * parallel guesses cannot all be checked.
     */
    async signIn(emailInput: string, password: string, ip: string): Promise<SignInResult> {
      const email = emailInput.trim().toLowerCase();
      const at = now();
      const since = new Date(at.getTime() - LOGIN_WINDOW_MINUTES * 60_000);
      const claim = await repo.claimAttempt(
        db,
        { email, ip, at, since },
        ({ fromAddress, forAccount }): Refused | null => {
          const forThisAccount = minutesUntilAllowed(forAccount, MAX_FAILURES_PER_ACCOUNT, at);
          if (forThisAccount > 0)
            return { ok: false, reason: 'tooManyForAccount', waitMinutes: forThisAccount };
          const fromThisAddress = minutesUntilAllowed(fromAddress, MAX_FAILURES_PER_IP, at);
          if (fromThisAddress > 0)
            return { ok: false, reason: 'tooManyFromAddress', waitMinutes: fromThisAddress };
          return null;
        },
      );
      if ('refused' in claim) return claim.refused;

      const user = await repo.findUserByEmail(db, email);
      // Check a decoy hash for unknown emails so timing does not reveal who has an account.
      const valid = await verifyPassword(password, user ? user.password_hash : await decoyPasswordHash());
      await repo.settleAttempt(db, claim.claimId, valid && !!user);
      return valid && user ? { ok: true, user } : { ok: false, reason: 'invalid' };
    },

    /** Pass the caller's transaction when there is one (on PGlite, `db` waits for it to finish). */
    findUserByEmail: (email: string, trx: Db = db) => repo.findUserByEmail(trx, email),
    verifyUserPassword: (user: User, password: string) => verifyPassword(password, user.password_hash),
    countDemoUsers: () => repo.countDemoUsers(db),

    /** Creates an account inside the caller's transaction (used when someone is added or invited). */
    async createUser(
      trx: Db,
      values: { email: string; displayName: string; password: string; isDemo?: boolean },
    ): Promise<User> {
      const problem = passwordProblem(values.password, values.email);
      if (problem) throw new PasswordPolicyError(problem);
      return repo.insertUser(trx, {
        email: values.email,
        displayName: values.displayName,
        passwordHash: values.isDemo ? await demoHash(values.password) : await hashPassword(values.password),
        isDemo: values.isDemo ?? false,
        at: now(),
      });
    },

    /** A signed-in person changes their own password; returns the field problem, if any. */
    async changePassword(
      actor: Actor,
      organisationId: string | null,
      userId: string,
      current: string,
      next: string,
    ): Promise<{
      field: 'currentPassword' | 'newPassword';
      problem: PasswordProblem | 'wrongCurrent';
    } | null> {
      const user = await repo.findUserById(db, userId);
      if (!user || !(await verifyPassword(current, user.password_hash))) {
        return { field: 'currentPassword', problem: 'wrongCurrent' };
      }
      const problem = passwordProblem(next, user.email);
      if (problem) return { field: 'newPassword', problem };
      const hash = await hashPassword(next);
      await db.transaction().execute(async (trx) => {
        await repo.setPassword(trx, userId, hash, now());
        if (organisationId) {
          await audit(trx, actor, {
            organisationId,
            action: 'user.password_changed',
            entityType: 'user',
            entityId: userId,
            summary: `${user.display_name} changed their password`,
          });
        }
      });
      return null;
    },

    /** Someone chooses the language the service speaks to them in; their organisation's log says so. */
    async setLanguage(
      actor: Actor,
      organisationId: string | null,
      userId: string,
      language: Locale,
    ): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const user = await repo.findUserById(trx, userId);
        if (!user || user.language === language) return;
        await repo.setLanguage(trx, userId, language, now());
        if (organisationId) {
          await audit(trx, actor, {
            organisationId,
            action: 'user.language_changed',
            entityType: 'user',
            entityId: userId,
            summary: `${user.display_name} chose ${language === 'cy' ? 'Welsh' : 'English'} for the service`,
            before: { language: user.language },
            after: { language },
          });
        }
      });
    },

    /** An operator sets a new password; anyone signed in with the old one is signed out. */
    async resetPassword(actor: Actor, email: string, password: string): Promise<User | undefined> {
      const user = await repo.findUserByEmail(db, email);
      if (!user) return undefined;
      const problem = passwordProblem(password, user.email);
      if (problem) throw new PasswordPolicyError(problem);
      const hash = await hashPassword(password);
      await db.transaction().execute(async (trx) => {
        await repo.setPassword(trx, user.id, hash, now());
        await auditForEachOrganisation(
          trx,
          actor,
          user,
          'user.password_reset',
          `Reset the password of ${user.display_name}`,
        );
      });
      await endSessionsOf(user.id);
      return user;
    },

    /** Old attempts are only needed for the sliding window; keep a day for investigating abuse. */
    pruneLoginAttempts: () => repo.deleteAttemptsBefore(db, new Date(now().getTime() - 24 * 3_600_000)),
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
