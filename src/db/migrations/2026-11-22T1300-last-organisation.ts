import { sql, type Kysely } from 'kysely';

// Frozen: remember where each person last worked, so signing in returns them there.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users add column last_organisation_id uuid references organisations(id) on delete set null;`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users drop column last_organisation_id;`.execute(db);
}
