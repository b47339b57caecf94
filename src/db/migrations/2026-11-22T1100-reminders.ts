import { sql, type Kysely } from 'kysely';

// Frozen: the record of reminder digests sent, as of 2026-11-22. The primary key makes sending
// idempotent: one digest per person per organisation per day, however many servers try.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table reminder_log (
      organisation_id uuid not null references organisations(id) on delete cascade,
      user_id uuid not null references users(id) on delete cascade,
      sent_on date not null,
      channel text not null,
      overdue integer not null,
      due_soon integer not null,
      sent_at timestamptz not null default now(),
      primary key (organisation_id, user_id, sent_on)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table reminder_log;`.execute(db);
}
