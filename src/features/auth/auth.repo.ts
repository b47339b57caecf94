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

    async recordLoginAttempt(db: Db, attempt: { email: string; ip: string; succeeded: boolean; at: Date }) {
      await db
        .insertInto('login_attempts')
        .values({
          email: attempt.email,
          ip: attempt.ip,
          succeeded: attempt.succeeded,
          attempted_at: attempt.at,
        })
        .execute();
    },

    /** Failures for an email since `since` and since its last successful sign-in, oldest first. */
    async recentFailuresForEmail(db: Db, email: string, since: Date): Promise<Date[]> {
      const rows = await db
        .selectFrom('login_attempts')
        .select('attempted_at')
        .where('email', '=', email)
        .where('succeeded', '=', false)
        .where('attempted_at', '>=', since)
        .where((eb) =>
          eb(
            'attempted_at',
            '>',
            eb.fn.coalesce(
              eb
                .selectFrom('login_attempts as success')
                .select((inner) => inner.fn.max('success.attempted_at').as('last'))
                .where('success.email', '=', email)
                .where('success.succeeded', '=', true),
              sql<Date>`'-infinity'::timestamptz`,
            ),
          ),
        )
        .orderBy('attempted_at')
        .execute();
      return rows.map((row) => row.attempted_at);
    },

    async recentFailuresForIp(db: Db, ip: string, since: Date): Promise<Date[]> {
      const rows = await db
        .selectFrom('login_attempts')
        .select('attempted_at')
        .where('ip', '=', ip)
        .where('succeeded', '=', false)
        .where('attempted_at', '>=', since)
        .orderBy('attempted_at')
        .execute();
      return rows.map((row) => row.attempted_at);
    },

    async deleteAttemptsBefore(db: Db, cutoff: Date): Promise<void> {
      await db.deleteFrom('login_attempts').where('attempted_at', '<', cutoff).execute();
    },
  };
}

export type AuthRepo = ReturnType<typeof createAuthRepo>;
