import { sql, type Kysely } from 'kysely';

/**
 * The data catalogue: which equality data each service holds, who owns it, what it covers, where
 * it lives, on what legal basis and for how long, so "no central point for owning the data"
 * becomes a register anyone in the organisation can read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table data_catalogue (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      title text not null,
      service text not null,
      owner text not null,
      characteristics text[] not null default '{}',
      geography text,
      frequency text,
      location text,
      legal_basis text,
      retention text,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index data_catalogue_org on data_catalogue (organisation_id, service, title);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table data_catalogue`.execute(db);
}
