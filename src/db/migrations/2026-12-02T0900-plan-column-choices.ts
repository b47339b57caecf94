import { sql, type Kysely } from 'kysely';

/**
 * The column-mapping step of the plan import. An import keeps the neutral blocks its file was
 * read into, so the plan can be read again with the columns the person chose, without uploading
 * the file again; and an organisation's choices are remembered by heading for its next import.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table plan_imports add column blocks jsonb;

    create table plan_column_choices (
      organisation_id uuid not null references organisations(id) on delete cascade,
      heading text not null,
      choice text not null,
      updated_at timestamptz not null default now(),
      primary key (organisation_id, heading)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table plan_column_choices;
    alter table plan_imports drop column blocks;
  `.execute(db);
}
