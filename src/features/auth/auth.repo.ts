import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { User } from '../../db/schema.ts';

export function createAuthRepo() {
  return {
    async findUserByEmail(db: Db, email: string): Promise<User | undefined> {
      return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
    },

    async findUserById(db: Db, id: string): Promise<User | undefined> {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async insertUser(
      db: Db,
      values: { email: string; displayName: string; passwordHash: string; isDemo: boolean; at: Date },
    ): Promise<User> {
      return db
        .insertInto('users')
        .values({
          email: values.email.toLowerCase(),
          display_name: values.displayName,
          password_hash: values.passwordHash,
          is_demo: values.isDemo,
          password_changed_at: values.at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    async setLanguage(db: Db, userId: string, language: string, at: Date): Promise<void> {
      await db.updateTable('users').set({ language, updated_at: at }).where('id', '=', userId).execute();
    },

    async setPassword(db: Db, userId: string, passwordHash: string, at: Date): Promise<void> {
      await db
        .updateTable('users')
        .set((eb) => ({
          password_hash: passwordHash,
          password_changed_at: at,
          updated_at: at,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', userId)
        .execute();
    },

    async organisationIdsOf(db: Db, userId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('memberships')
        .select('organisation_id')
        .where('user_id', '=', userId)
        .execute();
      return rows.map((row) => row.organisation_id);
    },

    async countDemoUsers(db: Db): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select(sql<number>`count(*)::int`.as('count'))
        .where('is_demo', '=', true)
        .executeTakeFirstOrThrow();
      return row.count;
    },

    /**
     * Checks both sign-in limits and, when they allow it, records this attempt as a claim — in one
     * step under transaction-scoped advisory locks (address first, then account and address, always
     * in that order so two claims cannot deadlock). Parallel attempts therefore queue here and each
     * sees the claims before it: forty at once for one account get five checks, not forty.
     */
    async claimAttempt<Refusal>(
      db: Db,
      attempt: { email: string; ip: string; at: Date; since: Date },
      refusal: (failures: { fromAddress: Date[]; forAccount: Date[] }) => Refusal | null,
    ): Promise<{ claimId: string } | { refused: Refusal }> {
      return db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(hashtext(${`sign-in address ${attempt.ip}`}))`.execute(trx);
        await sql`select pg_advisory_xact_lock(hashtext(${`sign-in ${attempt.email} ${attempt.ip}`}))`.execute(
          trx,
        );
        const fromAddress = await trx
          .selectFrom('login_attempts')
          .select('attempted_at')
          .where('ip', '=', attempt.ip)
          .where((eb) => eb.or([eb('succeeded', '=', false), eb('succeeded', 'is', null)]))
          .where('attempted_at', '>=', attempt.since)
          .orderBy('attempted_at')
          .execute();
        const forAccount = await trx
          .selectFrom('login_attempts')
          .select('attempted_at')
          .where('email', '=', attempt.email)
          .where('ip', '=', attempt.ip)
          .where((eb) => eb.or([eb('succeeded', '=', false), eb('succeeded', 'is', null)]))
          .where('attempted_at', '>=', attempt.since)
          .where((eb) =>
            eb(
              'attempted_at',
              '>',
              eb.fn.coalesce(
                eb
                  .selectFrom('login_attempts as success')
                  .select((inner) => inner.fn.max('success.attempted_at').as('last'))
                  .where('success.email', '=', attempt.email)
                  .where('success.ip', '=', attempt.ip)
                  .where('success.succeeded', '=', true),
                sql<Date>`'-infinity'::timestamptz`,
              ),
            ),
          )
          .orderBy('attempted_at')
          .execute();
        const refused = refusal({
          fromAddress: fromAddress.map((row) => row.attempted_at),
          forAccount: forAccount.map((row) => row.attempted_at),
        });
        if (refused) return { refused };
        const claim = await trx
          .insertInto('login_attempts')
          .values({ email: attempt.email, ip: attempt.ip, succeeded: null, attempted_at: attempt.at })
          .returning('id')
          .executeTakeFirstOrThrow();
        return { claimId: String(claim.id) };
      });
    },

    /** Settles a claim once the password has been checked. */
    async settleAttempt(db: Db, claimId: string, succeeded: boolean): Promise<void> {
      await db.updateTable('login_attempts').set({ succeeded }).where('id', '=', claimId).execute();
    },

    async deleteAttemptsBefore(db: Db, cutoff: Date): Promise<number> {
      const result = await db
        .deleteFrom('login_attempts')
        .where('attempted_at', '<', cutoff)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type AuthRepo = ReturnType<typeof createAuthRepo>;
