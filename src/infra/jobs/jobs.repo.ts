import type { Db } from '../../db/connect.ts';

export interface JobRunRow {
  name: string;
  leaseHolder: string | null;
  leaseUntil: Date | null;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastOutcome: 'succeeded' | 'failed' | null;
  lastMessage: string | null;
  runs: number;
  failures: number;
}

export function createJobsRepo(db: Db) {
  return {
    /** Makes sure the job has its row (a new job, or a new database). */
    async ensure(name: string): Promise<void> {
      await db
        .insertInto('job_runs')
        .values({ name })
        .onConflict((conflict) => conflict.column('name').doNothing())
        .execute();
    },

    /**
     * Takes the job's lease for `holder` until `until`, if nobody holds it and the job is due
     * (never started, or started before `dueIfStartedBefore`). One statement, so two servers
     * asking at once cannot both win. True when this holder now runs the job.
     */
    async claim(
      name: string,
      holder: string,
      at: Date,
      until: Date,
      dueIfStartedBefore: Date,
    ): Promise<boolean> {
      const result = await db
        .updateTable('job_runs')
        .set({ lease_holder: holder, lease_until: until, last_started_at: at })
        .where('name', '=', name)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
        .where((eb) =>
          eb.or([eb('last_started_at', 'is', null), eb('last_started_at', '<=', dueIfStartedBefore)]),
        )
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Records how the run went and gives the lease back, if this holder still has it. */
    async finish(
      name: string,
      holder: string,
      outcome: { at: Date; succeeded: boolean; message: string },
    ): Promise<void> {
      await db
        .updateTable('job_runs')
        .set((eb) => ({
          lease_holder: null,
          lease_until: null,
          last_finished_at: outcome.at,
          last_outcome: outcome.succeeded ? 'succeeded' : 'failed',
          last_message: outcome.message,
          runs: eb('runs', '+', 1),
          failures: outcome.succeeded ? eb.ref('failures') : eb('failures', '+', 1),
        }))
        .where('name', '=', name)
        .where('lease_holder', '=', holder)
        .execute();
    },

    list: () =>
      db
        .selectFrom('job_runs')
        .select([
          'name',
          'lease_holder as leaseHolder',
          'lease_until as leaseUntil',
          'last_started_at as lastStartedAt',
          'last_finished_at as lastFinishedAt',
          'last_outcome as lastOutcome',
          'last_message as lastMessage',
          'runs',
          'failures',
        ])
        .execute() as Promise<JobRunRow[]>,
  };
}

export type JobsRepo = ReturnType<typeof createJobsRepo>;
