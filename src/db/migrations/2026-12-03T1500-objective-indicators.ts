import { sql, type Kysely } from 'kysely';

/**
 * An objective's indicators bound to data: a share of one category of a classification (people
 * disabled under the Equality Act, say) in one area, with the baseline and target the objective
 * sets. Its latest value is read from whichever current dataset holds that measure for that area,
 * so the golden thread reaches the figures.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table objective_indicators (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      objective_id uuid not null references objectives(id) on delete cascade,
      label text not null,
      area_code text not null,
      classification text not null,
      category text not null,
      baseline double precision,
      baseline_label text,
      target double precision not null,
      target_date text,
      created_at timestamptz not null default now()
    );
    create index objective_indicators_objective on objective_indicators (organisation_id, objective_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table objective_indicators;`.execute(db);
}
