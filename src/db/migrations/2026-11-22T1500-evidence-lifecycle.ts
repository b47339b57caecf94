import { sql, type Kysely } from 'kysely';

// Frozen: evidence can be withdrawn (kept, but no longer counted) and an upload can be replaced by
// a newer file while the earlier files stay downloadable.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table evidence_items
      add column withdrawn_at timestamptz,
      add column withdrawn_by_label text,
      add column withdrawn_reason text;

    create table evidence_earlier_files (
      organisation_id uuid not null references organisations(id) on delete cascade,
      evidence_id uuid not null references evidence_items(id) on delete cascade,
      file_id uuid not null references evidence_files(id) on delete restrict,
      replaced_at timestamptz not null default now(),
      replaced_by_label text not null,
      -- Orders replacements made within the same timestamp.
      sequence bigint generated always as identity,
      primary key (evidence_id, file_id)
    );
    create index evidence_earlier_files_organisation on evidence_earlier_files (organisation_id, evidence_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table evidence_earlier_files;
    alter table evidence_items
      drop column withdrawn_at,
      drop column withdrawn_by_label,
      drop column withdrawn_reason;
  `.execute(db);
}
