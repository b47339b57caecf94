import type { Db } from '../../db/connect.ts';

export function createRemindersRepo() {
  return {
    /** Claims today's digest for a person; false if it was already sent (by us or another server). */
    async claim(
      db: Db,
      organisationId: string,
      values: { userId: string; sentOn: string; channel: string; overdue: number; dueSoon: number; at: Date },
    ): Promise<boolean> {
      const result = await db
        .insertInto('reminder_log')
        .values({
          organisation_id: organisationId,
          user_id: values.userId,
          sent_on: values.sentOn,
          channel: values.channel,
          overdue: values.overdue,
          due_soon: values.dueSoon,
          sent_at: values.at,
        })
        .onConflict((conflict) => conflict.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    /** Gives the claim back when sending failed, so the next run tries again. */
    async release(db: Db, organisationId: string, userId: string, sentOn: string): Promise<void> {
      await db
        .deleteFrom('reminder_log')
        .where('organisation_id', '=', organisationId)
        .where('user_id', '=', userId)
        .where('sent_on', '=', sentOn)
        .execute();
    },
  };
}

export type RemindersRepo = ReturnType<typeof createRemindersRepo>;
