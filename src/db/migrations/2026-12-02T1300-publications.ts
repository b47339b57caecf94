import { sql, type Kysely } from 'kysely';

/**
 * What an organisation shows on its public page: one published plan version and its equality
 * objectives as they stood when it was put there (frozen, like the version itself). The newest
 * publication not taken down is the one shown; earlier ones stay as history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table publications (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      plan_version_id uuid not null references plan_versions(id) on delete cascade,
      objectives jsonb not null,
      published_at timestamptz not null,
      published_by_label text not null,
      withdrawn_at timestamptz,
      withdrawn_by_label text,
      sequence bigint generated always as identity
    );
    create index publications_current on publications (organisation_id, sequence desc) where withdrawn_at is null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table publications`.execute(db);
}
