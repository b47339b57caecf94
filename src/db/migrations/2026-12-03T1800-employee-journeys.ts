import { sql, type Kysely } from 'kysely';

/**
 * Employee journeys: counts of people per group at each stage (applied, shortlisted, appointed;
 * the workforce, disciplinaries, leavers), each stage out of another, for the relative
 * likelihoods the Workforce Race Equality Standard reports, for any characteristic.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table employee_journeys (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      title text not null,
      reference_group text not null,
      groups text[] not null,
      file_name text not null,
      imported_at timestamptz not null default now(),
      imported_by_label text not null
    );
    create table employee_journey_counts (
      journey_id uuid not null references employee_journeys(id) on delete cascade,
      organisation_id uuid not null references organisations(id) on delete cascade,
      position integer not null,
      stage text not null,
      out_of text,
      grp text not null,
      count integer not null,
      primary key (journey_id, position, grp)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table employee_journey_counts; drop table employee_journeys;`.execute(db);
}
