import { sql, type Kysely } from 'kysely';

/**
 * Datasets of percentages as well as counts (the census quiz file publishes shares, not people),
 * so a figure may have decimals; and an upload may carry the metadata table that names a file's
 * coded column headings (the national TS008 file and its ts008_metadata.csv).
 *
 * A national Output Area table is half a million figures, and a foreign key is a check per row:
 * the two on dataset_figures were most of an import's time. Figures are only ever written in the
 * transaction that writes their dataset (communities.service.ts), so the keys are dropped and a
 * statement-level trigger removes a deleted dataset's figures, as the cascade did (an
 * organisation's deletion cascades to its datasets, and so on to their figures).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table datasets add column measure text not null default 'count';
    alter table dataset_figures alter column value type double precision;
    alter table dataset_uploads add column metadata text;
    alter table dataset_uploads add column metadata_file_name text;

    alter table dataset_figures drop constraint dataset_figures_dataset_id_fkey;
    alter table dataset_figures drop constraint dataset_figures_organisation_id_fkey;
    create function delete_figures_of_deleted_datasets() returns trigger language plpgsql as $$
    begin
      delete from dataset_figures where dataset_id in (select id from gone);
      return null;
    end $$;
    create trigger datasets_delete_figures after delete on datasets
      referencing old table as gone for each statement execute function delete_figures_of_deleted_datasets();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger datasets_delete_figures on datasets;
    drop function delete_figures_of_deleted_datasets();
    delete from dataset_figures where dataset_id not in (select id from datasets);
    alter table dataset_figures add foreign key (dataset_id) references datasets(id) on delete cascade;
    alter table dataset_figures add foreign key (organisation_id) references organisations(id) on delete cascade;
    alter table dataset_uploads drop column metadata_file_name;
    alter table dataset_uploads drop column metadata;
    delete from datasets where measure <> 'count';
    alter table dataset_figures alter column value type integer using round(value)::integer;
    alter table datasets drop column measure;
  `.execute(db);
}
