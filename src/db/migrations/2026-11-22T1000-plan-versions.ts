import { sql, type Kysely } from 'kysely';

// Frozen: published versions of the action plan, as of 2026-11-22.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table plan_versions (
      id uuid primary key default gen_random_uuid(),
      -- Publication order, even for two versions published in the same instant.
      sequence bigint generated always as identity,
      organisation_id uuid not null references organisations(id) on delete cascade,
      label text not null,
      published_at timestamptz not null default now(),
      published_by_label text not null,
      snapshot jsonb not null,
      unique (organisation_id, label)
    );
    create index plan_versions_recent on plan_versions (organisation_id, published_at desc, sequence desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table plan_versions;`.execute(db);
}
