import { sql, type Kysely } from 'kysely';

/**
 * Knowing your communities: the areas an organisation works with (GSS codes as ONS writes them,
 * each with its level and the area it sits in), the datasets it has imported (where each came
 * from, under what licence, for what date), and their figures: the counts as imported and, at
 * import, rolled up to every area above, so pages read ready totals. Each organisation chooses the
 * disclosure control its published figures get (a preset from src/stats/disclosure.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table organisations add column disclosure_policy text not null default 'suppress-1-7-round-5';

    create table areas (
      organisation_id uuid not null references organisations(id) on delete cascade,
      code text not null,
      name text not null,
      level text not null,
      parent_code text,
      updated_at timestamptz not null default now(),
      primary key (organisation_id, code)
    );
    create index areas_parent on areas (organisation_id, parent_code);

    create table datasets (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      title text not null,
      table_code text,
      publisher text not null,
      source_address text,
      licence text not null,
      attribution text not null,
      reference_date text,
      release_date date,
      geography_level text not null,
      classification text not null,
      population text,
      file_name text not null,
      version integer not null,
      superseded_by uuid references datasets(id) on delete set null,
      imported_at timestamptz not null default now(),
      imported_by_label text not null
    );
    create index datasets_current on datasets (organisation_id, classification) where superseded_by is null;

    create table dataset_figures (
      dataset_id uuid not null references datasets(id) on delete cascade,
      organisation_id uuid not null references organisations(id) on delete cascade,
      area_code text not null,
      category text not null,
      value integer not null,
      rolled_up boolean not null,
      primary key (dataset_id, area_code, category)
    );

    -- A file between its preview and the person's confirming it (kept a day, then cleared).
    create table dataset_uploads (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      file_name text not null,
      content text not null,
      imported_at timestamptz,
      created_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table dataset_uploads;
    drop table dataset_figures;
    drop table datasets;
    drop table areas;
    alter table organisations drop column disclosure_policy;
  `.execute(db);
}
