import { sql, type Kysely } from 'kysely';

/**
 * The timers every server runs (reminders, clean-up, later roll-ups and retention) share one row
 * per job: whoever holds its lease runs it, so several servers never run a job twice at once, and
 * the row keeps the last run and its outcome for the admin page.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table job_runs (
      name text primary key,
      lease_holder text,
      lease_until timestamptz,
      last_started_at timestamptz,
      last_finished_at timestamptz,
      last_outcome text check (last_outcome in ('succeeded', 'failed')),
      last_message text,
      runs integer not null default 0,
      failures integer not null default 0
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table job_runs`.execute(db);
}
