import { sql, type Kysely } from 'kysely';

/**
 * An uploaded plan keeps its bytes until it is imported, so the person can have a text file read
 * again with another encoding or separator than the one Equalis detected.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table plan_imports add column source bytea`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table plan_imports drop column source`.execute(db);
}
