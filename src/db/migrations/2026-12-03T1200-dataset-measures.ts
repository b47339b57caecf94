import { sql, type Kysely } from 'kysely';

/**
 * Datasets of percentages as well as counts (the census quiz file publishes shares, not people),
 * so a figure may have decimals; and an upload may carry the metadata table that names a file's
 * coded column headings (the national TS008 file and its ts008_metadata.csv).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table datasets add column measure text not null default 'count';
    alter table dataset_figures alter column value type double precision;
    alter table dataset_uploads add column metadata text;
    alter table dataset_uploads add column metadata_file_name text;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table dataset_uploads drop column metadata_file_name;
    alter table dataset_uploads drop column metadata;
    delete from datasets where measure <> 'count';
    alter table dataset_figures alter column value type integer using round(value)::integer;
    alter table datasets drop column measure;
  `.execute(db);
}
