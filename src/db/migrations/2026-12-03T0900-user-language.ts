import { sql, type Kysely } from 'kysely';

/** Each person may choose the language the service speaks to them in (English or Welsh). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users add column language text check (language in ('en', 'cy'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users drop column language`.execute(db);
}
